import { avrInstruction, type CPU } from 'avr8js';

/** SPM opcode (AVR instruction set manual, "SPM – Store Program Memory": 1001 0101 1110 1000). */
const SPM = 0x95e8;
/** SPMCSR, data address 0x57 (ATmega328P datasheet §27.9.1). Bits: SPMEN 0, PGERS 1, PGWRT 2. */
const SPMCSR = 0x57;
const SPMEN = 0x01;
const PGERS = 0x02;
const PGWRT = 0x04;
/** MCUSR, data address 0x54 (§10.9.1): EXTRF = external reset, which makes a bootloader wait for an upload. */
export const MCUSR = 0x54;
export const EXTRF = 0x02;
/** MCUSR WDRF (§10.9.1): the watchdog reset the chip; a bootloader then starts the application at once. */
export const WDRF = 0x08;
/** ATmega328P flash page: 64 words (§27.5, Table 27-9). */
const PAGE_WORDS = 64;

/**
 * Self-programming for an emulated ATmega328P: avr8js decodes SPM as a no-op, so a bootloader such
 * as optiboot could not write flash. This performs SPM's page-buffer fill, page erase and page write
 * on the program memory just before the instruction executes, finished at once (SPMEN reads back
 * clear, so `boot_spm_busy_wait()` returns). The program memory is the flash: it outlives resets.
 */
export class SelfProgramming {
  private readonly pageBuffer = new Uint16Array(PAGE_WORDS).fill(0xffff);

  constructor(readonly flash: Uint16Array) {}

  /** Executes instructions (performing SPM) until the CPU's own cycle count reaches `endCycle`, or `halted()` (a reset began). */
  run(cpu: CPU, endCycle: number, halted: () => boolean = () => false): void {
    const progMem = cpu.progMem;
    while (cpu.cycles < endCycle && !halted()) {
      if (progMem[cpu.pc] === SPM) this.spm(cpu);
      avrInstruction(cpu);
      cpu.tick();
    }
  }

  private spm(cpu: CPU): void {
    const op = cpu.data[SPMCSR]! & 0x1f;
    const z = cpu.data[30]! | (cpu.data[31]! << 8);
    const pageStart = (z >> 1) & ~(PAGE_WORDS - 1);
    if (op === SPMEN) {
      this.pageBuffer[(z >> 1) & (PAGE_WORDS - 1)] = cpu.data[0]! | (cpu.data[1]! << 8);
    } else if (op === (PGERS | SPMEN)) {
      this.flash.fill(0xffff, pageStart, pageStart + PAGE_WORDS);
    } else if (op === (PGWRT | SPMEN)) {
      // Writing can only clear bits (NOR flash); a bootloader erases first.
      for (let i = 0; i < PAGE_WORDS; i++) this.flash[pageStart + i]! &= this.pageBuffer[i]!;
      this.pageBuffer.fill(0xffff);
    }
    cpu.data[SPMCSR] = 0;
  }
}

/** First word of a bootloader image (flash-sized, unprogrammed words 0xFFFF): where BOOTRST starts the chip. */
export function bootStartWord(bootloader: Uint16Array): number {
  const at = bootloader.findIndex((w) => w !== 0xffff);
  if (at < 0) throw new RangeError('the bootloader image is empty');
  return at;
}
