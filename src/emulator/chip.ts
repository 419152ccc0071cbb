import { avrInstruction, type CPU } from 'avr8js';

/** SLEEP, 1001 0101 1000 1000 (AVR instruction set manual). */
const SLEEP_OPCODE = 0x9588;
/** SMCR, the sleep mode control register, in data space (ATmega328P and ATmega2560 alike), and its SE bit. */
const SMCR = 0x53;
const SMCR_SE = 0x01;
/** Cycles the core stays halted on waking, before the interrupt routine (ATmega328P datasheet §10.1). */
const WAKE_CYCLES = 4;

/** Listener for every pin edge: Arduino pin number, new level, absolute board cycle of the edge. */
export type PinEdgeListener = (pin: number, high: boolean, cycle: number) => void;

/**
 * What every emulated board shares: a CPU run in board cycles counted from first power-up (a reset
 * builds a fresh chip that continues the count from `cycleOffset`), and edge listeners on its pins.
 */
export abstract class Chip {
  abstract readonly cpu: CPU;
  private readonly edgeListeners: PinEdgeListener[] = [];
  /** Set when the chip went into reset (its watchdog fired): it executes nothing more. */
  private halted = false;

  constructor(readonly cycleOffset: number) {}

  /** True once {@link halt} was called: the chip is held in reset and a new one must take its place. */
  get isHalted(): boolean {
    return this.halted;
  }

  /** Stops the chip where it is (a reset began): {@link runUntil} returns at once from now on. */
  halt(): void {
    this.halted = true;
  }

  /** Board time in cycles since power-up. */
  get cycles(): number {
    return this.cycleOffset + this.cpu.cycles;
  }

  /**
   * Executes instructions until board time reaches `untilCycle` (absolute, in cycles), or the chip halts.
   *
   * SLEEP, which avr8js leaves a no-op, is carried out: with the sleep-enable bit of SMCR set the core
   * stops until an interrupt, while its timers and USART run on (idle mode: ATmega328P datasheet §10.1,
   * §10.2). A sleeping core executes nothing, so instead of stepping it the emulator jumps to the next
   * clock event (a timer's count, a byte arriving or leaving), which is where an interrupt can next
   * become pending: the same cycles, without emulating instructions that are not there.
   */
  runUntil(untilCycle: number): void {
    const cpu = this.cpu;
    const end = untilCycle - this.cycleOffset;
    const progMem = cpu.progMem;
    const data = cpu.data;
    while (cpu.cycles < end && !this.halted) {
      if (this.sleeping) {
        this.sleepUntil(end);
        continue;
      }
      const pc = cpu.pc;
      const sleep = progMem[pc] === SLEEP_OPCODE && (data[SMCR]! & SMCR_SE) !== 0;
      avrInstruction(cpu);
      cpu.tick();
      // An interrupt already pending is taken at once and the core does not sleep (its routine runs).
      if (sleep && cpu.pc === pc + 1) this.sleeping = true;
    }
  }

  /** True while the core sleeps (a SLEEP with sleep enabled, until an interrupt wakes it). */
  get isSleeping(): boolean {
    return this.sleeping;
  }

  private sleeping = false;
  private slept = 0;

  /** Board cycles the core has spent asleep since this chip powered up (a sleeping board's idle share). */
  get sleptCycles(): number {
    return this.slept;
  }

  /** Sleeps to the next clock event or `end`; wakes if that event led to an interrupt being taken. */
  private sleepUntil(end: number): void {
    const cpu = this.cpu;
    const pc = cpu.pc;
    // avr8js keeps its clock events in a list ordered by cycle; its head is the next one due.
    const next = (cpu as unknown as { nextClockEvent: { cycles: number } | null }).nextClockEvent;
    // An interrupt may already be pending and enabled (raised between slices: a pin change, a byte
    // from the host): tick() takes it at once.
    if (!(cpu.interruptsEnabled && cpu.nextInterrupt >= 0)) {
      const to = next ? Math.min(Math.max(next.cycles, cpu.cycles), end) : end;
      this.slept += to - cpu.cycles;
      cpu.cycles = to;
    }
    cpu.tick();
    if (cpu.pc !== pc) {
      // Woken: the core is halted four cycles before the interrupt routine runs (datasheet §10.1).
      this.sleeping = false;
      cpu.cycles += WAKE_CYCLES;
    }
  }

  /** Calls `listener` on every level change of an output pin, with the exact board cycle. */
  onPinEdge(listener: PinEdgeListener): void {
    this.edgeListeners.push(listener);
  }

  /** Reports the pins of one port whose bits changed: `pins[bit]` is the Arduino pin of each bit (-1: none). */
  protected portChanged(pins: readonly number[], value: number, oldValue: number): void {
    const changed = value ^ oldValue;
    if (changed === 0 || this.edgeListeners.length === 0) return;
    const cycle = this.cycles;
    for (let bit = 0; bit < 8; bit++) {
      const pin = pins[bit] ?? -1;
      if (pin < 0 || !(changed & (1 << bit))) continue;
      const high = (value & (1 << bit)) !== 0;
      for (const l of this.edgeListeners) l(pin, high, cycle);
    }
  }
}
