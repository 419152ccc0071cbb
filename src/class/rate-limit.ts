/**
 * A token bucket per sender: each may send `perSecond` messages a second on average and `burst` at once.
 * A kit publishing every spike of a neuron driven hard (a held button's 50 Hz train, a few neurons)
 * stays far below the default; a misbehaving client flooding the class is cut off and counted.
 */
export class RateLimit {
  private readonly buckets = new Map<string, { tokens: number; atMs: number }>();

  constructor(
    readonly perSecond = 200,
    readonly burst = 400,
    /** Most senders remembered: a flood of made-up kit names cannot grow the table without end. */
    readonly maxSenders = 1000,
  ) {}

  /** Whether `sender` may have one more message at wall time `nowMs`. */
  allow(sender: string, nowMs: number): boolean {
    let b = this.buckets.get(sender);
    if (!b) {
      if (this.buckets.size >= this.maxSenders) this.buckets.delete(this.buckets.keys().next().value!);
      b = { tokens: this.burst, atMs: nowMs };
      this.buckets.set(sender, b);
    }
    b.tokens = Math.min(this.burst, b.tokens + ((nowMs - b.atMs) / 1000) * this.perSecond);
    b.atMs = nowMs;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}
