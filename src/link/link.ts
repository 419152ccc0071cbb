import { EventEmitter } from 'node:events';
import createDebug from 'debug';
import type { KitBoard, StripSpec } from '../board/kit-board.js';
import { type Rgb, SHOW_OP_BYTES, packWire, planFrame } from './plan.js';

const log = createDebug('neuron-kit:link');

/**
 * WS2812 show time per pixel: 24 bits × 1.25 µs (WS2812B datasheet, TH+TL = 1.25 µs ±600 ns). The
 * stock firmware bit-bangs them with interrupts off, so the UART can buffer only what its FIFO holds.
 */
export const SHOW_US_PER_PIXEL = 30;
/** 8N1 framing: 10 bit times per byte on the line. */
const BITS_PER_BYTE = 10;
/**
 * Extra zero bytes after the blackout: the firmware starts show() a little after the SHOW command's
 * last byte (it finishes the Firmata parse first), and the next command must not arrive before
 * interrupts are back on. Firmata's parser ignores stray data bytes (FirmataParser::parse).
 */
const PADDING_MARGIN_BYTES = 2;

/** Firmata REPORT_VERSION (firmata protocol v2.x): the firmware answers F9 major minor. */
const REPORT_VERSION = 0xf9;
/** Extra board time allowed for a fence answer beyond the frame's own line time, ms. */
const FENCE_SLACK_MS = 50;

export interface LinkOptions {
  /**
   * How far ahead of the board the line may be booked when the next frame is sent, ms. Small keeps
   * latency low: a new frame waits for at most the frame in flight. Default 1 ms.
   */
  maxAheadMs?: number;
}

/** What the link has done so far. */
export interface LinkStats {
  /** Frames the exhibit asked for. */
  framesRequested: number;
  /** Frames replaced by a newer one before they were sent (newest state wins). */
  framesDropped: number;
  /** Frames sent (a SHOW went out). */
  framesSent: number;
  /** Bytes written, padding included. */
  bytesSent: number;
  /** Board time the line was busy with our bytes, ms. */
  busyMs: number;
  /** Fences the firmware did not answer in time (the link then went on). */
  fenceTimeouts: number;
}

/** A frame the link sent: per strip that will relatch, the wire bytes the LEDs should receive. */
export interface SentFrame {
  seq: number;
  /** Board time the SHOW was written, ms. */
  atMs: number;
  strips: { pin: number; bytes: Uint8Array }[];
}

/**
 * Between "the frame the exhibit wants now" and the wire. `setFrame` may be called at any rate; the
 * link sends only what changed (or a fill when cheaper), one frame at a time, so nothing queues up
 * and the newest frame always wins. Two things keep every byte: after each SHOW it pads the line
 * with zero bytes for as long as the firmware's show() blacks out its receiver, and it ends the frame
 * with a fence (REPORT_VERSION) whose answer proves the firmware has parsed and shown it; the next
 * frame goes out only then. Without the fence a firmware that falls behind the line (its 64-byte
 * receive ring fills while it works) would start show() with padding still queued and lose bytes.
 *
 * Emits `'sent'` with a {@link SentFrame} for each frame sent.
 */
export class LedLink extends EventEmitter {
  readonly stats: LinkStats = { framesRequested: 0, framesDropped: 0, framesSent: 0, bytesSent: 0, busyMs: 0, fenceTimeouts: 0 };
  /** Line time per byte, µs. */
  readonly byteUs: number;
  private readonly maxAheadMs: number;
  private readonly shownWire: Uint32Array;
  private readonly wantedWire: Uint32Array;
  private wanted: Rgb[] | null = null;
  private pendingSince = false;
  private lineFreeAtMs = 0;
  private cancelPump: (() => void) | null = null;
  private closed = false;
  private awaitingFence = false;
  private cancelFence: (() => void) | null = null;
  private readonly stripOf: Int32Array;

  constructor(private readonly board: KitBoard, options: LinkOptions = {}) {
    super();
    this.byteUs = (BITS_PER_BYTE * 1e6) / board.transport.baudRate;
    this.maxAheadMs = options.maxAheadMs ?? 1;
    this.shownWire = new Uint32Array(board.pixelCount);
    this.wantedWire = new Uint32Array(board.pixelCount);
    this.stripOf = new Int32Array(board.pixelCount);
    let i = 0;
    board.strips.forEach((s, k) => {
      for (let j = 0; j < s.length; j++) this.stripOf[i++] = k;
    });
    board.io.on('reportversion', this.onFence);
  }

  private readonly onFence = (): void => {
    if (!this.awaitingFence) return;
    this.awaitingFence = false;
    this.cancelFence?.();
    this.cancelFence = null;
    this.pump();
  };

  /** Total pixels the link drives. */
  get pixelCount(): number {
    return this.shownWire.length;
  }

  /** Bytes booked on the line but not yet through it, at the board's current time. */
  get backlogBytes(): number {
    return Math.max(0, ((this.lineFreeAtMs - this.board.clock.now()) * 1000) / this.byteUs);
  }

  /**
   * The frame the exhibit wants now, all strips end to end. Replaces any frame not yet sent.
   * @throws RangeError when the length differs from the strips' total
   */
  setFrame(pixels: readonly Rgb[]): void {
    if (pixels.length !== this.pixelCount) throw new RangeError(`setFrame: got ${pixels.length} pixels, the strips have ${this.pixelCount}`);
    this.stats.framesRequested++;
    if (this.pendingSince) this.stats.framesDropped++;
    this.wanted = pixels.slice();
    this.pendingSince = true;
    this.pump();
  }

  /** Stops sending. */
  close(): void {
    this.closed = true;
    this.cancelPump?.();
    this.cancelFence?.();
    this.board.io.off('reportversion', this.onFence);
  }

  /** Sends the wanted frame if the line is free enough, else schedules itself for when it will be. */
  private pump(): void {
    if (this.closed || !this.wanted || this.awaitingFence) return;
    const now = this.board.clock.now();
    const readyAt = this.lineFreeAtMs - this.maxAheadMs;
    if (now < readyAt) {
      if (!this.cancelPump) {
        this.cancelPump = this.board.clock.schedule(readyAt, () => {
          this.cancelPump = null;
          this.pump();
        });
      }
      return;
    }
    const wanted = this.wanted;
    this.wanted = null;
    this.pendingSince = false;
    const gamma = this.board.gammaTable;
    for (let i = 0; i < wanted.length; i++) this.wantedWire[i] = packWire(wanted[i]!, gamma);
    const plan = planFrame(this.shownWire, this.wantedWire);
    if (plan.fillFrom === null && plan.pixels.length === 0) return;
    const strip = this.board.strip;
    const touched = new Set<number>();
    if (plan.fillFrom !== null) {
      strip.color(hex(wanted[plan.fillFrom]!));
      this.board.strips.forEach((_, k) => touched.add(k));
      this.shownWire.fill(this.wantedWire[plan.fillFrom]!);
    }
    for (const i of plan.pixels) {
      strip.pixel(i).color(hex(wanted[i]!));
      touched.add(this.stripOf[i]!);
      this.shownWire[i] = this.wantedWire[i]!;
    }
    strip.show();
    let blackoutPixels = 0;
    for (const k of touched) blackoutPixels += this.board.strips[k]!.length;
    const padding = Math.ceil((blackoutPixels * SHOW_US_PER_PIXEL) / this.byteUs) + PADDING_MARGIN_BYTES;
    const tail = new Uint8Array(padding + 1);
    tail[padding] = REPORT_VERSION;
    this.board.writeRaw(tail);
    const bytes = plan.bytes + SHOW_OP_BYTES + padding + 1;
    const busyMs = (bytes * this.byteUs) / 1000;
    this.lineFreeAtMs = Math.max(now, this.lineFreeAtMs) + busyMs;
    this.stats.bytesSent += bytes;
    this.stats.busyMs += busyMs;
    this.awaitingFence = true;
    this.cancelFence = this.board.clock.schedule(this.lineFreeAtMs + FENCE_SLACK_MS, () => {
      this.cancelFence = null;
      this.stats.fenceTimeouts++;
      log('fence not answered by %d ms', this.board.clock.now());
      this.onFence();
    });
    const seq = ++this.stats.framesSent;
    log('frame %d at %d ms: fill=%s, %d pixels, %d bytes', seq, now, plan.fillFrom !== null, plan.pixels.length, bytes);
    this.emit('sent', { seq, atMs: now, strips: [...touched].sort().map((k) => this.wireBytes(k)) } satisfies SentFrame);
  }

  /** The wire bytes strip `k` will receive, from the board's buffer as the link knows it. */
  private wireBytes(k: number): { pin: number; bytes: Uint8Array } {
    const spec: StripSpec = this.board.strips[k]!;
    let first = 0;
    for (let j = 0; j < k; j++) first += this.board.strips[j]!.length;
    const bytes = new Uint8Array(spec.length * 3);
    for (let i = 0; i < spec.length; i++) {
      const c = this.shownWire[first + i]!;
      const r = (c >> 16) & 0xff, g = (c >> 8) & 0xff, b = c & 0xff;
      const order = spec.colorOrder ?? 'GRB';
      const wire = order === 'GRB' ? [g, r, b] : order === 'RGB' ? [r, g, b] : [b, r, g];
      bytes.set(wire, i * 3);
    }
    return { pin: spec.pin, bytes };
  }
}

function hex(rgb: Rgb): string {
  const byte = (v: number) => Math.min(255, Math.max(0, Math.round(v))).toString(16).padStart(2, '0');
  return `#${byte(rgb[0])}${byte(rgb[1])}${byte(rgb[2])}`;
}
