import { EventEmitter } from 'node:events';
import createDebug from 'debug';
import { SHOW_US_PER_PIXEL, encode } from '../wire/index.js';
import { FILL_OP_BYTES, PIXEL_OP_BYTES, type Rgb, SHOW_OP_BYTES, packWire, planFrame, stripWireBytes } from './plan.js';
import type { PixelPort } from './port.js';
import { FILL_REPAIR, NORMAL, type PixelState, URGENT, pending, pickNext } from './order.js';

const log = createDebug('neuron-kit:link');

export { SHOW_US_PER_PIXEL };
/** 8N1 framing: 10 bit times per byte on the line. */
const BITS_PER_BYTE = 10;
/** Extra board time allowed for a fence answer beyond the line time booked before it, ms. */
const FENCE_SLACK_MS = 50;

export interface LinkOptions {
  /**
   * How far ahead of the board the line may be booked, ms. The link writes one command at a time,
   * so a pixel that becomes urgent waits for at most this plus the command on the wire. Default 1.
   */
  maxAheadMs?: number;
  /**
   * Line time of pixel commands after which a frame is shown even though more pixels changed, ms.
   * Bounds how long a change waits behind others when the exhibit changes faster than the line.
   * Default 8.
   */
  frameBudgetMs?: number;
  /**
   * Frames whose fence (a REPORT_VERSION after the frame) may be unanswered while the link starts
   * the next one. 0 waits for every answer before the next frame; 1 (default) overlaps frame n's
   * fence with frame n+1, so the round trip costs no line time but a firmware that falls a whole
   * frame behind the line still stops the link.
   */
  unansweredFences?: number;
}

/** Options for one {@link LedLink.setFrame} call. */
export interface FrameOptions {
  /**
   * Indexes of pixels a visitor is waiting for (a soma flash after a press): they are written before
   * every other change, and the frame is shown as soon as they are out. They stay urgent until sent.
   */
  urgent?: Iterable<number>;
}

/** What the link has done so far. */
export interface LinkStats {
  /** Frames the exhibit asked for. */
  framesRequested: number;
  /** Frames replaced by a newer one before all of their changes were written (newest state wins). */
  framesDropped: number;
  /** Frames sent (a SHOW went out). */
  framesSent: number;
  /** Pixel commands written. */
  pixelsSent: number;
  /** Fill commands written. */
  fillsSent: number;
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
 * Between "the frame the exhibit wants now" and the wire. `setFrame` may be called at any rate. The
 * link writes one command at a time, just before the line frees up (so nothing queues and the
 * newest state always wins): the changed pixel that matters most next (urgent ones first, then the
 * biggest or longest-waiting change; a fill when cheaper), and a SHOW once the urgent pixels are out,
 * the frame budget is spent, or nothing is left. After each SHOW it pads the line with zero bytes
 * for as long as the firmware's show() blacks out its receiver, then writes a fence
 * (REPORT_VERSION) whose answer proves the firmware keeps up with the line.
 *
 * Emits `'sent'` with a {@link SentFrame} for each frame sent.
 */
export class LedLink extends EventEmitter {
  readonly stats: LinkStats = { framesRequested: 0, framesDropped: 0, framesSent: 0, pixelsSent: 0, fillsSent: 0, bytesSent: 0, busyMs: 0, fenceTimeouts: 0 };
  /** Line time per byte, µs. */
  readonly byteUs: number;
  private readonly maxAheadMs: number;
  private readonly frameBudgetMs: number;
  private readonly unansweredFences: number;
  private readonly px: PixelState;
  private lineFreeAtMs = 0;
  private cancelPump: (() => void) | null = null;
  private closed = false;
  /** Board times by which each unanswered fence should have been answered, oldest first. */
  private readonly fenceDeadlinesMs: number[] = [];
  private cancelFenceTimer: (() => void) | null = null;
  /** The open frame: strips touched, line time of its commands, whether it holds an urgent pixel. */
  private readonly touched = new Set<number>();
  private frameOpsMs = 0;
  private frameHasUrgent = false;
  private readonly stripOf: Int32Array;
  /** True on the kit firmware: shows are acknowledged and no byte is lost during them. */
  private readonly ackedShows: boolean;
  private readonly stopFences: () => void;

  constructor(private readonly board: PixelPort, options: LinkOptions = {}) {
    super();
    this.byteUs = (BITS_PER_BYTE * 1e6) / board.lineBaudRate;
    this.maxAheadMs = options.maxAheadMs ?? 1;
    this.frameBudgetMs = options.frameBudgetMs ?? 8;
    // The kit firmware keeps what arrives during a show in its 256-byte receive ring (SERIAL_RX_BUFFER_SIZE
    // in firmware/build.sh): a frame can be larger, so the next frame waits for the acknowledgement.
    // The stock firmware's fence is only a safety net behind the padding: one may be outstanding.
    this.unansweredFences = options.unansweredFences ?? (board.acknowledgesShows ? 0 : 1);
    const n = board.pixelCount;
    this.px = { board: new Uint32Array(n), wanted: new Uint32Array(n), dirtySinceMs: new Float64Array(n).fill(NaN), klass: new Uint8Array(n) };
    this.stripOf = new Int32Array(n);
    let i = 0;
    board.strips.forEach((s, k) => {
      for (let j = 0; j < s.length; j++) this.stripOf[i++] = k;
    });
    // The kit firmware acknowledges every show once it is on the LEDs and keeps every byte meanwhile
    // (firmware/src/pixels.cpp): its FRAME_SHOWN is the fence, and no padding is needed. The stock
    // firmware gets padding and a REPORT_VERSION fence.
    this.ackedShows = board.acknowledgesShows;
    this.stopFences = board.onFence(this.onFence);
  }

  private readonly onFence = (): void => {
    this.fenceDeadlinesMs.shift();
    // Whatever was waiting for this answer may go on now, not at the old deadline.
    this.cancelFenceTimer?.();
    this.cancelFenceTimer = null;
    this.pump();
  };

  /** Total pixels the link drives. */
  get pixelCount(): number {
    return this.px.board.length;
  }

  /** Bytes booked on the line but not yet through it, at the board's current time. */
  get backlogBytes(): number {
    return Math.max(0, ((this.lineFreeAtMs - this.board.clock.now()) * 1000) / this.byteUs);
  }

  /**
   * The frame the exhibit wants now, all strips end to end. Replaces whatever of the previous frame
   * is not written yet.
   * @throws RangeError when the length differs from the strips' total, or an urgent index is outside it
   */
  setFrame(pixels: readonly Rgb[], options: FrameOptions = {}): void {
    const n = this.pixelCount;
    if (pixels.length !== n) throw new RangeError(`setFrame: got ${pixels.length} pixels, the strips have ${n}`);
    const { board, wanted, dirtySinceMs, klass } = this.px;
    const now = this.board.clock.now();
    this.stats.framesRequested++;
    let stillDirty = false;
    const gamma = this.board.gammaTable;
    for (let i = 0; i < n; i++) {
      if (board[i] !== wanted[i]) stillDirty = true;
      const w = packWire(pixels[i]!, gamma);
      wanted[i] = w;
      if (board[i] === w) {
        dirtySinceMs[i] = NaN;
        klass[i] = NORMAL;
      } else if (Number.isNaN(dirtySinceMs[i]!)) {
        dirtySinceMs[i] = now;
      }
    }
    if (stillDirty) this.stats.framesDropped++;
    for (const i of options.urgent ?? []) {
      if (!(i >= 0 && i < n)) throw new RangeError(`setFrame: urgent pixel ${i} is not in 0..${n - 1}`);
      if (board[i] !== wanted[i]) klass[i] = URGENT;
    }
    this.pump();
  }

  /** Stops sending. */
  close(): void {
    this.closed = true;
    this.cancelPump?.();
    this.cancelFenceTimer?.();
    this.stopFences();
  }

  /** Writes commands while the line is free enough; otherwise schedules itself for when it will be. */
  private pump(): void {
    if (this.closed) return;
    for (;;) {
      const now = this.board.clock.now();
      const readyAt = this.lineFreeAtMs - this.maxAheadMs;
      if (now < readyAt) return this.wakeAt(readyAt);
      const p = pending(this.px);
      if (this.touched.size > 0) {
        const urgentDone = this.frameHasUrgent && p.urgent === 0;
        const budgetSpent = this.frameOpsMs >= this.frameBudgetMs;
        if (p.dirty === 0 || (p.repair === 0 && (urgentDone || budgetSpent))) {
          this.show(now);
          continue;
        }
      } else {
        if (p.dirty === 0) return;
        // A visitor's pixels do not wait for the frame in flight to be acknowledged on the kit firmware:
        // it keeps every byte that arrives during a show (its 256-byte receive ring) and shows the
        // urgent frame right after, saving a round trip. Only urgent frames, a few commands each, do
        // this, so the ring cannot fill.
        const allowed = this.unansweredFences + (p.urgent > 0 && this.ackedShows ? 1 : 0);
        if (this.fenceDeadlinesMs.length > allowed) return this.awaitFence(now);
        // A fill (8 bytes) pays when most pixels change to one colour, e.g. a scene going dark; but
        // the pixels it gets wrong must follow before the SHOW, so it is used only when that fits the
        // frame budget, and never ahead of an urgent pixel.
        const plan = p.urgent === 0 ? planFrame(this.px.board, this.px.wanted) : null;
        if (plan && plan.fillFrom !== null && this.lineMs(plan.pixels.length * PIXEL_OP_BYTES) <= this.frameBudgetMs) {
          this.fill(plan.fillFrom, now);
          continue;
        }
      }
      this.pixel(pickNext(this.px, now), now);
    }
  }

  private wakeAt(atMs: number): void {
    if (this.cancelPump) return;
    this.cancelPump = this.board.clock.schedule(atMs, () => {
      this.cancelPump = null;
      this.pump();
    });
  }

  /** Blocked on the oldest fence: go on when it is answered, or when its deadline passes. */
  private awaitFence(now: number): void {
    if (this.cancelFenceTimer) return;
    const deadline = Math.max(now, this.fenceDeadlinesMs[0]!);
    this.cancelFenceTimer = this.board.clock.schedule(deadline, () => {
      this.cancelFenceTimer = null;
      if (this.fenceDeadlinesMs.length > 0 && this.fenceDeadlinesMs[0]! <= this.board.clock.now()) {
        this.fenceDeadlinesMs.shift();
        this.stats.fenceTimeouts++;
        log('fence not answered by %d ms', this.board.clock.now());
      }
      this.pump();
    });
  }

  private lineMs(bytes: number): number {
    return (bytes * this.byteUs) / 1000;
  }

  private book(bytes: number, now: number): number {
    const ms = this.lineMs(bytes);
    this.lineFreeAtMs = Math.max(now, this.lineFreeAtMs) + ms;
    this.stats.bytesSent += bytes;
    this.stats.busyMs += ms;
    return ms;
  }

  private pixel(i: number, now: number): void {
    const { board, wanted, dirtySinceMs, klass } = this.px;
    this.board.writeRaw(encode.pixelSet(i, wanted[i]!));
    if (klass[i] === URGENT) this.frameHasUrgent = true;
    board[i] = wanted[i]!;
    dirtySinceMs[i] = NaN;
    klass[i] = NORMAL;
    this.touched.add(this.stripOf[i]!);
    this.stats.pixelsSent++;
    this.frameOpsMs += this.book(PIXEL_OP_BYTES, now);
  }

  /** Fills every strip, then marks the pixels the fill got wrong to be repaired in this frame. */
  private fill(from: number, now: number): void {
    const { board, wanted, dirtySinceMs, klass } = this.px;
    const colour = wanted[from]!;
    this.board.writeRaw(encode.pixelFill(colour));
    board.fill(colour);
    for (let i = 0; i < board.length; i++) {
      if (wanted[i] === colour) {
        dirtySinceMs[i] = NaN;
        klass[i] = NORMAL;
      } else {
        if (Number.isNaN(dirtySinceMs[i]!)) dirtySinceMs[i] = now;
        if (klass[i] !== URGENT) klass[i] = FILL_REPAIR;
      }
    }
    this.board.strips.forEach((_, k) => this.touched.add(k));
    this.stats.fillsSent++;
    this.frameOpsMs += this.book(FILL_OP_BYTES, now);
  }

  /**
   * SHOW, then on the stock firmware zero padding for its blackout and a REPORT_VERSION fence (the kit
   * firmware's own acknowledgement is the fence there); then the frame is closed.
   */
  private show(now: number): void {
    this.board.writeRaw(encode.pixelShow());
    if (this.ackedShows) this.book(SHOW_OP_BYTES, now);
    else {
      let blackoutPixels = 0;
      for (const k of this.touched) blackoutPixels += this.board.strips[k]!.length;
      const tail = encode.stockShowFence(blackoutPixels, this.board.lineBaudRate);
      this.board.writeRaw(tail);
      this.book(SHOW_OP_BYTES + tail.length, now);
    }
    this.fenceDeadlinesMs.push(this.lineFreeAtMs + FENCE_SLACK_MS);
    const seq = ++this.stats.framesSent;
    const strips = [...this.touched].sort((a, b) => a - b).map((k) => stripWireBytes(this.px.board, this.board.strips, k));
    log('frame %d at %d ms: %d ms of commands, urgent=%s', seq, now, this.frameOpsMs.toFixed(1), this.frameHasUrgent);
    this.touched.clear();
    this.frameOpsMs = 0;
    this.frameHasUrgent = false;
    this.emit('sent', { seq, atMs: now, strips } satisfies SentFrame);
  }
}
