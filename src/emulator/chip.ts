import { avrInstruction, type CPU } from 'avr8js';

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

  /** Executes instructions until board time reaches `untilCycle` (absolute, in cycles), or the chip halts. */
  runUntil(untilCycle: number): void {
    const cpu = this.cpu;
    const end = untilCycle - this.cycleOffset;
    while (cpu.cycles < end && !this.halted) {
      avrInstruction(cpu);
      cpu.tick();
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
