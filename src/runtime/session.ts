import createDebug from 'debug';
import {
  BoardTimeoutError, connectBoard, emulatedTransport, listPorts, serialTransport, waitForArduino, waitForPort, type BoardWaitOptions, type KitBoard, type KitPort,
  type StripSpec,
} from '../board/index.js';
import { Twin, stockFirmwarePath, wireToRgb } from '../emulator/index.js';
import { firmwareHexPath, KIT_BAUD_RATE, STOCK_FIRMATA_BAUD_RATE } from '../firmware-info.js';
import { buttonPins, type Exhibit } from '../exhibit/index.js';
import { FrameAudit } from '../link/index.js';
import type { PaletteName } from '../render/index.js';
import { type BoardSide, sentSide, twinSide } from './board-side.js';
import { LatencyMeter, type LatencySummary } from './latency.js';
import { Runtime } from './runtime.js';
import type { VisitorAction } from './script.js';

const log = createDebug('neuron-kit:session');

export type BoardChoice = 'auto' | 'emulated' | string;
export type TwinFirmware = 'kit' | 'stock';

/** The hex file and baud rate of a firmware the twin can run. */
export function twinFirmware(kind: TwinFirmware): { hexPath: string; baudRate: number } {
  return kind === 'kit' ? { hexPath: firmwareHexPath('uno'), baudRate: KIT_BAUD_RATE } : { hexPath: stockFirmwarePath(), baudRate: STOCK_FIRMATA_BAUD_RATE };
}

export interface SessionOptions {
  exhibit: Exhibit;
  /** `auto` (a connected Arduino, else the twin), `emulated`, or a serial port path. */
  board?: BoardChoice;
  /**
   * Firmware the twin runs: the kit's own (default; 500000 baud, acknowledged shows) or node-pixel's
   * stock Uno Firmata (57600 baud).
   */
  firmware?: TwinFirmware;
  /**
   * With `board: 'auto'`: wait for a real Arduino to be plugged in instead of running on the twin
   * (the exhibit's `board.require`, `--wait-for-board`). Aborted by `signal`.
   */
  waitForBoard?: Omit<BoardWaitOptions, 'signal'>;
  /** Intel HEX the twin runs instead, at the chosen firmware's baud rate. */
  hexPath?: string;
  script?: VisitorAction[];
  /** Stop after this much board time from the start of the exhibit, ms. Default: run until aborted. */
  forMs?: number;
  /** Twin only: run the emulator as fast as it can instead of paced to the wall clock. */
  fast?: boolean;
  seed?: number;
  palette?: PaletteName;
  signal?: AbortSignal;
  /** Called once the exhibit runs, e.g. to attach a terminal view or the web page. */
  onStart?: (session: Session) => void;
  /** Called when the run ends: its time is up, it was aborted, or the board went away. */
  onEnd?: (reason: EndReason) => void;
}

export type EndReason = 'time' | 'signal' | 'disconnect';

/** The run result document of specs/run.md. */
export interface RunResult {
  version: 1;
  board: string;
  firmware: { name: string; version: string };
  duration: number;
  presses: Record<string, number>;
  spikes: Record<string, number>;
  synapses: Record<string, { efficacy: number; release: number; receptors: number; contacts: number; exists: boolean }>;
  neurons: Record<string, { alive: boolean }>;
  strips: Array<{ pin: number; pixels: Array<[number, number, number]> }>;
  latency?: LatencySummary;
  link: { framesSent: number; framesShown?: number; framesCorrupted?: number; bytesSent: number; utilization: number };
}

/** A running exhibit: the board, the runtime, and what the session knows of the board beyond the link. */
export interface Session {
  readonly kit: KitPort;
  readonly runtime: Runtime;
  /** Where visitor actions go and what the LEDs show: the twin's pins, or the runtime and the frames sent. */
  readonly side: BoardSide;
  /** The emulator itself, for tests and benchmarks; null on a real board. Nothing above the transport branches on it. */
  readonly twin: Twin | null;
  readonly boardLabel: string;
}

/**
 * Board time the twin gets to become ready. Its bootloader holds exactly 1 s (a real Uno's varies,
 * hence the 10 s allowed there); measured from the reset, the kit firmware is ready at 1.0 s and
 * node-pixel's stock Firmata at 3.2 s. Nearly twice the slower, so a twin that will never answer
 * is given up on soon.
 */
export const TWIN_READY_TIMEOUT_MS = 6000;

/**
 * Finds the board to use: a likely Arduino for `auto` (else the twin: null — or, given `wait`, the
 * Arduino once it is plugged in, never the twin), the twin (null), or the given path (given `wait`,
 * once it exists).
 */
export async function chooseBoard(choice: BoardChoice, wait?: BoardWaitOptions & { exists?: (path: string) => boolean }): Promise<string | null> {
  if (choice === 'emulated') return null;
  if (choice !== 'auto') return wait ? waitForPort(choice, wait) : choice;
  if (wait) return waitForArduino(wait);
  const arduino = (await listPorts()).find((p) => p.likelyArduino);
  log(arduino ? `auto: found ${arduino.path}` : 'auto: no Arduino found, using the twin');
  return arduino?.path ?? null;
}

/**
 * Opens a real board: the kit firmware's 500000 baud first, then the stock firmware's 57600 (a port
 * opened at the wrong rate hears only noise, so the first attempt times out quickly).
 */
export async function connectSerial(path: string, strips: StripSpec[], signal?: AbortSignal): Promise<KitBoard> {
  try {
    return await connectBoard(serialTransport(path, KIT_BAUD_RATE), { strips, readyTimeoutMs: 4000, signal });
  } catch (err) {
    if (!(err instanceof BoardTimeoutError)) throw err;
    log('no answer at %d baud, trying %d', KIT_BAUD_RATE, STOCK_FIRMATA_BAUD_RATE);
    return connectBoard(serialTransport(path, STOCK_FIRMATA_BAUD_RATE), { strips, signal });
  }
}

/**
 * Runs an exhibit on a board (`neuron-kit run`): connects, starts the runtime, plays the visitor
 * script on board time, and after `forMs` (or when aborted) returns the result document.
 */
export async function runSession(options: SessionOptions): Promise<RunResult> {
  const { exhibit } = options;
  const path = await chooseBoard(options.board ?? 'auto', options.waitForBoard && { ...options.waitForBoard, ...(options.signal ? { signal: options.signal } : {}) });
  const strips = exhibit.strips.map((s) => ({ pin: s.pin, length: s.length, colorOrder: s.order }));
  let twin: Twin | null = null;
  let finished = false;
  let twinRun: Promise<void> = Promise.resolve();
  let kit: KitBoard;
  // The one place the twin and a real board part ways above the transport: chosen once, here.
  let makeSide: (runtime: Runtime) => BoardSide;
  if (path === null) {
    const firmware = twinFirmware(options.firmware ?? 'kit');
    twin = new Twin({ hexPath: options.hexPath ?? firmware.hexPath, baudRate: firmware.baudRate, pulledUpPins: buttonPins(exhibit) });
    const t = twin;
    if (exhibit.controls.age) t.setAnalog(exhibit.controls.age.analog, exhibit.controls.age.start);
    const connecting = connectBoard(emulatedTransport(t), { strips, readyTimeoutMs: TWIN_READY_TIMEOUT_MS, signal: options.signal });
    twinRun = t.run({ pace: options.fast ? 'fast' : 'realtime', until: () => finished, withinMs: Infinity });
    kit = await connecting.catch(async (err: unknown) => {
      finished = true;
      await twinRun;
      throw err;
    });
    makeSide = () => twinSide(t);
  } else {
    kit = await connectSerial(path, strips, options.signal);
    makeSide = sentSide;
  }
  const runtime = new Runtime(exhibit, kit, { seed: options.seed, palette: options.palette });
  const side = makeSide(runtime);
  const session: Session = { kit, runtime, side, twin, boardLabel: path ?? 'emulated' };
  const audit = side.leds.observed ? new FrameAudit(runtime.link, (l) => side.leds.onFrame(l)) : null;
  const latency = side.edges ? new LatencyMeter(runtime, side.edges, side.leds) : null;
  const clock = kit.clock;
  const startMs = runtime.startMs;

  for (const action of options.script ?? []) {
    clock.schedule(startMs + action.atMs, () => {
      if (action.kind === 'dial') side.inputs.turn(action.channel, action.fraction);
      else if (action.pressed) side.inputs.press(action.target, action.pin);
      else side.inputs.release(action.target, action.pin);
    });
  }
  runtime.start();
  options.onStart?.(session);

  let endMs = startMs;
  const reason = await new Promise<EndReason>((resolve) => {
    const end = (why: EndReason) => () => {
      endMs = clock.now();
      resolve(why);
    };
    if (options.forMs !== undefined) clock.schedule(startMs + options.forMs, end('time'));
    if (options.signal) {
      if (options.signal.aborted) end('signal')();
      else options.signal.addEventListener('abort', end('signal'), { once: true });
    }
    kit.once('disconnect', end('disconnect'));
  });
  options.onEnd?.(reason);
  runtime.frame();
  runtime.stop();
  const result = collect(session, exhibit, startMs, endMs, audit, latency);
  finished = true;
  await twinRun;
  await kit.close();
  return result;
}

function collect(session: Session, exhibit: Exhibit, startMs: number, endMs: number, audit: FrameAudit | null, latency: LatencyMeter | null): RunResult {
  const { runtime, kit, side } = session;
  const view = runtime.model.view();
  const durationS = (endMs - startMs) / 1000;
  // specs/run.md: on the twin the frame decoded from the waveform, on a real board the last frame sent.
  const strips = exhibit.strips.map((s) => {
    const shown = side.leds.lastFrame(s.pin);
    const pixels = shown ? wireToRgb(shown.bytes, s.order) : Array.from({ length: s.length }, () => [0, 0, 0] as [number, number, number]);
    return { pin: s.pin, pixels };
  });
  const stats = runtime.link.stats;
  const lineBytesPerSecond = kit.lineBaudRate / 10;
  return {
    version: 1,
    board: session.boardLabel,
    firmware: kit.kit ?? kit.firmware,
    duration: durationS,
    presses: { ...runtime.presses },
    spikes: { ...runtime.model.spikes },
    synapses: Object.fromEntries(Object.entries(view.synapses).map(([id, s]) => [id, { efficacy: s.efficacy, release: s.release, receptors: s.receptors, contacts: s.contacts, exists: s.exists }])),
    neurons: Object.fromEntries(Object.entries(view.neurons).map(([id, n]) => [id, { alive: n.alive }])),
    strips,
    ...(latency ? { latency: latency.summary() } : {}),
    link: {
      framesSent: stats.framesSent,
      ...(audit ? { framesShown: audit.counts.framesShown, framesCorrupted: audit.counts.framesCorrupted } : {}),
      bytesSent: stats.bytesSent,
      utilization: durationS > 0 ? stats.bytesSent / (durationS * lineBytesPerSecond) : 0,
    },
  };
}
