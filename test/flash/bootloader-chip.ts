import { existsSync, readFileSync } from 'node:fs';
import { AVRClock, AVRWatchdog, clockConfig, watchdogConfig } from 'avr8js';
import { UNO_CLOCK_HZ, UartTransport, Uno, parseIntelHex } from '../../src/emulator/index.js';
import { EXTRF, MCUSR, SelfProgramming, bootStartWord } from '../../src/emulator/self-program.js';

/** Where Debian's arduino-core-avr keeps the real bootloaders. */
export const BOOTLOADERS = '/usr/share/arduino/hardware/arduino/avr/bootloaders';
export const OPTIBOOT_328 = `${BOOTLOADERS}/optiboot/optiboot_atmega328.hex`;
export const ATMEGABOOT_328 = `${BOOTLOADERS}/atmega/ATmegaBOOT_168_atmega328.hex`;

/**
 * Whether the real bootloaders are missing (arduino-core-avr not installed): suites against them then
 * skip, saying so; with NEURON_KIT_REQUIRE_ALL=1 (CI installs the package) it is a failure instead.
 */
export function bootloadersMissing(): boolean {
  const missing = !existsSync(OPTIBOOT_328) || !existsSync(ATMEGABOOT_328);
  if (missing && process.env.NEURON_KIT_REQUIRE_ALL) throw new Error('bootloader images not found under /usr/share/arduino (apt-get install -y arduino-core-avr)');
  return missing;
}

/**
 * A UART receiver samples each bit in the middle; beyond ~±4.5% total clock mismatch the stop bit is
 * misread (datasheet §20.8.3, Table 20-2 recommends ≤ ±2% per side at U2X). Bytes at a wrong rate are lost.
 */
const MAX_BAUD_ERROR = 0.045;

/**
 * An ATmega328P that boots into a real bootloader image (optiboot, ATmegaBOOT) with the BOOTRST fuse
 * programmed, and self-programs (src/emulator/self-program.ts performs the SPM avr8js leaves out).
 * The host side is a serialport 13 binding, so the uploader is tested through serialport exactly as
 * it runs against a USB port.
 */
export class BootloaderChip {
  /** Flash as 16-bit words; survives resets (that is the point). */
  readonly flash: Uint16Array;
  readonly bootStartWord: number;
  uno!: Uno;
  transport: UartTransport | null = null;
  /** Bytes from the host dropped because the rates did not match. */
  garbledBytes = 0;
  private readonly spm: SelfProgramming;

  constructor(bootloaderHex: string | null, appHex?: string) {
    this.flash = new Uint16Array(16 * 1024).fill(0xffff);
    if (appHex) this.flash.set(parseIntelHex(readFileSync(appHex, 'utf8')).subarray(0, 0x3800));
    if (bootloaderHex) {
      // optiboot's hex also carries a record past the flash (its version word at 0x8000, outside the
      // chip: avrdude ignores it); parse into a larger space and keep the 32 KB that exist.
      const boot = parseIntelHex(readFileSync(bootloaderHex, 'utf8'), 64 * 1024).subarray(0, this.flash.length);
      this.bootStartWord = bootStartWord(boot);
      this.flash.set(boot.subarray(this.bootStartWord), this.bootStartWord);
    } else {
      this.bootStartWord = 0; // no bootloader: reset runs the application
    }
    this.spm = new SelfProgramming(this.flash);
    this.powerOn(0);
  }

  get nowMs(): number {
    return (this.uno.cycles * 1000) / UNO_CLOCK_HZ;
  }

  /** Baud rate the chip's USART is set to now (UBRR0, U2X0). */
  chipBaud(): number {
    return this.uno.usart.baudRate;
  }

  /** The external reset (DTR through the auto-reset capacitor): the bootloader starts. */
  externalReset(): void {
    this.powerOn(this.uno.cycles);
    this.uno.cpu.data[MCUSR] = EXTRF;
  }

  /** Connects a host line at `baudRate`; replaces any previous one. */
  connect(baudRate: number): UartTransport {
    const transport = new UartTransport(baudRate);
    transport.isOpen = true;
    this.transport = transport;
    transport.attach(this.uno);
    return transport;
  }

  /** True when a byte sent at `hostBaud` arrives intact at the chip's current setting. */
  ratesMatch(hostBaud: number): boolean {
    const chip = this.chipBaud();
    return Math.abs(chip - hostBaud) / hostBaud <= MAX_BAUD_ERROR;
  }

  /** Runs `ms` of emulated time, performing SPM for the CPU. */
  run(ms: number): void {
    const cpu = this.uno.cpu;
    this.spm.run(cpu, cpu.cycles + (ms * UNO_CLOCK_HZ) / 1000);
  }

  private powerOn(atCycle: number): void {
    const uno = new Uno(this.flash, atCycle);
    const clock = new AVRClock(uno.cpu, UNO_CLOCK_HZ, clockConfig);
    new AVRWatchdog(uno.cpu, watchdogConfig, clock);
    // BOOTRST programmed (uno.bootloader.high_fuses=0xDE): every reset starts the bootloader.
    const reset = uno.cpu.reset.bind(uno.cpu);
    uno.cpu.reset = () => {
      reset();
      uno.cpu.pc = this.bootStartWord;
    };
    uno.cpu.pc = this.bootStartWord;
    for (let pin = 2; pin <= 13; pin++) uno.setInput(pin, true);
    this.uno = uno;
    if (this.transport) this.transport.attach(uno);
  }
}

/** Options serialport passes to a binding's open(). */
interface OpenOptions {
  path: string;
  baudRate: number;
}

/**
 * A serialport 13 binding whose one port is a {@link BootloaderChip}. Reads run the emulator until
 * the chip has sent something; DTR low→high resets the chip as an Arduino's auto-reset does.
 */
export class ChipBinding {
  /** Paths that fail to open, with the error a busy port gives on Linux. */
  busy = new Set<string>();
  constructor(private readonly chip: BootloaderChip) {}

  async list() {
    return [{ path: 'emulated', manufacturer: 'avr8js', vendorId: '2341', productId: '0043' }];
  }

  async open(options: OpenOptions) {
    if (this.busy.has(options.path)) {
      throw Object.assign(new Error(`Error: Resource temporarily unavailable Cannot lock port`), { code: 'EBUSY' });
    }
    return new ChipPort(this.chip, options);
  }
}

class ChipPort {
  isOpen = true;
  readonly openOptions: Required<OpenOptions> & Record<string, unknown>;
  private readonly transport: UartTransport;
  private toHost: number[] = [];
  private dtr = true;
  private closing = false;

  constructor(private readonly chip: BootloaderChip, options: OpenOptions) {
    this.openOptions = { ...options } as ChipPort['openOptions'];
    this.transport = chip.connect(options.baudRate);
    this.transport.on('data', (chunk: Buffer) => {
      // A byte at the wrong rate reaches the host as noise or not at all: drop it.
      if (this.chip.ratesMatch(options.baudRate)) this.toHost.push(...chunk);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    this.isOpen = false;
  }

  async read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }> {
    while (this.toHost.length === 0) {
      if (this.closing) throw Object.assign(new Error('port closed'), { canceled: true });
      this.chip.run(2);
      this.transport.flushToHost();
      await new Promise((r) => setImmediate(r));
    }
    const n = Math.min(length, this.toHost.length);
    for (let i = 0; i < n; i++) buffer[offset + i] = this.toHost[i]!;
    this.toHost.splice(0, n);
    return { buffer, bytesRead: n };
  }

  async write(buffer: Buffer): Promise<void> {
    if (this.chip.ratesMatch(this.openOptions.baudRate)) this.transport.write(Buffer.from(buffer));
    else this.chip.garbledBytes += buffer.length;
  }

  async update(options: { baudRate: number }): Promise<void> {
    this.openOptions.baudRate = options.baudRate;
  }

  async set(options: { dtr?: boolean }): Promise<void> {
    const dtr = options.dtr ?? true;
    // Asserting DTR drives the USB-serial chip's DTR# pin low; the auto-reset capacitor passes that
    // falling edge to RESET (Uno Rev3 schematic). avrdude's arduino programmer does the same off→on.
    if (!this.dtr && dtr) this.chip.externalReset();
    this.dtr = dtr;
  }

  async get() {
    return { cts: false, dsr: false, dcd: false };
  }

  async getBaudRate() {
    return { baudRate: this.openOptions.baudRate };
  }

  async flush(): Promise<void> {
    this.toHost = [];
  }

  async drain(): Promise<void> {}
}
