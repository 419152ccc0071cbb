import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import createDebug from 'debug';
import type { Board as J5Board } from 'johnny-five';
import type { Strip } from 'node-pixel';
import type FirmataIo from 'firmata-io';
import { BoardTimeoutError, GarbledLineError, WrongFirmwareError } from './errors.js';
import { KitBoard, ledGammaTable, type StripSpec } from './kit-board.js';
import { listenKitMessages } from './kit-messages.js';
import { firmataOn, forgetBoard } from './forget.js';
import { StoppedWaitingError } from './wait.js';
import { MAX_STRIP_PIN, PIXEL_ORDER } from '../wire/index.js';
import { type BoardTransport, classifyOpenError } from './transport.js';

const log = createDebug('neuron-kit:board');
const require = createRequire(import.meta.url);

/** Name the node-pixel Firmata reports (REPORT_FIRMWARE); node-pixel refuses any other. */
export const PIXEL_FIRMWARE_NAME = 'node_pixel_firmata.ino';
/** WS2812 gamma node-pixel recommends (its v0.10 default "fix for WS2812 LEDs"). */
export const DEFAULT_GAMMA = 2.8;
/**
 * Time allowed from opening the port to a ready board, in board ms: bootloader (≤ 1.5 s on a Uno
 * after the DTR reset), firmware start-up (~2.1 s for node-pixel's Firmata), capability queries.
 */
export const DEFAULT_READY_TIMEOUT_MS = 10_000;

type FirmataInstance = InstanceType<typeof FirmataIo.Firmata>;

export interface ConnectOptions {
  /** LED strips, in the order their pixels are numbered. At least one. */
  strips: readonly StripSpec[];
  /** Gamma node-pixel applies before sending. Default {@link DEFAULT_GAMMA}. */
  gamma?: number;
  /** Board time allowed to become ready, ms. Default {@link DEFAULT_READY_TIMEOUT_MS}. */
  readyTimeoutMs?: number;
  /** Gives up at once when aborted (Ctrl-C, the service stopping) with a StoppedWaitingError. */
  signal?: AbortSignal;
}


/**
 * Opens the transport and brings up firmata-io → johnny-five `Board({ io })` → node-pixel `Strip`,
 * the same for a real Arduino and the twin.
 *
 * @throws PortPermissionError | BoardNotFoundError | PortOpenError when the port cannot be opened
 * @throws BoardTimeoutError when no Firmata answer arrives within `readyTimeoutMs` of board time
 * @throws WrongFirmwareError when the board runs Firmata without the pixel extension
 * @throws StoppedWaitingError when `signal` aborts before the board is ready
 */
export async function connectBoard(transport: BoardTransport, options: ConnectOptions): Promise<KitBoard> {
  if (options.strips.length === 0) throw new RangeError('connectBoard: give at least one strip, e.g. { pin: 6, length: 30 }');
  for (const s of options.strips) {
    // node-pixel packs the pin into 5 bits of its PIXEL_CONFIG: a higher pin would drive another one.
    if (!(Number.isInteger(s.pin) && s.pin >= 2 && s.pin <= MAX_STRIP_PIN)) throw new RangeError(`connectBoard: a strip cannot use pin ${s.pin}; use D2–D${MAX_STRIP_PIN}`);
  }
  const { Firmata } = require('firmata-io') as typeof FirmataIo;
  const five = require('johnny-five') as typeof import('johnny-five');
  const pixel = require('node-pixel') as typeof import('node-pixel');
  const { stream, clock } = transport;
  const timeoutMs = options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;

  const io: FirmataInstance = firmataOn(Firmata, stream);
  // The kit firmware introduces itself (KIT_INFO) right after REPORT_FIRMWARE, before johnny-five is ready.
  let kitIdentity: { name: string; version: string } | null = null;
  const stopEarly = listenKitMessages(io, (m) => {
    if (m.kind === 'kitInfo') kitIdentity = { name: m.name, version: `${m.major}.${m.minor}` };
  });
  // johnny-five's own ready timeout runs on the wall clock, which means nothing for the twin in fast
  // mode; ours runs on board time. Its timer is set at 'connect' and only cleared by 'ready', so a
  // board that never becomes ready must have it cleared here (see forgetBoard) or it holds the
  // process open for 24.8 days.
  const j5 = new five.Board({ io, repl: false, debug: false, sigint: false, timeout: 2 ** 31 - 1 } as never) as J5Board & EventEmitter;
  let cancelTimeout = () => {};
  let stopListeningForAbort = () => {};
  let opening = Promise.resolve();
  let bytesHeard = 0;
  let openFailed = (_err: Error) => {};
  const count = (chunk: Buffer) => (bytesHeard += chunk.length);
  stream.on('data', count);
  try {
    await new Promise<void>((resolve, reject) => {
      const fail = (err: Error) => reject(err);
      openFailed = (err: Error) => fail(classifyOpenError(transport.path, err));
      j5.once('ready', () => resolve());
      j5.once('error', (e: unknown) => fail(e instanceof Error ? e : new Error(String((e as { message?: string }).message ?? e))));
      io.once('garbled', () => fail(new GarbledLineError(transport.path)));
      stream.once('error', openFailed);
      const startedMs = clock.now();
      cancelTimeout = clock.schedule(startedMs + timeoutMs, () => fail(new BoardTimeoutError(transport.path, timeoutMs, bytesHeard)));
      const stopped = () => fail(new StoppedWaitingError(clock.now() - startedMs, 'the board to answer'));
      if (options.signal?.aborted) return stopped();
      options.signal?.addEventListener('abort', stopped, { once: true });
      stopListeningForAbort = () => options.signal?.removeEventListener('abort', stopped);
      opening = new Promise<void>((done) =>
        stream.open((err) => {
          if (err) fail(classifyOpenError(transport.path, err));
          done();
        }),
      );
    });
  } catch (err) {
    cancelTimeout();
    stopListeningForAbort();
    stream.off('data', count);
    stream.off('error', openFailed);
    stopEarly();
    forgetBoard(io, j5);
    // A failure while the port is still opening (an early Ctrl-C) closes it once it has opened.
    await opening;
    await closeQuietly(stream);
    throw err;
  }
  cancelTimeout();
  stopListeningForAbort();
  stream.off('data', count);
  stream.off('error', openFailed);
  const name = io.firmware.name ?? '';
  log('ready at %d ms: %s %o', clock.now(), name, io.firmware.version);
  if (name !== PIXEL_FIRMWARE_NAME) {
    stopEarly();
    forgetBoard(io, j5);
    await closeQuietly(stream);
    throw new WrongFirmwareError(name, PIXEL_FIRMWARE_NAME);
  }

  // node-pixel prints a console notice for gamma exactly 1.0 (its pre-0.10 default); 1 + 1e-9
  // yields the identical table without it.
  const gamma = options.gamma === undefined ? DEFAULT_GAMMA : options.gamma === 1 ? 1 + 1e-9 : options.gamma;
  const strip = new pixel.Strip({
    board: j5,
    controller: 'FIRMATA',
    gamma,
    strips: options.strips.map((s) => ({ pin: s.pin, length: s.length, color_order: PIXEL_ORDER[s.colorOrder ?? 'GRB'] })),
  } as never) as Strip;
  await new Promise<void>((resolve, reject) => {
    strip.on('ready', () => resolve());
    strip.on('error', (e: Error) => reject(e));
  });
  stopEarly();
  const board = new KitBoard(transport, io, j5, strip, options.strips, ledGammaTable(gamma));
  board.listenForKit(kitIdentity);
  if (board.kit) {
    log('kit firmware %s %s', board.kit.name, board.kit.version);
    board.startHeartbeat();
  }
  return board;
}

/** Closes a stream that may never have opened, waiting for the close so no handle outlives the attempt. */
function closeQuietly(stream: BoardTransport['stream']): Promise<void> {
  if (!stream.isOpen) return Promise.resolve();
  return new Promise((resolve) => stream.close(() => resolve()));
}
