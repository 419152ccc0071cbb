/**
 * The board's time. On a real Arduino it is the host's monotonic clock; on the twin it is emulated
 * time, which may run faster or slower than the wall clock. Everything that reasons about board
 * time (debounce, link byte budget, latency) uses this and never `Date.now()` or `setTimeout`.
 */
export interface BoardClock {
  /** Board time in milliseconds. */
  now(): number;
  /**
   * Calls `fn` once board time has reached `atMs` (at once, asynchronously, if it already has).
   * Returns a function that cancels the call.
   */
  schedule(atMs: number, fn: () => void): () => void;
}

/** The host's monotonic clock, for real boards. */
export function wallClock(): BoardClock {
  const t0 = performance.now();
  const now = () => performance.now() - t0;
  return {
    now,
    schedule(atMs, fn) {
      const timer = setTimeout(fn, Math.max(0, atMs - now()));
      return () => clearTimeout(timer);
    },
  };
}
