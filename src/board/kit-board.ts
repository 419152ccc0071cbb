import createDebug from 'debug';
import type FirmataIo from 'firmata-io';
import type { Board as J5Board } from 'johnny-five';
import type { Strip } from 'node-pixel';
import type { BoardClock } from './clock.js';
import { BoardDisconnectedError, GarbledLineError } from './errors.js';
import { listenKitMessages } from './kit-messages.js';
import { forgetBoard } from './forget.js';
import type { BoardTransport } from './transport.js';
import type { AnalogListener, DigitalListener, KitPort } from './kit-port.js';
import { PixelWriter } from './pixel-writer.js';
import type { ColorOrder } from '../wire/index.js';

export { HEARTBEAT_MS } from './pixel-writer.js';

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
  colorOrder?: ColorOrder;
}

type FirmataInstance = InstanceType<typeof FirmataIo.Firmata>;

export { ledGammaTable } from '../wire/pixel.js';

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
export class KitBoard extends PixelWriter implements KitPort {
  readonly clock: BoardClock;
  /** Total pixels over all strips, numbered strip after strip. */
  readonly pixelCount: number;
  private stopListening: () => void = () => {};
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
    // The line went garbled (forget.ts): the connection is over, and the message says why.
    io.on('garbled', () => {
      if (this.closed) return;
      this.closed = true;
      log('garbled line: %s', transport.path);
      this.emit('disconnect', new GarbledLineError(transport.path));
    });
    io.on('error', (err: Error) => log('io error: %s', err.message));
    io.on('reportversion', () => this.fenceAnswered());
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

  protected send(bytes: Uint8Array): void {
    this.transport.stream.write(Buffer.from(bytes));
  }

  protected sendAndWait(bytes: Uint8Array): Promise<void> {
    return new Promise((resolve) => this.transport.stream.write(Buffer.from(bytes), () => resolve()));
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
      } else if (m.kind === 'frameShown') this.frameShown(m.seq);
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

  /** Closes the port. */
  async close(): Promise<void> {
    this.stopHeartbeat();
    this.stopListening();
    forgetBoard(this.io, this.j5);
    if (this.closed) return;
    this.closed = true;
    const stream = this.transport.stream;
    if (!stream.isOpen) return;
    await new Promise<void>((resolve) => stream.close(() => resolve()));
  }
}
