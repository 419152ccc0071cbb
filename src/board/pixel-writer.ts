import { EventEmitter } from 'node:events';
import type { BoardClock } from './clock.js';
import { type AxonConfig, encode } from '../wire/index.js';

/**
 * The host must speak at least this often, or the kit firmware falls back to its standalone idle
 * animation (after 3 s of silence, firmware/src/standalone.cpp): a heartbeat every second when idle.
 */
export const HEARTBEAT_MS = 1000;
/**
 * leaveSafe on the kit firmware waits at most this long for the shows already sent to be
 * acknowledged (at 500000 baud its 256-byte receive ring drains in 5 ms, a 300-pixel show takes 9 ms)…
 */
const SHOWS_BOUND_MS = 200;
/** …and for the off frame's own acknowledgement this long before it is sent once more. */
const OFF_ACK_MS = 200;
const SHOW = encode.pixelShow();
const isShow = (bytes: Uint8Array) => bytes.length === SHOW.length && bytes.every((b, i) => b === SHOW[i]);

/**
 * What every kit port writes the same way, whatever carries its bytes (firmata-io's stream in Node,
 * the kit-protocol codec on a Web Serial line): pixels, shows and their acknowledgements, the kit
 * firmware's standalone set-up and heartbeat, and leaving the LEDs safe.
 *
 * Emits `'frameShown'` (sequence number) after each show the kit firmware has put on the LEDs.
 */
export abstract class PixelWriter extends EventEmitter {
  abstract readonly clock: BoardClock;
  abstract readonly pixelCount: number;
  /** Nominal line rate, bits per second. */
  abstract get lineBaudRate(): number;
  /** The kit firmware's own identity (KIT_INFO), or null on other firmware. */
  kit: { name: string; version: string } | null = null;
  /** Set once the line is closed or gone. */
  protected closed = false;
  /** Set by leaveSafe: nothing more is written but the bytes that leave the LEDs safe. */
  private sealed = false;
  /** Shows written and not yet acknowledged (kit firmware); see leaveSafe. */
  private showsUnacknowledged = 0;
  private readonly shownWaiters: Array<(atMs: number) => void> = [];
  private cancelHeartbeat: (() => void) | null = null;

  /** Puts bytes on the line, after everything written before them. */
  protected abstract send(bytes: Uint8Array): void;
  /** Puts bytes on the line and resolves once the line has taken them. */
  protected abstract sendAndWait(bytes: Uint8Array): Promise<void>;
  abstract close(): Promise<void>;

  /** True on the kit firmware: every show is acknowledged (FRAME_SHOWN) and no byte is lost meanwhile. */
  get acknowledgesShows(): boolean {
    return this.kit !== null;
  }

  /** Writes bytes straight to the line, after everything written before them. */
  writeRaw(bytes: Uint8Array): void {
    if (this.sealed) return;
    if (isShow(bytes)) this.showsUnacknowledged++;
    this.send(bytes);
  }

  /** The kit firmware acknowledged a show (FRAME_SHOWN): subclasses call this for each. */
  protected frameShown(seq: number): void {
    this.showsUnacknowledged = Math.max(0, this.showsUnacknowledged - 1);
    this.shownWaiters.shift()?.(this.clock.now());
    this.emit('frameShown', seq);
  }

  /** The stock firmware answered the fence after a show (REPORT_VERSION): subclasses call this for each. */
  protected fenceAnswered(): void {
    if (!this.acknowledgesShows) this.shownWaiters.shift()?.(this.clock.now());
  }

  setPixel(index: number, wireRgb: number): void {
    this.writeRaw(encode.pixelSet(index, wireRgb));
  }

  fill(wireRgb: number): void {
    this.writeRaw(encode.pixelFill(wireRgb));
  }

  /**
   * Shows what was set. The kit firmware acknowledges the show itself (FRAME_SHOWN); on the stock
   * firmware the show's blackout is padded with zero bytes and a REPORT_VERSION fence follows, whose
   * answer resolves the promise. Do not mix with an `LedLink` on the same board: it counts these too.
   */
  show(): Promise<number> {
    return new Promise((resolve) => {
      this.shownWaiters.push(resolve);
      this.writeRaw(encode.pixelShow());
      if (!this.acknowledgesShows) this.writeRaw(encode.stockShowFence(this.pixelCount, this.lineBaudRate));
    });
  }

  configureStandalone(axons: readonly AxonConfig[], afterMs?: number): void {
    if (!this.kit) return;
    for (const axon of axons) this.writeRaw(encode.axon(axon));
    if (afterMs !== undefined) this.writeRaw(encode.standaloneAfter(afterMs));
  }

  /**
   * Keeps the kit firmware out of its standalone mode even when the exhibit has nothing to draw:
   * 4 bytes a second (the board cannot tell what else went out on the line).
   */
  startHeartbeat(): void {
    const beat = () => {
      if (this.closed) return;
      this.writeRaw(encode.heartbeat());
      this.cancelHeartbeat = this.clock.schedule(this.clock.now() + HEARTBEAT_MS, beat);
    };
    beat();
  }

  stopHeartbeat(): void {
    this.cancelHeartbeat?.();
    this.cancelHeartbeat = null;
  }

  /**
   * Leaves the LEDs safe when the host must go at once (an error nobody caught, the page closing):
   * nothing more the exhibit sends reaches the board, every pixel is turned off (never a frozen
   * frame), the heartbeat stops and the line closes; the kit firmware's standalone mode then takes
   * over after its silence timeout (3 s). Resolves once those bytes have left and the line is closed.
   */
  async leaveSafe(): Promise<void> {
    this.stopHeartbeat();
    // Whatever still runs above (the link, a frame in flight) must not light the strip again.
    this.sealed = true;
    if (this.closed) return;
    // Zero padding first on the stock firmware: a show sent just before may still be blacking out
    // its receiver (the kit firmware loses no byte during a show).
    const off = Uint8Array.from([...(this.kit ? [] : encode.stockShowFence(this.pixelCount, this.lineBaudRate)), ...encode.pixelFill(0), ...encode.pixelShow()]);
    if (!this.kit) {
      await this.sendAndWait(off);
      return this.close();
    }
    // Frames already sent may still be on their way to a board that fell behind, and bytes that
    // reach a full receive ring are lost: the off frame goes out once the board has shown what came
    // before it, and once more if its own acknowledgement does not come.
    for (let attempt = 0; attempt < 2; attempt++) {
      await this.showsAcknowledged(SHOWS_BOUND_MS);
      this.showsUnacknowledged++;
      await this.sendAndWait(off);
      if (await this.showsAcknowledged(OFF_ACK_MS)) break;
    }
    await this.close();
  }

  /** Resolves true once every show written has been acknowledged, false if that takes longer than `withinMs`. */
  private showsAcknowledged(withinMs: number): Promise<boolean> {
    if (this.showsUnacknowledged === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const shown = () => {
        if (this.showsUnacknowledged > 0) return;
        cancel();
        this.off('frameShown', shown);
        resolve(true);
      };
      const cancel = this.clock.schedule(this.clock.now() + withinMs, () => {
        this.off('frameShown', shown);
        resolve(false);
      });
      this.on('frameShown', shown);
    });
  }
}
