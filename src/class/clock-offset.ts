/**
 * The offset of another kit's board clock from ours, estimated the way NTP does (Mills, RFC 5905 §8):
 * we send at t0 (our clock), the other kit stamps t1 (its clock) on receipt, we receive the answer at
 * t2 (our clock). If the way there and back take equally long, offset = t1 − (t0 + t2)/2, with an error
 * of at most half the round trip. Of the recent samples the one with the shortest round trip is the
 * most trustworthy (NTP's clock filter), so that is the one used.
 */
export class ClockOffset {
  /** How many recent samples the filter keeps (RFC 5905 keeps 8). */
  static readonly SAMPLES = 8;
  private readonly samples: Array<{ offsetMs: number; rttMs: number }> = [];

  /** Adds one exchange; a sample with a negative round trip (a clock that went backwards) is ignored. */
  add(t0Ms: number, t1Ms: number, t2Ms: number): void {
    const rttMs = t2Ms - t0Ms;
    if (!(rttMs >= 0) || !Number.isFinite(t1Ms)) return;
    this.samples.push({ offsetMs: t1Ms - (t0Ms + t2Ms) / 2, rttMs });
    if (this.samples.length > ClockOffset.SAMPLES) this.samples.shift();
  }

  /** The best sample: the other clock minus ours, ms, and its round trip; null before any exchange. */
  best(): { offsetMs: number; rttMs: number } | null {
    let best: { offsetMs: number; rttMs: number } | null = null;
    for (const s of this.samples) if (best === null || s.rttMs < best.rttMs) best = s;
    return best;
  }

  /** Our clock's time when the other clock read `remoteMs`, or null before any exchange. */
  toLocal(remoteMs: number): number | null {
    const best = this.best();
    return best === null ? null : remoteMs - best.offsetMs;
  }
}

/**
 * When a spike sent at `sentLocalMs` (the sender's board time, already on our clock) should reach its
 * target after an axonal delay: at send time + delay, or at once — and counted as late — if that moment
 * has passed by the time the message arrived (`nowMs`).
 */
export function deliveryTime(sentLocalMs: number, delayMs: number, nowMs: number): { atMs: number; late: boolean } {
  const dueMs = sentLocalMs + delayMs;
  return dueMs >= nowMs ? { atMs: dueMs, late: false } : { atMs: nowMs, late: true };
}
