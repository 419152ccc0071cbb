import { readFileSync } from 'node:fs';
import { AVRClock, AVREEPROM, AVRWatchdog, EEPROMMemoryBackend, clockConfig, eepromConfig, watchdogConfig } from 'avr8js';
import { EmulatedClock, UNO_CLOCK_HZ, UartTransport, Uno, Ws2812Decoder, parseIntelHex, type DecodedFrame } from '../../src/emulator/index.js';
import type { BoardTransport } from '../../src/board/index.js';
import { KIT_BAUD_RATE } from '../../src/firmware-info.js';
import { splitSysex } from '../../src/wire/index.js';

/** ATmega328P EEPROM size (datasheet §1 "Features": 1 KByte). */
const EEPROM_BYTES = 1024;

/**
 * The kit firmware on an emulated Uno with the host line at the kit's baud rate, plus what the
 * colleague's Uno leaves out and the kit uses: the watchdog and EEPROM (kept across resets, as on a chip).
 * Opening the transport resets the chip (DTR), without a bootloader delay.
 */
export class KitChip {
  readonly transport: UartTransport;
  readonly clock: EmulatedClock;
  /** EEPROM, kept across resets as on a chip. */
  readonly eepromBackend = new EEPROMMemoryBackend(EEPROM_BYTES);
  /** Every byte the firmware sent, in order. */
  readonly sent: number[] = [];
  readonly frames: DecodedFrame[] = [];
  uno!: Uno;
  watchdogResets = 0;
  private readonly program: Uint16Array;
  private readonly decoders = new Map<number, Ws2812Decoder>();
  /** Levels driven onto input pins; avr8js has no pull-ups, so D2–D13 start high as if pulled up. */
  private readonly inputs = new Map<number, boolean>([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13].map((p) => [p, true]));

  constructor(hexPath: string, baudRate = KIT_BAUD_RATE) {
    this.program = parseIntelHex(readFileSync(hexPath, 'utf8'));
    this.transport = new UartTransport(baudRate);
    this.clock = new EmulatedClock(() => this.nowMs);
    this.transport.onOpen = () => this.boot(this.uno.cycles);
    this.boot(0);
  }

  get nowMs(): number {
    return (this.uno.cycles * 1000) / UNO_CLOCK_HZ;
  }

  /** A board transport over this chip, for connectBoard. */
  boardTransport(): BoardTransport {
    return { kind: 'emulated', path: 'kit-chip', stream: this.transport, clock: this.clock, baudRate: this.transport.hostBaudRate };
  }

  lastFrame(pin: number): DecodedFrame | null {
    return this.decoders.get(pin)?.last ?? null;
  }

  /** Drives an input pin (a button to ground: low = pressed); persists across resets. */
  setInput(pin: number, high: boolean): void {
    this.inputs.set(pin, high);
    this.uno.setInput(pin, high);
  }

  write(bytes: readonly number[]): void {
    this.transport.write(Buffer.from(bytes));
  }

  /** Runs emulated time in 1 ms slices until `forMs` passed or `until` holds (throws after `withinMs`). */
  async run(opts: { forMs?: number; until?: () => boolean; withinMs?: number }): Promise<void> {
    const start = this.uno.cycles;
    const end = opts.forMs !== undefined ? start + (opts.forMs * UNO_CLOCK_HZ) / 1000 : Infinity;
    const limit = opts.until ? start + ((opts.withinMs ?? 10_000) * UNO_CLOCK_HZ) / 1000 : Infinity;
    const slice = UNO_CLOCK_HZ / 1000;
    for (;;) {
      if (opts.until?.()) return;
      if (this.uno.cycles >= end) return;
      if (this.uno.cycles >= limit) throw new Error(`condition not met within ${opts.withinMs ?? 10_000} ms of emulated time`);
      this.uno.runUntil(Math.min(this.uno.cycles + slice, end));
      for (const d of this.decoders.values()) d.flush(this.uno.cycles);
      this.transport.flushToHost();
      this.clock.fireDue();
      await new Promise((r) => setImmediate(r));
    }
  }

  /** Hangs the firmware: jumps to a tight loop in unused flash with interrupts on, as a lock-up would. */
  hang(): void {
    const at = 0x3e00 - 1; // last word below optiboot's 512 bytes; the kit image ends far below it
    this.uno.cpu.progMem[at] = 0xcfff; // rjmp .-2
    this.uno.cpu.pc = at;
  }

  private boot(atCycle: number): void {
    const uno = new Uno(this.program, atCycle);
    const clock = new AVRClock(uno.cpu, UNO_CLOCK_HZ, clockConfig);
    new AVRWatchdog(uno.cpu, watchdogConfig, clock);
    new AVREEPROM(uno.cpu, this.eepromBackend, eepromConfig);
    for (const [pin, high] of this.inputs) uno.setInput(pin, high);
    const reset = uno.cpu.reset.bind(uno.cpu);
    uno.cpu.reset = () => {
      this.watchdogResets++;
      reset();
    };
    uno.onPinEdge((pin, high, cycle) => {
      if (pin <= 1) return;
      let d = this.decoders.get(pin);
      if (!d) {
        d = new Ws2812Decoder(pin, UNO_CLOCK_HZ);
        d.onFrame((f) => this.frames.push(f));
        this.decoders.set(pin, d);
      }
      d.edge(high, cycle);
    });
    this.uno = uno;
    this.transport.attach(uno);
    // Record what the chip sends whether or not the host has the port open.
    const toHost = uno.usart.onByteTransmit!;
    uno.usart.onByteTransmit = (value) => {
      this.sent.push(value);
      toHost(value);
    };
  }
}

/** Splits a byte stream into sysex messages `[command, ...data]` (without F0/F7). */
export const sysexMessages = splitSysex;
