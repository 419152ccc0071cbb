import createDebug from 'debug';
import type { BoardClock } from '../clock.js';
import { BoardDisconnectedError, BoardTimeoutError, WrongFirmwareError } from '../errors.js';
import type { StripSpec } from '../kit-board.js';
import type { AnalogListener, DigitalListener, KitPort } from '../kit-port.js';
import { PixelWriter } from '../pixel-writer.js';
import { KIT_FIRMATA_NAME, decodeSysex, encode } from '../../wire/index.js';
import { GAMMA_TABLE } from '../../wire/index.js';
import { FirmataReader, PIN_MODE, REPORT_ANALOG, REPORT_DIGITAL, SET_PIN_MODE } from './firmata-reader.js';

const log = createDebug('neuron-kit:board-port');

/**
 * A serial line to a board with nothing above it: the browser's Web Serial port, or the twin's UART
 * in a Web Worker. Opening it resets an Uno (DTR), as a real port does.
 */
export interface ByteLine {
  /** Where the board is, for reports: "emulated", or what the browser tells of a serial port. */
  readonly path: string;
  /** Nominal line rate, bits per second. */
  readonly baudRate: number;
  open(): Promise<void>;
  write(bytes: Uint8Array): void;
  /** Bytes from the board, in order; `closed` once when the line goes away (unplugged, or closed). */
  listen(handlers: { data(bytes: Uint8Array): void; closed(): void }): void;
  close(): Promise<void>;
}

/** A board that says nothing after its reset is asked again this often (board ms): one already running gives no banner. */
const ASK_AGAIN_MS = 1500;
/** How long the kit firmware's identity (KIT_INFO, sent right after the banner) may take, board ms. */
const KIT_INFO_WAIT_MS = 300;
/** Firmata pins per digital port. */
const PINS_PER_PORT = 8;

export interface CodecPortOptions {
  strips: readonly StripSpec[];
  clock: BoardClock;
  /** Board time allowed from opening the line to a ready board, ms. Default 10,000. */
  readyTimeoutMs?: number;
  /** Digital pin of A0 (Uno and Nano: 14), where Firmata's SET_PIN_MODE names an analog input. */
  firstAnalogPin?: number;
}

/**
 * The kit's {@link KitPort} spoken with the kit-protocol codec and a few Firmata messages, over any
 * {@link ByteLine}: what the browser uses where the Node host uses firmata-io → johnny-five →
 * node-pixel. Same wire, same firmware, same runtime above it; only the client library differs.
 *
 * Emits `'disconnect'` ({@link BoardDisconnectedError}) when the line goes away, `'frameShown'` on
 * each acknowledged show and `'standalone'` when the board starts or ends its idle animation.
 */
export class CodecKitPort extends PixelWriter implements KitPort {
  readonly clock: BoardClock;
  readonly pixelCount: number;
  readonly gammaTable: readonly number[] = Array.from(GAMMA_TABLE);
  firmware = { name: '', version: '' };
  private readonly reader: FirmataReader;
  private readonly digitalListeners = new Map<number, DigitalListener[]>();
  private readonly analogListeners = new Map<number, AnalogListener[]>();
  private readonly reportedPorts = new Set<number>();
  private readonly firstAnalogPin: number;

  constructor(
    readonly line: ByteLine,
    readonly strips: readonly StripSpec[],
    clock: BoardClock,
    firstAnalogPin = 14,
  ) {
    super();
    this.clock = clock;
    this.firstAnalogPin = firstAnalogPin;
    this.pixelCount = strips.reduce((n, s) => n + s.length, 0);
    this.reader = new FirmataReader({
      sysex: (m) => this.onSysex(m),
      version: () => {
        this.emit('version');
        this.fenceAnswered();
      },
      digital: (port, levels) => {
        for (let bit = 0; bit < PINS_PER_PORT; bit++) {
          const pin = port * PINS_PER_PORT + bit;
          for (const l of this.digitalListeners.get(pin) ?? []) l(((levels >> bit) & 1) as 0 | 1, this.clock.now());
        }
      },
      analog: (channel, value) => {
        for (const l of this.analogListeners.get(channel) ?? []) l(value, this.clock.now());
      },
    });
  }

  get path(): string {
    return this.line.path;
  }

  get lineBaudRate(): number {
    return this.line.baudRate;
  }

  /** Feeds bytes from the board (the line's `data`). */
  receive(bytes: Uint8Array): void {
    this.reader.push(bytes);
  }

  /** The line went away: every caller learns it once. */
  lineClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopHeartbeat();
    log('disconnected: %s', this.path);
    this.emit('disconnect', new BoardDisconnectedError(this.path));
  }

  private onSysex(message: number[]): void {
    const m = decodeSysex(message);
    if (m.kind === 'firmware') {
      this.firmware = { name: m.name, version: m.version };
      this.emit('firmware');
    } else if (m.kind === 'kitInfo') {
      this.kit = { name: m.name, version: `${m.major}.${m.minor}` };
      this.emit('kitInfo');
    } else if (m.kind === 'frameShown') this.frameShown(m.seq);
    else if (m.kind === 'standalone') this.emit('standalone', m.active);
  }

  protected send(bytes: Uint8Array): void {
    if (!this.closed) this.line.write(bytes);
  }

  /** The line's close waits for the bytes already handed to it. */
  protected sendAndWait(bytes: Uint8Array): Promise<void> {
    this.send(bytes);
    return Promise.resolve();
  }

  onFence(listener: () => void): () => void {
    const event = this.acknowledgesShows ? 'frameShown' : 'version';
    this.on(event, listener);
    return () => this.off(event, listener);
  }

  private pinMode(pin: number, mode: number): void {
    this.writeRaw(Uint8Array.of(SET_PIN_MODE, pin, mode));
  }

  prepareInputs(pins: readonly number[], pullUp = true): void {
    for (const pin of pins) this.pinMode(pin, pullUp ? PIN_MODE.pullUp : PIN_MODE.input);
  }

  watchDigital(pin: number, listener: DigitalListener, pullUp = true): void {
    this.pinMode(pin, pullUp ? PIN_MODE.pullUp : PIN_MODE.input);
    const list = this.digitalListeners.get(pin) ?? [];
    list.push(listener);
    this.digitalListeners.set(pin, list);
    const port = Math.floor(pin / PINS_PER_PORT);
    // Firmata reports whole ports: one REPORT_DIGITAL per port, answered at once with its levels.
    if (!this.reportedPorts.has(port)) {
      this.reportedPorts.add(port);
      this.writeRaw(Uint8Array.of(REPORT_DIGITAL | port, 1));
    }
  }

  watchAnalog(channel: number, listener: AnalogListener): void {
    this.pinMode(this.firstAnalogPin + channel, PIN_MODE.analog);
    const list = this.analogListeners.get(channel) ?? [];
    list.push(listener);
    this.analogListeners.set(channel, list);
    this.writeRaw(Uint8Array.of(REPORT_ANALOG | channel, 1));
  }

  async close(): Promise<void> {
    this.stopHeartbeat();
    if (this.closed) return;
    this.closed = true;
    await this.line.close();
  }
}

/**
 * Opens the line (resetting the board), waits for the firmware's banner (asking again if a running
 * board gives none), checks it is a pixel Firmata, reads the kit firmware's identity and configures
 * the strips: the browser's `connectBoard`.
 *
 * @throws BoardTimeoutError when no answer arrives within `readyTimeoutMs` of board time
 * @throws WrongFirmwareError when the board runs other firmware ("Install the kit firmware")
 */
export async function connectCodecPort(line: ByteLine, options: CodecPortOptions): Promise<CodecKitPort> {
  const { clock, strips } = options;
  const port = new CodecKitPort(line, strips, clock, options.firstAnalogPin);
  line.listen({ data: (bytes) => port.receive(bytes), closed: () => port.lineClosed() });
  const timeoutMs = options.readyTimeoutMs ?? 10_000;
  const deadlineMs = clock.now() + timeoutMs;
  await line.open();
  const cancels: Array<() => void> = [];
  try {
    await new Promise<void>((resolve, reject) => {
      port.once('firmware', () => resolve());
      port.once('disconnect', (err: BoardDisconnectedError) => reject(err));
      cancels.push(clock.schedule(deadlineMs, () => reject(new BoardTimeoutError(line.path, timeoutMs))));
      const ask = () => {
        port.writeRaw(encode.firmwareQuery());
        cancels.push(clock.schedule(clock.now() + ASK_AGAIN_MS, ask));
      };
      cancels.push(clock.schedule(clock.now() + ASK_AGAIN_MS, ask));
    });
    if (!port.kit) {
      port.writeRaw(encode.kitInfoQuery());
      await new Promise<void>((resolve) => {
        port.once('kitInfo', () => resolve());
        cancels.push(clock.schedule(clock.now() + KIT_INFO_WAIT_MS, resolve));
      });
    }
  } catch (err) {
    await line.close().catch(() => {});
    throw err;
  } finally {
    for (const cancel of cancels) cancel();
  }
  if (port.firmware.name !== KIT_FIRMATA_NAME) {
    await line.close().catch(() => {});
    throw new WrongFirmwareError(port.firmware.name, KIT_FIRMATA_NAME);
  }
  port.writeRaw(encode.pixelConfig(strips.map((s) => ({ pin: s.pin, length: s.length, order: s.colorOrder ?? 'GRB' }))));
  log('ready at %d ms: %o, kit %o', clock.now(), port.firmware, port.kit);
  if (port.kit) port.startHeartbeat();
  return port;
}
