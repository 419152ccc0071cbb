import type { BoardClock } from '../board/clock.js';

interface Timer { atMs: number; fn: () => void; cancelled: boolean }

/**
 * A {@link BoardClock} on emulated time: timers fire between emulation slices, and the runner ends
 * a slice exactly at the next timer so callbacks see the time they asked for.
 */
export class EmulatedClock implements BoardClock {
  private timers: Timer[] = [];

  constructor(private readonly nowMs: () => number) {}

  now(): number {
    return this.nowMs();
  }

  schedule(atMs: number, fn: () => void): () => void {
    const timer: Timer = { atMs, fn, cancelled: false };
    let i = this.timers.length;
    while (i > 0 && this.timers[i - 1]!.atMs > atMs) i--;
    this.timers.splice(i, 0, timer);
    return () => {
      timer.cancelled = true;
    };
  }

  /** Board time of the next pending timer, or Infinity. */
  nextDueMs(): number {
    while (this.timers.length > 0 && this.timers[0]!.cancelled) this.timers.shift();
    return this.timers[0]?.atMs ?? Infinity;
  }

  /** Runs every timer due by now. */
  fireDue(): void {
    const now = this.nowMs();
    while (this.timers.length > 0 && this.timers[0]!.atMs <= now) {
      const timer = this.timers.shift()!;
      if (!timer.cancelled) timer.fn();
    }
  }
}
