import createDebug from 'debug';
import {
  BoardTimeoutError, connectBoard, listPorts, serialTransport, waitForArduino, waitForPort, type BoardWaitOptions, type KitBoard, type KitPort,
  type StripSpec,
} from '../board/index.js';
import { wireToRgb } from '../wire/index.js';
import { KIT_BAUD_RATE, STOCK_FIRMATA_BAUD_RATE } from '../firmware-info.js';
import { connectTwin, Twin, twinFirmware, type TwinFirmware } from '../board/twin.js';
import { boardOf, buttonPins, type Exhibit } from '../exhibit/index.js';
import { FrameAudit, type SentFrame } from '../link/index.js';
import type { PaletteName } from '../render/index.js';
import { type BoardSide, sentSide, twinSide } from './board-side.js';
import type { ExhibitEvent } from './events.js';
import { Exhibition } from './exhibition.js';
import { LatencyMeter, type LatencySummary } from './latency.js';
import { Runtime } from './runtime.js';
import type { VisitorAction } from './script.js';

const log = createDebug('neuron-kit:session');

export type BoardChoice = 'auto' | 'emulated' | string;

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
  /** Called when the run ends: its time is up, it was aborted, the board went away or restarted. */
  onEnd?: (reason: EndReason) => void;
  /**
   * Visits, the rest between them, attract mode and opening hours (the exhibit's `idle`, `attract`,
   * `hours`; see Exhibition). runSession: off by default (one long visit, as a script wants);
   * superviseSession: on unless a script plays.
   */
  lifecycle?: boolean;
  /** Folder the exhibit's checkpoint is kept in (read at start, saved every few minutes and at the end). None: no state kept. */
  stateDir?: string;
  /** Board time between checkpoints, ms (default 5 min). */
  checkpointEveryMs?: number;
  /** The wall clock, ms since 1970, for opening hours and event times (tests pass their own). Default Date.now. */
  wallClock?: () => number;
  /**
   * Called with every lifecycle event: visits, resets, reconnects, checkpoints, faults (events.ts; the
   * shapes are documented there). With `exhibition` given, listen on it instead (`exhibition.listen`).
   */
  onEvent?: (event: ExhibitEvent) => void;
  /** The exhibit as it lives across connections; default: a new one (from the checkpoint in `stateDir` if any). */
  exhibition?: Exhibition;
  /** Opens the board instead of `board`: for tests and tools that bring a board of their own. */
  openBoard?: () => Promise<OpenedBoard>;
}

/** A connected board as a session uses it. */
export interface OpenedBoard {
  kit: KitPort;
  /** The emulator, when the board is the twin; else null. */
  twin: Twin | null;
  /** For reports: the port path, or "emulated". */
  label: string;
  /** What the session knows of the board beyond the link, given the runtime. */
  side(runtime: Runtime): BoardSide;
  /** Called once the run on this board is over (the runtime stopped), before the kit is closed. */
  finish(): Promise<void>;
  /** Board time at which the line was opened, ms. Default 0: the board's clock started with this connection. */
  openedAtMs?: number;
}

/**
 * Why a connection's run ended: its time was up, it was aborted, the board went away (`disconnect`), or
 * the board started again under the open line (`reboot`: its watchdog, a brown-out, its reset button).
 */
export type EndReason = 'time' | 'signal' | 'disconnect' | 'reboot';

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
  /** The exhibit's strips in its order; on an exhibit with several boards each names its board's id. */
  strips: Array<{ pin: number; board?: string; pixels: Array<[number, number, number]> }>;
  /** An exhibit with several boards: each board, in the exhibit's order (`board` is then the first's label). */
  boards?: Array<{ id: string; board: string; firmware: { name: string; version: string } | null; connections: number }>;
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
  /** The exhibit across connections: model, visits, events (runtime.exhibition). */
  readonly exhibition: Exhibition;
  /** Which of the exhibit's boards this is (index into its boards; 0 for an exhibit with one). */
  readonly boardIndex?: number;
}

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

/** Opens the board `options.board` names (the exhibit's board `boardIndex`): the twin (null path) or a serial port. */
async function openChosenBoard(options: SessionOptions, path: string | null, boardIndex = 0): Promise<OpenedBoard> {
  const { exhibit } = options;
  const strips = exhibit.strips.filter((s) => boardOf(s) === boardIndex).map((s) => ({ pin: s.pin, length: s.length, colorOrder: s.order }));
  if (path !== null) {
    const kit = await connectSerial(path, strips, options.signal);
    return { kit, twin: null, label: path, side: sentSide, finish: async () => {} };
  }
  // The one place the twin and a real board part ways above the transport: chosen once, here.
  const firmware = twinFirmware(options.firmware ?? 'kit');
  const twin = new Twin({ hexPath: options.hexPath ?? firmware.hexPath, baudRate: firmware.baudRate, pulledUpPins: buttonPins(exhibit, boardIndex) });
  if (exhibit.controls.age && boardOf(exhibit.controls.age) === boardIndex) twin.setAnalog(exhibit.controls.age.analog, exhibit.controls.age.start);
  return openTwinBoard(twin, options, boardIndex);
}

/**
 * Connects to a twin that is already powered (its line opened again: a DTR reset) and runs it while
 * the connection lasts: what a session does with the twin, for a twin kept across connections — a
 * cable pulled and put back, a board that restarted — in tests and benchmarks.
 */
export async function openTwinBoard(twin: Twin, options: Pick<SessionOptions, 'exhibit' | 'fast' | 'signal'>, boardIndex = 0): Promise<OpenedBoard> {
  const strips = options.exhibit.strips.filter((s) => boardOf(s) === boardIndex).map((s) => ({ pin: s.pin, length: s.length, colorOrder: s.order }));
  const { kit, openedAtMs, view, finish } = await connectTwin(twin, strips, { ...(options.fast ? { fast: true } : {}), ...(options.signal ? { signal: options.signal } : {}) });
  return { kit, twin, label: 'emulated', side: () => twinSide(view), openedAtMs, finish };
}

/** The exhibition a session option set asks for: the given one, or a new one (from its checkpoint). */
export function openExhibition(options: SessionOptions, lifecycleByDefault = false): Promise<Exhibition> {
  if (options.exhibition) return Promise.resolve(options.exhibition);
  return Exhibition.open(options.exhibit, {
    lifecycle: options.lifecycle ?? lifecycleByDefault,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.stateDir !== undefined ? { stateDir: options.stateDir } : {}),
    ...(options.checkpointEveryMs !== undefined ? { checkpointEveryMs: options.checkpointEveryMs } : {}),
    ...(options.wallClock ? { wallClock: options.wallClock } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
}

/** One connection's run: its result and what a supervisor adds up over connections. */
export interface ConnectionRun {
  result: RunResult;
  reason: EndReason;
  /** Board time this connection ran, ms. */
  durationMs: number;
  latenciesMs: number[];
  /** The line's capacity, bytes per second. */
  lineBytesPerS: number;
}

/**
 * Runs an exhibit on a board (`neuron-kit run`): connects, starts the runtime, plays the visitor
 * script on board time, and after `forMs` (or when aborted) returns the result document.
 */
export async function runSession(options: SessionOptions): Promise<RunResult> {
  const exhibition = await openExhibition(options);
  try {
    return (await runConnection({ ...options, exhibition })).result;
  } finally {
    if (!options.exhibition) await exhibition.close();
  }
}

/**
 * One connection to the board: connects, attaches the exhibition, plays the script from `offsetMs`
 * of board time (what earlier connections ran), and ends when `forMs` is up, on abort, or when the
 * board goes away. Leaves nothing behind: no listener on the signal, no timer on the board's clock.
 */
export async function runConnection(options: SessionOptions & ConnectionOptions): Promise<ConnectionRun> {
  const { exhibit, exhibition } = options;
  const boardIndex = options.boardIndex ?? 0;
  const board = options.openBoard ? await options.openBoard() : await openChosenBoard(options, await chooseBoard(options.board ?? 'auto', options.waitForBoard && { ...options.waitForBoard, ...(options.signal ? { signal: options.signal } : {}) }), boardIndex);
  const { kit, twin } = board;
  const runtime = new Runtime(exhibit, kit, { seed: options.seed, palette: options.palette, exhibition, board: boardIndex });
  const side = board.side(runtime);
  const session: Session = { kit, runtime, side, twin, boardLabel: board.label, exhibition, boardIndex };
  const audit = side.leds.observed ? new FrameAudit(runtime.link, (l) => side.leds.onFrame(l)) : null;
  const latency = side.edges ? new LatencyMeter(runtime, side.edges, side.leds) : null;
  // The model's time on this board (its own time for an exhibit with one board).
  const clock = runtime.clock;
  const startMs = runtime.startMs;
  const offsetMs = options.offsetMs ?? 0;
  // When the script's time 0 is, and when this connection's run is over, in the model's time.
  const window = options.runWindow?.(startMs) ?? { zeroMs: startMs - offsetMs, ...(options.forMs !== undefined ? { endAtMs: startMs + options.forMs } : {}) };
  const scriptZeroMs = window.zeroMs;
  const endAtMs = window.endAtMs;
  const onThisBoard = scriptTargetsOn(exhibit, boardIndex);
  const cancels: Array<() => void> = [];
  if (options.onFirstFrame) {
    const first = options.onFirstFrame;
    runtime.link.once('sent', (frame: SentFrame) => first(frame, board.openedAtMs ?? 0));
  }

  for (const action of options.script ?? []) {
    if (scriptZeroMs + action.atMs < startMs || !onThisBoard(action)) continue;
    cancels.push(clock.schedule(scriptZeroMs + action.atMs, () => {
      if (action.kind === 'dial') side.inputs.turn(action.channel, action.fraction);
      else if (action.pressed) side.inputs.press(action.target, action.pin);
      else side.inputs.release(action.target, action.pin);
    }));
  }
  runtime.start();
  options.onStart?.(session);

  let endMs = startMs;
  let onAbort: (() => void) | null = null;
  const reason = await new Promise<EndReason>((resolve) => {
    const end = (why: EndReason) => () => {
      endMs = clock.now();
      resolve(why);
    };
    if (endAtMs !== undefined) cancels.push(clock.schedule(endAtMs, end('time')));
    // On several boards the model's time may run ahead of this board's (another board's clock is faster):
    // the run ends when the model's time is up, whichever board's clock got it there.
    if (endAtMs !== undefined && options.runWindow) {
      const ended = end('time');
      const onFrame = (e: { atMs: number }) => {
        if (e.atMs < endAtMs) return;
        runtime.off('frame', onFrame);
        ended();
      };
      runtime.on('frame', onFrame);
    }
    if (options.signal) {
      onAbort = end('signal');
      if (options.signal.aborted) onAbort();
      else options.signal.addEventListener('abort', onAbort, { once: true });
    }
    // Left on the kit, which is closed and dropped below.
    kit.once('disconnect', end('disconnect'));
    kit.once('reboot', end('reboot'));
  });
  if (onAbort) options.signal?.removeEventListener('abort', onAbort);
  for (const cancel of cancels) cancel();
  options.onEnd?.(reason);
  runtime.frame();
  // On the twin, the last frame is let through to the LEDs before the strips are read: what the run
  // reports is what the visitor saw last (a few frames' time at most; not when the board went away).
  if (audit && (reason === 'time' || reason === 'signal')) await drained(audit, clock, clock.now() + DRAIN_MS);
  runtime.stop();
  const result = collect(session, exhibit, startMs, endMs, audit, latency);
  await board.finish();
  await kit.close();
  return { result, reason, durationMs: endMs - startMs, latenciesMs: latency ? [...latency.latenciesMs] : [], lineBytesPerS: kit.lineBaudRate / 10 };
}

/** What `runConnection` adds to the session options: the exhibition, and where this connection is in the run. */
export interface ConnectionOptions {
  exhibition: Exhibition;
  /** Board time earlier connections ran, ms (the script goes on from there). */
  offsetMs?: number;
  /** The connection's first frame, and the board time its port was opened at (a twin's: its clock runs on across connections). */
  onFirstFrame?: (frame: SentFrame, openedAtMs: number) => void;
  /** Which of the exhibit's boards this connection is to (index into its boards). Default 0. */
  boardIndex?: number;
  /**
   * Given this connection's start (model time), when the script's 0 is and when the connection ends
   * (an exhibit on several boards: the run's, shared by every board). Default: the script goes on
   * from `offsetMs`, and the connection ends `forMs` after its start.
   */
  runWindow?: (startMs: number) => { zeroMs: number; endAtMs?: number };
}

/** Whether a script action is one for board `boardIndex`: its button or dial is wired there. */
function scriptTargetsOn(exhibit: Exhibit, boardIndex: number): (action: VisitorAction) => boolean {
  return (action) => {
    if (action.kind === 'dial') return exhibit.controls.age !== undefined && boardOf(exhibit.controls.age) === boardIndex;
    const part = action.target === 'injury' ? exhibit.controls.injury : exhibit.neurons.find((n) => n.id === action.target);
    return part !== undefined && boardOf(part) === boardIndex;
  };
}

/** Longest the end of a run waits for its last frame to be latched, board ms (a 300-pixel frame takes ~10 ms on the wire). */
const DRAIN_MS = 250;

/** Resolves once no frame sent is still on its way to the LEDs, or at board time `deadlineMs`. */
function drained(audit: FrameAudit, clock: { now(): number; schedule(atMs: number, fn: () => void): unknown }, deadlineMs: number): Promise<void> {
  return new Promise((resolve) => {
    const poll = () => {
      if (audit.counts.framesPending === 0 || clock.now() >= deadlineMs) resolve();
      else clock.schedule(clock.now() + 2, poll);
    };
    poll();
  });
}

function collect(session: Session, exhibit: Exhibit, startMs: number, endMs: number, audit: FrameAudit | null, latency: LatencyMeter | null): RunResult {
  const { runtime, kit, side } = session;
  const view = runtime.model.view();
  const durationS = (endMs - startMs) / 1000;
  // specs/run.md: on the twin the frame decoded from the waveform, on a real board the last frame sent.
  const strips = session.runtime.strips.map((i) => {
    const s = exhibit.strips[i]!;
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
