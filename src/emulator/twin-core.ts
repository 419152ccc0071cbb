import createDebug from 'debug';
import { EEPROMMemoryBackend } from 'avr8js';
import { EmulatedClock } from './clock.js';
import { EmulatedTimeoutError } from './errors.js';
import { EXTRF, MCUSR, SelfProgramming, WDRF, bootStartWord } from './self-program.js';
import type { UartLine } from './uart-line.js';
import { ATMEGA328P_EEPROM_BYTES, UNO_AVCC_VOLTS, UNO_CLOCK_HZ, Uno } from './uno.js';
import { type DecodedFrame, Ws2812Decoder } from './ws2812.js';

const log = createDebug('neuron-kit:emulator');

/** Takes `item` out of `list` if it is there (so a second call changes nothing). */
function remove<T>(list: T[], item: T): void {
  const at = list.indexOf(item);
  if (at >= 0) list.splice(at, 1);
}

/** How the emulator is paced: to the wall clock for people, or as fast as the host can run it. */
export type Pace = 'realtime' | 'fast';

/** How the twin is built, whatever holds its firmware image and serial line. */
export interface TwinCoreOptions {
  /**
   * Time the Uno's bootloader holds the chip after a reset before the firmware runs (optiboot waits
   * about 1 s for an upload after an external reset). Default 1000 ms.
   */
  bootloaderMs?: number;
  /** Emulated time per slice between host turns, in ms. Default 1 ms. */
  sliceMs?: number;
  /** Digital pins held high at power-up, standing in for the pull-ups of the kit's buttons. Default D2–D13. */
  pulledUpPins?: readonly number[];
  /**
   * A real bootloader image (optiboot, ATmegaBOOT; flash-sized as `parseIntelHex` gives it) in the
   * boot section, with BOOTRST programmed as on an Arduino: every reset starts it, it answers an
   * uploader over the serial line and writes the flash (SPM performed, see {@link SelfProgramming}),
   * and starts the application. Instead of `bootloaderMs`. Default none.
   */
  bootloader?: Uint16Array;
}

export interface RunOptions {
  /** Stop after this much emulated time, in ms. */
  forMs?: number;
  /** Stop as soon as this returns true (checked between slices). */
  until?: () => boolean;
  /** With `until`: fail with {@link EmulatedTimeoutError} if not true within this many emulated ms. Default 10,000. */
  withinMs?: number;
  /** Default 'fast'. */
  pace?: Pace;
}

const DEFAULT_PULLED_UP = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];

/**
 * Time a watchdog reset holds the chip before the firmware runs again: the reset time-out of the
 * Uno's clock fuses (low fuse 0xFF: low-power crystal, CKSEL0 = 1, SUT = 11 → 14 CK + 65 ms;
 * ATmega328P datasheet §9, "Low Power Crystal Oscillator", its start-up times table), counted from
 * the watchdog's reset pulse (§10.2, "Watchdog System Reset"). The Uno's optiboot starts the sketch at
 * once after any reset but an external one (optiboot.c: `if (!(ch & _BV(EXTRF))) appStart()`), so no
 * bootloader wait follows.
 */
export const WATCHDOG_RESET_TIMEOUT_MS = 65;

/**
 * Lets the host run between slices without the browsers' 4 ms clamp on nested timers: Node's
 * setImmediate, else a MessageChannel turn (a page or a Web Worker).
 */
const nextTurn: () => Promise<void> =
  typeof setImmediate === 'function'
    ? () => new Promise((resolve) => setImmediate(resolve))
    : (() => {
        const channel = new MessageChannel();
        const waiting: Array<() => void> = [];
        channel.port1.onmessage = () => waiting.shift()?.();
        return () =>
          new Promise<void>((resolve) => {
            waiting.push(resolve);
            channel.port2.postMessage(0);
          });
      })();

/**
 * The digital twin of an Arduino Uno without any file or stream: a firmware image on an emulated
 * ATmega328P, its serial line, a WS2812 decoder on every pin, and inputs a test or a visitor script
 * can drive. The chip is powered (and running its firmware) from construction; the host opening the
 * line (its `onOpen`) resets it. Pure, so the browser's Web Worker runs it as it is; {@link Twin}
 * reads the hex file and puts a Node stream on the line.
 */
export class TwinCore {
  readonly clock: EmulatedClock;
  private readonly program: Uint16Array;
  private readonly bootloaderCycles: number;
  private readonly sliceCycles: number;
  private uno: Uno;
  /** While the bootloader holds the chip: board cycle at which the firmware starts. */
  private holdUntilCycle = -1;
  private holdCycle = 0;
  private readonly inputs = new Map<number, boolean>();
  private readonly analogVolts: number[] = [];
  private readonly decoders = new Map<number, Ws2812Decoder>();
  private readonly frameListeners: ((frame: DecodedFrame) => void)[] = [];
  private readonly edgeListeners: ((pin: number, high: boolean, atMs: number) => void)[] = [];
  private running = false;
  private stopRequested = false;
  /** The chip's EEPROM: kept across resets, as on a real chip. */
  private readonly eeprom = new EEPROMMemoryBackend(ATMEGA328P_EEPROM_BYTES);
  /** Number of times the chip was reset by opening the port. */
  resets = 0;
  /** Number of times the chip's watchdog reset it (its firmware stopped feeding the watchdog). */
  watchdogResets = 0;
  /** With a real bootloader: its first word, and the chip's self-programming. */
  private readonly bootSection: { startWord: number; spm: SelfProgramming } | null;
  /** MCUSR flags the next chip boots with: what reset it (a bootloader reads them). */
  private resetFlags = 0;

  /**
   * @param program the firmware image as avr8js runs it (`parseIntelHex`)
   * @param line the serial line to the host; its baud rate is the host's
   */
  constructor(
    program: Uint16Array,
    private readonly line: UartLine,
    options: TwinCoreOptions = {},
  ) {
    if (options.bootloader) {
      const startWord = bootStartWord(options.bootloader);
      this.program = program.slice();
      this.program.set(options.bootloader.subarray(startWord, program.length), startWord);
      this.bootSection = { startWord, spm: new SelfProgramming(this.program) };
    } else {
      this.program = program;
      this.bootSection = null;
    }
    this.bootloaderCycles = Math.round(((options.bootloaderMs ?? 1000) * UNO_CLOCK_HZ) / 1000);
    this.sliceCycles = Math.round(((options.sliceMs ?? 1) * UNO_CLOCK_HZ) / 1000);
    for (const pin of options.pulledUpPins ?? DEFAULT_PULLED_UP) this.inputs.set(pin, true);
    this.clock = new EmulatedClock(() => this.nowMs);
    this.line.onOpen = () => this.reset();
    this.uno = this.boot(0);
  }

  /** Board cycles the chip has spent asleep since power-up, over every reset (its idle share). */
  get sleptCycles(): number {
    return this.sleptBefore + this.uno.sleptCycles;
  }

  private sleptBefore = 0;

  /** Board time since power-up, in cycles of the 16 MHz clock. */
  get cycles(): number {
    return this.holdUntilCycle >= 0 ? this.holdCycle : this.uno.cycles;
  }

  /** Board time since power-up, in ms. */
  get nowMs(): number {
    return (this.cycles * 1000) / UNO_CLOCK_HZ;
  }

  /** The flash as the chip runs it: the firmware image, and what a bootloader wrote since. */
  get flash(): Uint16Array {
    return this.program;
  }

  /** The chip as it runs now (a reset replaces it). */
  get chip(): Uno {
    return this.uno;
  }

  /** The last frame latched on `pin`, or null. */
  lastFrame(pin: number): DecodedFrame | null {
    return this.decoders.get(pin)?.last ?? null;
  }

  /** Calls `listener` for every frame latched on any pin, in board-time order. */
  onFrame(listener: (frame: DecodedFrame) => void): () => void {
    this.frameListeners.push(listener);
    return () => remove(this.frameListeners, listener);
  }

  /** Calls `listener` on every edge of a driven input (press/release), with its board time. Returns a function that stops it. */
  onInputEdge(listener: (pin: number, high: boolean, atMs: number) => void): () => void {
    this.edgeListeners.push(listener);
    return () => remove(this.edgeListeners, listener);
  }

  /** Drives a digital input pin; persists across resets. */
  setInput(pin: number, high: boolean): void {
    if (this.inputs.get(pin) === high) return;
    this.inputs.set(pin, high);
    this.uno.setInput(pin, high);
    for (const l of this.edgeListeners) l(pin, high, this.nowMs);
  }

  /** Presses a button wired from `pin` to ground: the pin goes low. */
  press(pin: number): void {
    this.setInput(pin, false);
  }

  /** Releases a button: the pull-up brings the pin back high. */
  release(pin: number): void {
    this.setInput(pin, true);
  }

  /** Sets analog input `channel` (0 = A0) to `fraction` (0..1) of AVCC, e.g. a potentiometer position. */
  setAnalog(channel: number, fraction: number): void {
    const volts = Math.min(1, Math.max(0, fraction)) * UNO_AVCC_VOLTS;
    this.uno.setAnalogVolts(channel, volts);
    this.analogVolts[channel] = volts;
  }

  /** Runs the emulator until `forMs` has elapsed or `until` holds. Only one run at a time. */
  async run(options: RunOptions): Promise<void> {
    if (this.running) throw new Error('the twin is already running: await the current run() or stop() it first');
    const start = this.cycles;
    const endCycle = options.forMs === undefined ? Infinity : start + (options.forMs * UNO_CLOCK_HZ) / 1000;
    const limitMs = options.withinMs ?? 10_000;
    const limitCycle = options.until ? start + (limitMs * UNO_CLOCK_HZ) / 1000 : Infinity;
    const realtime = options.pace === 'realtime';
    const wallStart = performance.now();
    this.running = true;
    this.stopRequested = false;
    try {
      while (!this.stopRequested) {
        if (options.until?.()) return;
        if (this.cycles >= endCycle) return;
        if (this.cycles >= limitCycle) throw new EmulatedTimeoutError('condition', limitMs);
        const timerCycle = (this.clock.nextDueMs() * UNO_CLOCK_HZ) / 1000;
        const sliceEnd = Math.min(this.cycles + this.sliceCycles, endCycle, limitCycle, Math.max(timerCycle, this.cycles + 1));
        this.step(Math.ceil(sliceEnd));
        if (realtime) {
          const aheadMs = ((this.cycles - start) * 1000) / UNO_CLOCK_HZ - (performance.now() - wallStart);
          if (aheadMs > 2) await new Promise((r) => setTimeout(r, aheadMs));
          else await nextTurn();
        } else {
          await nextTurn();
        }
      }
    } finally {
      this.running = false;
    }
  }

  /** Runs until {@link stop} is called. */
  start(pace: Pace = 'realtime'): Promise<void> {
    return this.run({ pace });
  }

  /** Ends a run started by {@link start} or {@link run} after its current slice. */
  stop(): void {
    this.stopRequested = true;
  }

  /** Executes one slice up to `untilCycle`, then hands the slice's output to the host side. */
  private step(untilCycle: number): void {
    if (this.holdUntilCycle >= 0) {
      const t = Math.min(untilCycle, this.holdUntilCycle);
      this.holdCycle = t;
      if (t < this.holdUntilCycle) return this.afterSlice();
      this.sleptBefore += this.uno.sleptCycles;
      this.uno = this.boot(this.holdUntilCycle);
      this.holdUntilCycle = -1;
    }
    const uno = this.uno;
    if (this.bootSection) this.bootSection.spm.run(uno.cpu, untilCycle - uno.cycleOffset, () => uno.isHalted);
    else uno.runUntil(untilCycle);
    if (uno.isHalted) this.holdInReset('watchdog', (WATCHDOG_RESET_TIMEOUT_MS * UNO_CLOCK_HZ) / 1000, WDRF);
    this.afterSlice();
  }

  private afterSlice(): void {
    const now = this.cycles;
    for (const d of this.decoders.values()) d.flush(now);
    this.line.flushToHost();
    this.clock.fireDue();
  }

  /**
   * The board's reset button (an external reset, as DTR's): the chip restarts, the bootloader holds
   * it, then the firmware starts from scratch while the host's line stays open.
   */
  pressReset(): void {
    this.externalReset('reset button');
  }

  /** DTR reset: the chip restarts, the bootloader holds it, then the firmware starts from scratch. */
  private reset(): void {
    this.resets++;
    this.externalReset('port opened');
  }

  /** An external reset (DTR, the reset button): into the real bootloader at once, or held for the stand-in's time. */
  private externalReset(cause: string): void {
    if (this.bootSection) {
      // The bootloader itself holds the chip: it starts at once and, seeing an external reset, waits for an uploader.
      for (const d of this.decoders.values()) d.flush(Infinity);
      this.resetFlags = EXTRF;
      this.holdUntilCycle = -1;
      this.sleptBefore += this.uno.sleptCycles;
      this.uno = this.boot(this.cycles);
      log('%s reset at %d ms into the bootloader', cause, this.nowMs);
      return;
    }
    this.holdInReset(cause, this.bootloaderCycles, EXTRF);
  }

  /**
   * Holds the chip in reset for `holdCycles`, then boots a fresh one with `flags` in MCUSR: every
   * register and peripheral in its reset state, the EEPROM and the driven inputs kept. Bytes from
   * the host meanwhile are lost.
   */
  private holdInReset(cause: string, holdCycles: number, flags: number): void {
    this.resetFlags = flags;
    this.holdCycle = this.cycles;
    this.holdUntilCycle = Math.round(this.holdCycle + holdCycles);
    this.line.attach(null);
    for (const d of this.decoders.values()) d.flush(Infinity);
    log('%s reset at %d ms; firmware starts at %d ms', cause, this.nowMs, (this.holdUntilCycle * 1000) / UNO_CLOCK_HZ);
  }

  private boot(atCycle: number): Uno {
    const uno = new Uno(this.program, atCycle, this.eeprom);
    // avr8js's watchdog resets only the CPU core (PC and SP), leaving every I/O register, the
    // interrupt flag and the peripherals as they were; a real watchdog reset puts the whole chip in
    // its reset state (datasheet §10.1: "all I/O Registers are set to their initial values"). So this
    // chip stops there, and step() holds the board for the reset time-out and boots a fresh one.
    uno.cpu.reset = () => {
      this.watchdogResets++;
      uno.halt();
    };
    uno.cpu.data[MCUSR] = this.resetFlags;
    // BOOTRST programmed (uno.bootloader.high_fuses=0xDE in boards.txt): every reset, the watchdog's
    // included, starts the bootloader, which starts the application unless the reset was external.
    if (this.bootSection) uno.cpu.pc = this.bootSection.startWord;
    for (const [pin, high] of this.inputs) uno.setInput(pin, high);
    this.analogVolts.forEach((v, ch) => uno.setAnalogVolts(ch, v));
    uno.onPinEdge((pin, high, cycle) => {
      if (pin <= 1) return; // D0/D1 are the serial line
      let decoder = this.decoders.get(pin);
      if (!decoder) {
        decoder = new Ws2812Decoder(pin, UNO_CLOCK_HZ);
        decoder.onFrame((frame) => {
          if (frame.bytes.length >= 3) for (const l of this.frameListeners) l(frame);
        });
        this.decoders.set(pin, decoder);
      }
      decoder.edge(high, cycle);
    });
    this.line.attach(uno);
    return uno;
  }
}
