/**
 * Turns a growing count (fence timeouts, corrupted frames) into reports of how much it grew, at most
 * one per `intervalMs`, so a failing board is told about without flooding the log: growth in between
 * is added to the next report.
 */
export class CountWatch {
  private told = 0;
  private toldAtMs = -Infinity;

  constructor(private readonly intervalMs = 60_000) {}

  /** The count now (it only grows, until reset); returns the growth to report now, or null. */
  update(count: number, nowMs: number): number | null {
    if (count <= this.told || nowMs - this.toldAtMs < this.intervalMs) return null;
    const grown = count - this.told;
    this.told = count;
    this.toldAtMs = nowMs;
    return grown;
  }

  /** The count starts again from 0 (a new connection); the interval still holds. */
  reset(): void {
    this.told = 0;
  }
}
