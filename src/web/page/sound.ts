/** Clicks per batch at most: a 50 Hz train for one tick is 2; more than this is noise, not information. */
const MAX_CLICKS = 20;
/** How far apart in audio time the spikes of one batch may be spread, s (one tick ≈ 33 ms of wall time). */
const SPREAD_S = 0.06;

/**
 * A click per action potential through Web Audio, like an electrophysiology rig's speaker. Off until
 * a viewer turns it on (browsers only allow sound after a gesture, and a classroom may not want it).
 */
export class Clicker {
  private ctx: AudioContext | null = null;
  private click: AudioBuffer | null = null;
  enabled = false;

  toggle(): boolean {
    this.enabled = !this.enabled;
    if (this.enabled && !this.ctx) {
      this.ctx = new AudioContext();
      // 4 ms of noise with a fast exponential decay: a short, dry tick.
      const length = Math.round(this.ctx.sampleRate * 0.004);
      this.click = this.ctx.createBuffer(1, length, this.ctx.sampleRate);
      const data = this.click.getChannelData(0);
      for (let i = 0; i < length; i++) data[i] = (Math.random() * 2 - 1) * Math.exp(-i / (length / 5)) * 0.6;
    }
    if (this.ctx) void (this.enabled ? this.ctx.resume() : this.ctx.suspend());
    return this.enabled;
  }

  /** Plays the batch's spikes with their board-time spacing (compressed into one tick's worth of audio). */
  play(spikeTimesMs: readonly number[]): void {
    const ctx = this.ctx;
    if (!this.enabled || !ctx || !this.click || spikeTimesMs.length === 0) return;
    const first = spikeTimesMs[0]!;
    const t0 = ctx.currentTime + 0.01;
    for (const t of spikeTimesMs.slice(0, MAX_CLICKS)) {
      const src = ctx.createBufferSource();
      src.buffer = this.click;
      src.connect(ctx.destination);
      src.start(t0 + Math.min(SPREAD_S, (t - first) / 1000));
    }
  }
}
