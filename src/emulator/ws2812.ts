import createDebug from 'debug';

const log = createDebug('neuron-kit:emulator:ws2812');

/**
 * WS2812 timing (Worldsemi WS2812B datasheet, "Data transfer time"): a bit is a high pulse followed
 * by a low; T0H = 0.4 µs ±150 ns, T1H = 0.8 µs ±150 ns. The chip samples the line ~0.55 µs after the
 * rising edge, so a high pulse longer than that is a 1. On the stock firmware at 16 MHz the pulses are
 * 5 cycles ("0") and 14 cycles ("1").
 */
const ONE_THRESHOLD_US = 0.55;
/** Reset code: the line held low ≥ 50 µs latches the shifted-in data (datasheet "RES above 50 µs"). */
export const WS2812_LATCH_US = 50;

/** One frame as the LEDs latched it. */
export interface DecodedFrame {
  /** Arduino pin the strip's data line is on. */
  readonly pin: number;
  /**
   * What the strip shows after this frame, as wire bytes: 3 per pixel, in the strip's colour order
   * (GRB for WS2812). The bytes that arrived, then, for pixels that received none (a frame shorter than
   * the one before), the bytes they kept: a WS2812 latches only data it received.
   */
  readonly bytes: Uint8Array;
  /** Bytes that arrived in this frame (the rest of `bytes` was kept from before). */
  readonly receivedBytes: number;
  /** Board time (ms since power-up) when the frame latched: last falling edge + 50 µs. */
  readonly latchedAtMs: number;
  /** Sequence number per pin, from 1. */
  readonly seq: number;
}

/**
 * Decodes the WS2812 waveform on one pin from its edges, timed in board cycles. Frames are reported
 * once the line has been low for the latch time; {@link flush} detects that at the end of a slice.
 */
export class Ws2812Decoder {
  private readonly oneThresholdCycles: number;
  private readonly latchCycles: number;
  private bytes: number[] = [];
  private current = 0;
  private bitCount = 0;
  private riseCycle = -1;
  private lastFallCycle = -1;
  private seq = 0;
  private readonly listeners: ((frame: DecodedFrame) => void)[] = [];
  /** The most recent latched frame. */
  last: DecodedFrame | null = null;

  constructor(readonly pin: number, private readonly clockHz: number) {
    this.oneThresholdCycles = Math.round((ONE_THRESHOLD_US * clockHz) / 1e6);
    this.latchCycles = Math.round((WS2812_LATCH_US * clockHz) / 1e6);
  }

  onFrame(listener: (frame: DecodedFrame) => void): void {
    this.listeners.push(listener);
  }

  /** Feeds one edge of this pin. */
  edge(high: boolean, cycle: number): void {
    if (high) {
      if (this.lastFallCycle >= 0 && cycle - this.lastFallCycle >= this.latchCycles) this.latch();
      this.riseCycle = cycle;
      return;
    }
    if (this.riseCycle < 0) return; // a falling edge without a rise: the pin was just configured
    const highCycles = cycle - this.riseCycle;
    this.riseCycle = -1;
    this.lastFallCycle = cycle;
    this.current = (this.current << 1) | (highCycles > this.oneThresholdCycles ? 1 : 0);
    if (++this.bitCount === 8) {
      this.bytes.push(this.current & 0xff);
      this.current = 0;
      this.bitCount = 0;
    }
  }

  /** Latches a pending frame if the line has been low for the latch time by board cycle `nowCycle`. */
  flush(nowCycle: number): void {
    if (this.lastFallCycle >= 0 && this.riseCycle < 0 && nowCycle - this.lastFallCycle >= this.latchCycles) this.latch();
  }

  private latch(): void {
    const latchedAtMs = ((this.lastFallCycle + this.latchCycles) * 1000) / this.clockHz;
    if (this.bitCount !== 0) log('pin %d: %d stray bits before latch', this.pin, this.bitCount);
    const kept = this.last && this.last.bytes.length > this.bytes.length ? this.last.bytes.subarray(this.bytes.length) : new Uint8Array(0);
    const bytes = new Uint8Array(this.bytes.length + kept.length);
    bytes.set(this.bytes);
    bytes.set(kept, this.bytes.length);
    const frame: DecodedFrame = { pin: this.pin, bytes, receivedBytes: this.bytes.length, latchedAtMs, seq: ++this.seq };
    this.bytes = [];
    this.current = 0;
    this.bitCount = 0;
    this.lastFallCycle = -1;
    this.last = frame;
    for (const l of this.listeners) l(frame);
  }
}
