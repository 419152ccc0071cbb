import { EventEmitter } from 'node:events';
import createDebug from 'debug';
import type FirmataIo from 'firmata-io';
import type { Board as J5Board } from 'johnny-five';
import type { Strip } from 'node-pixel';
import type { BoardClock } from './clock.js';
import { type AxonConfig, encode } from '../kitproto/index.js';
import { BoardDisconnectedError } from './errors.js';
import { listenKitMessages } from './kit-messages.js';
import { forgetBoard } from './forget.js';
import type { BoardTransport } from './transport.js';
import type { AnalogListener, DigitalListener, KitPort } from './kit-port.js';

const log = createDebug('neuron-kit:board');

/** One WS2812 strip on a data pin. */
export interface StripSpec {
  /** Arduino pin of the strip's data line. */
  pin: number;
  /** Number of pixels. */
  length: number;
  /**
   * Wire colour order; default GRB (WS2812B). The stock firmware keeps one order for all strips,
   * the last one configured.
   */
  colorOrder?: 'GRB' | 'RGB' | 'BRG';
}

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


type FirmataInstance = InstanceType<typeof FirmataIo.Firmata>;

/**
 * The LEDs' gamma table, as node-pixel builds it (lib/pixel.js create_gamma_table):
 * round((i / 255)^gamma × 255) for each logical value i.
 */
export function ledGammaTable(gamma: number): number[] {
  return Array.from({ length: 256 }, (_, i) => Math.floor(Math.pow(i / 255, gamma) * 255 + 0.5));
}

/**
 * A connected board: the firmata-io instance, the johnny-five Board on it, the node-pixel Strip,
 * and the board's clock. Inputs are reported with board time so callers can debounce and measure
 * on the board's clock rather than johnny-five's wall-clock debounce.
 *
 * Emits `'disconnect'` with a {@link BoardDisconnectedError} when the transport goes away, and
 * `'reboot'` once when the board announces a start-up on the open line (see {@link KitPort}). With the
 * kit firmware also `'frameShown'` (sequence number) after each show is on the LEDs, and
 * `'standalone'` (true/false) when the board starts or ends its idle animation.
 */
export class KitBoard extends EventEmitter implements KitPort {
  readonly clock: BoardClock;
  /** Total pixels over all strips, numbered strip after strip. */
  readonly pixelCount: number;
  private closed = false;
  /** Set by leaveSafe: nothing more is written but the bytes that leave the LEDs safe. */
  private sealed = false;
  /** Shows written and not yet acknowledged (kit firmware); see leaveSafe. */
  private showsUnacknowledged = 0;
  /** The kit firmware's identity (KIT_INFO), or null on other firmware. */
  kit: { name: string; version: string } | null = null;
  private stopListening: () => void = () => {};
  /** Callers of show() waiting for the firmware's acknowledgement, oldest first. */
  private readonly shownWaiters: Array<(atMs: number) => void> = [];
  private cancelHeartbeat: (() => void) | null = null;
  private rebootSeen = false;

  constructor(
    readonly transport: BoardTransport,
    readonly io: FirmataInstance,
    readonly j5: J5Board,
    readonly strip: Strip,
    readonly strips: readonly StripSpec[],
    /** Logical channel value → wire value (node-pixel's gamma for the connection). */
    readonly gammaTable: readonly number[],
  ) {
    super();
    this.clock = transport.clock;
    this.pixelCount = strips.reduce((n, s) => n + s.length, 0);
    const gone = () => {
      if (this.closed) return;
      this.closed = true;
      log('disconnected: %s', transport.path);
      this.emit('disconnect', new BoardDisconnectedError(transport.path));
    };
    io.on('disconnect', gone);
    io.on('close', gone);
    io.on('error', (err: Error) => log('io error: %s', err.message));
    io.on('reportversion', () => {
      if (!this.acknowledgesShows) this.shownWaiters.shift()?.(this.clock.now());
    });
    // The firmware's name (REPORT_FIRMWARE) comes unasked only in its start-up banner (Firmata.begin),
    // stock or kit: the host asks for it once, before this board exists.
    io.on('queryfirmware', () => this.rebooted('its start-up banner'));
    j5.on('error', (e: unknown) => log('johnny-five error: %o', e));
  }

  /** The firmware the board reported (REPORT_FIRMWARE). */
  get firmware(): { name: string; version: string } {
    const v = this.io.firmware.version;
    return { name: this.io.firmware.name ?? '', version: v ? `${v.major}.${v.minor}` : '' };
  }

  /** Its serial port path, or "emulated". */
  get path(): string {
    return this.transport.path;
  }

  /** Nominal line rate, bits per second. */
  get lineBaudRate(): number {
    return this.transport.baudRate;
  }

  /** True on the kit firmware: every show is acknowledged (FRAME_SHOWN) and no byte is lost meanwhile. */
  get acknowledgesShows(): boolean {
    return this.kit !== null;
  }

  /**
   * Calls `listener` for each show acknowledgement on the kit firmware, or each REPORT_VERSION answer
   * (the link's fence) on stock firmware. Returns a function that stops it.
   */
  onFence(listener: () => void): () => void {
    if (this.acknowledgesShows) {
      this.on('frameShown', listener);
      return () => this.off('frameShown', listener);
    }
    this.io.on('reportversion', listener);
    return () => this.io.off('reportversion', listener);
  }

  /** Writes bytes straight to the line, after everything written before them. */
  writeRaw(bytes: Uint8Array): void {
    if (this.sealed) return;
    if (isShow(bytes)) this.showsUnacknowledged++;
    this.transport.stream.write(Buffer.from(bytes));
  }

  /**
   * Handles the kit firmware's messages: its identity (sent unasked at start-up), frame-shown
   * acknowledgements and standalone-mode changes. Called by connectBoard before the port opens.
   */
  listenForKit(identity: { name: string; version: string } | null): void {
    this.kit = identity;
    this.stopListening = listenKitMessages(this.io, (m) => {
      if (m.kind === 'kitInfo') {
        this.kit = { name: m.name, version: `${m.major}.${m.minor}` };
        // Never asked for after connecting: the kit firmware sends it unasked only when it starts.
        this.rebooted('its identity, sent at start-up');
      } else if (m.kind === 'frameShown') {
        this.showsUnacknowledged = Math.max(0, this.showsUnacknowledged - 1);
        this.shownWaiters.shift()?.(this.clock.now());
        this.emit('frameShown', m.seq);
      }
      else if (m.kind === 'standalone') this.emit('standalone', m.active);
    });
  }

  /**
   * The board started again under the open line (its watchdog, a brown-out, its reset button): what
   * the host set up on it — strips, input modes, the frame on the LEDs — is gone. Said once.
   */
  private rebooted(how: string): void {
    if (this.closed || this.rebootSeen) return;
    this.rebootSeen = true;
    log('the board restarted (%s) at %d ms: %s', how, this.clock.now(), this.transport.path);
    this.emit('reboot');
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
   * 4 bytes a second (node-pixel writes to the port itself, so the board cannot tell what else went out).
   */
  startHeartbeat(): void {
    const beat = () => {
      if (this.closed) return;
      this.writeRaw(encode.heartbeat());
      this.cancelHeartbeat = this.clock.schedule(this.clock.now() + HEARTBEAT_MS, beat);
    };
    beat();
  }

  /**
   * Puts every button pin in input mode before any of them reports: Firmata reports whole ports, so a
   * pin still in its power-up OUTPUT LOW state would otherwise be reported once as a pressed button.
   */
  prepareInputs(pins: readonly number[], pullUp = true): void {
    for (const pin of pins) this.io.pinMode(pin, pullUp ? this.io.MODES.PULLUP! : this.io.MODES.INPUT!);
  }

  /**
   * Reports a digital input's level on change (Firmata REPORT_DIGITAL), stamped with board time.
   * @param pullUp use the firmware's INPUT_PULLUP mode (a button to ground); default true
   */
  watchDigital(pin: number, listener: DigitalListener, pullUp = true): void {
    this.io.pinMode(pin, pullUp ? this.io.MODES.PULLUP! : this.io.MODES.INPUT!);
    this.io.digitalRead(pin, (value) => listener(value ? 1 : 0, this.clock.now()));
  }

  /**
   * Reports an analog input every sampling interval (Firmata default 19 ms), stamped with board time.
   * @param channel 0 = A0
   */
  watchAnalog(channel: number, listener: AnalogListener): void {
    // firmata-io's pinMode takes the analog channel for ANALOG mode and maps it to the pin itself.
    this.io.pinMode(channel, this.io.MODES.ANALOG!);
    this.io.analogRead(channel, (value) => listener(value, this.clock.now()));
  }

  /** Stops the heartbeat: the kit firmware takes over with its standalone mode after 3 s of silence. */
  stopHeartbeat(): void {
    this.cancelHeartbeat?.();
    this.cancelHeartbeat = null;
  }

  /**
   * Leaves the LEDs safe when the host must go at once (an error nobody caught): nothing more the
   * exhibit sends reaches the board, every pixel is turned off (never a frozen frame), the heartbeat
   * stops and the port closes; the kit firmware's standalone mode then takes over after its silence
   * timeout (3 s). Resolves once those bytes have left and the port is closed.
   */
  async leaveSafe(): Promise<void> {
    this.stopHeartbeat();
    // Whatever still runs above (the link, a frame in flight) must not light the strip again.
    this.sealed = true;
    if (this.closed) return;
    // Zero padding first on the stock firmware: a show sent just before may still be blacking out
    // its receiver (the kit firmware loses no byte during a show).
    const off = Buffer.concat([...(this.kit ? [] : [encode.stockShowFence(this.pixelCount, this.lineBaudRate)]), encode.pixelFill(0), encode.pixelShow()]);
    const write = () => new Promise<void>((resolve) => this.transport.stream.write(off, () => resolve()));
    if (!this.kit) {
      await write();
      return this.close();
    }
    // Frames the link sent may still be on their way to a board that fell behind, and bytes that
    // reach a full receive ring are lost: the off frame goes out once the board has shown what came
    // before it, and once more if its own acknowledgement does not come.
    for (let attempt = 0; attempt < 2; attempt++) {
      await this.showsAcknowledged(SHOWS_BOUND_MS);
      this.showsUnacknowledged++;
      await write();
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

  /** Closes the port. */
  async close(): Promise<void> {
    this.cancelHeartbeat?.();
    this.stopListening();
    forgetBoard(this.io, this.j5);
    if (this.closed) return;
    this.closed = true;
    const stream = this.transport.stream;
    if (!stream.isOpen) return;
    await new Promise<void>((resolve) => stream.close(() => resolve()));
  }
}
