import createDebug from 'debug';
import { abortableDelay, BoardError } from '../board/index.js';
import { boardOf, exhibitBoards, type Exhibit, type ExhibitBoard } from '../exhibit/index.js';
import type { BoardSide, LedView, ShownFrame } from './board-side.js';
import { Exhibition } from './exhibition.js';
import { summarise } from './latency.js';
import { openExhibition, runConnection, type BoardChoice, type ConnectionRun, type OpenedBoard, type RunResult, type Session } from './session.js';
import { RECONNECT_DELAY_MS, Totals, type SuperviseOptions } from './supervise.js';

const log = createDebug('neuron-kit:boards');

export interface BoardsOptions extends Omit<SuperviseOptions, 'onStart' | 'board' | 'openBoard' | 'onReconnecting'> {
  /**
   * One choice per board of the exhibit, in its order: `emulated` or a serial port path (not `auto`,
   * which cannot tell two Arduinos apart; each board reconnects to the choice given here).
   */
  boards: BoardChoice[];
  /** Opens board `i` instead of its choice (tests and tools that bring boards of their own). */
  openBoards?: Array<() => Promise<OpenedBoard>>;
  /**
   * Called when the exhibit starts, and again when the board the observers follow went away while
   * another runs on: with the exhibit as observers see it (see {@link BoardsSession}).
   */
  onStart?: (session: BoardsSession) => void;
  /** Called with each board's own session as it connects (every board, every reconnect). */
  onBoardStart?: (session: Session) => void;
  /** Called when the last board still connected went away (every board is away). */
  onAway?: () => void;
  /**
   * Told when a board went away, and when an attempt to reach it again fails for a new reason: `why`
   * names the board; `board` is its id.
   */
  onReconnecting?: (why: string, board: string) => void;
}

/** One board of a run on several: how it is reached and whether it is there now. */
export interface BoardStatus {
  readonly id: string;
  readonly kind: ExhibitBoard['kind'];
  /** The port path, or "emulated". */
  readonly label: string;
  /** Its session while connected, else null. */
  readonly session: Session | null;
  /** Connections made to it so far (1 + its reconnects). */
  readonly connections: number;
}

/**
 * The exhibit on several boards as observers (the page, the terminal view, the class link) see it:
 * a {@link Session} whose runtime is one connected board's (every runtime of the exhibit passes on the
 * model's, the visitors' and the injuries' events, and draws every strip), whose visitor inputs go to
 * the board the button or dial is on, and whose LEDs are every board's (`lastFrame(pin, board)`;
 * frames carry their `board`). `boards` tells where each board is now.
 */
export interface BoardsSession extends Session {
  readonly boards: readonly BoardStatus[];
  /** The board's own session whose runtime this one is (its link, its LEDs: what a frame audit pairs). */
  readonly lead: Session;
}

class Board implements BoardStatus {
  session: Session | null = null;
  connections = 0;
  readonly totals = new Totals();
  constructor(
    readonly index: number,
    readonly id: string,
    readonly kind: ExhibitBoard['kind'],
    public label: string,
  ) {}
}

/**
 * Runs an exhibit on several boards (`boards` in the exhibit, `--board` once per board): one model,
 * one runtime per board on the board's own clock (see Runtime: the model's time is the first board's,
 * the others read it through an offset). Each board is supervised on its own as `superviseSession`
 * supervises one: when its cable is pulled the others go on, and it reconnects by itself (its port
 * first used). Every board's first connection must succeed. The run ends when `forMs` of the model's
 * time has passed (from the first board's start), or when aborted; the result covers every board.
 *
 * @throws RangeError when `boards` does not give one choice per board of the exhibit
 */
export async function superviseBoards(options: BoardsOptions): Promise<RunResult> {
  const { exhibit } = options;
  const specs = exhibitBoards(exhibit);
  if (options.boards.length !== specs.length) throw new RangeError(`superviseBoards: ${options.boards.length} board choices for an exhibit with ${specs.length} boards`);
  const boards = specs.map((b, i) => new Board(i, b.id, b.kind, options.boards[i]!));
  const { onStart: _onStart, boards: _boards, openBoards, ...common } = options;
  const exhibition = await openExhibition(common, options.script === undefined);
  const over = new AbortController();
  const onAbort = () => over.abort();
  if (options.signal?.aborted) over.abort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  const wait = options.wait ?? (() => abortableDelay(options.reconnectDelayMs ?? RECONNECT_DELAY_MS, over.signal));
  const observed = new Observed(exhibit, boards, exhibition);
  let zeroMs: number | null = null;
  // The run's start in the model's time, set by the first board to start: the script and `forMs` count from it.
  const runWindow = (startMs: number) => {
    zeroMs ??= startMs;
    return { zeroMs, ...(options.forMs !== undefined ? { endAtMs: zeroMs + options.forMs } : {}) };
  };

  const supervise = async (board: Board, connected: () => void): Promise<void> => {
    let lostAtWallMs: number | null = null;
    let attempts = 0;
    let lastWhy = '';
    const say = (why: string) => `board "${board.id}" (${board.label}): ${why}`;
    for (;;) {
      if (over.signal.aborted) return;
      let run: ConnectionRun;
      const downSince = lostAtWallMs;
      const tries = ++attempts;
      try {
        const openBoard = openBoards?.[board.index];
        run = await runConnection({
          ...common,
          board: options.boards[board.index]!,
          boardIndex: board.index,
          exhibition,
          signal: over.signal,
          runWindow,
          ...(openBoard ? { openBoard } : {}),
          onStart: (session) => {
            board.session = session;
            board.label = session.boardLabel;
            board.connections++;
            if (board.connections === 1) connected();
            options.onBoardStart?.(session);
            observed.started(board, options.onStart);
          },
          onFirstFrame: (frame) => {
            if (downSince === null) return;
            exhibition.raise({ type: 'reconnect', attempts: tries, downMs: Date.now() - downSince, ledsRestoredMs: frame.atMs, board: board.id });
          },
        });
      } catch (err) {
        if (board.connections === 0 || !(err instanceof BoardError)) throw err;
        if (over.signal.aborted) return;
        log('%s: reconnect failed: %s', board.id, err.message);
        if (err.message !== lastWhy) {
          lastWhy = err.message;
          exhibition.raise({ type: 'fault', kind: 'reconnect-failed', message: say(err.message), board: board.id });
          options.onReconnecting?.(say(err.message), board.id);
        }
        await wait();
        continue;
      }
      board.session = null;
      board.totals.add(run);
      if (run.reason === 'time') over.abort();
      // The run is over (stopped, or its time is up): no board takes the lead again on the way out.
      if (over.signal.aborted) observed.ended(board);
      else observed.ended(board, options.onStart, options.onAway);
      if (run.reason !== 'disconnect' || over.signal.aborted) return;
      log('%s disconnected; reconnecting', board.id);
      lostAtWallMs = Date.now();
      attempts = 0;
      lastWhy = 'the board disconnected';
      exhibition.raise({ type: 'fault', kind: 'board-lost', message: say('the board disconnected'), board: board.id });
      options.onReconnecting?.(say('the board disconnected'), board.id);
      await wait();
    }
  };

  try {
    // The boards come up in the exhibit's order, so the first is the one the model's time follows.
    const loops: Array<Promise<void>> = [];
    for (const board of boards) {
      let up!: () => void;
      const connected = new Promise<void>((resolve) => (up = resolve));
      const loop = supervise(board, up);
      loops.push(loop);
      // A board that cannot be reached at first stops the run: the others are stopped too.
      const first = await Promise.race([connected.then(() => null), loop.then(() => null, (err: unknown) => ({ err }))]);
      if (first !== null || over.signal.aborted) {
        over.abort();
        await Promise.allSettled(loops);
        if (first !== null) throw first.err;
        break;
      }
    }
    const settled = await Promise.allSettled(loops);
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    return result(exhibit, boards, exhibition, zeroMs);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    if (!options.exhibition) await exhibition.close();
  }
}

/** The run's result over every board (see RunResult.boards). */
function result(exhibit: Exhibit, boards: Board[], exhibition: Exhibition, zeroMs: number | null): RunResult {
  const model = exhibition.model;
  const view = model.view();
  const first = boards[0]!.totals.last;
  // The model's time from the first board's start to the last frame any board drew.
  const durationMs = zeroMs === null ? 0 : exhibition.nowMs - zeroMs;
  // Each board's result lists its own strips, in the exhibit's order.
  const strips = exhibit.strips.map((s, i) => {
    const board = boards[boardOf(s)]!;
    const k = exhibit.strips.slice(0, i).filter((o) => boardOf(o) === board.index).length;
    const pixels = board.totals.last?.strips[k]?.pixels ?? Array.from({ length: s.length }, () => [0, 0, 0] as [number, number, number]);
    return { pin: s.pin, board: board.id, pixels };
  });
  const sum = (f: (t: Totals) => number) => boards.reduce((n, b) => n + f(b.totals), 0);
  const observed = first?.link.framesShown !== undefined;
  const latencies = boards.flatMap((b) => b.totals.latenciesMs);
  const capacity = sum((t) => t.capacity);
  return {
    version: 1,
    board: boards[0]!.label,
    firmware: first?.firmware ?? { name: 'none', version: '' },
    duration: durationMs / 1000,
    presses: { ...exhibition.presses },
    spikes: { ...model.spikes },
    synapses: Object.fromEntries(Object.entries(view.synapses).map(([id, s]) => [id, { efficacy: s.efficacy, release: s.release, receptors: s.receptors, contacts: s.contacts, exists: s.exists }])),
    neurons: Object.fromEntries(Object.entries(view.neurons).map(([id, n]) => [id, { alive: n.alive }])),
    strips,
    boards: boards.map((b) => ({ id: b.id, board: b.label, firmware: b.totals.last?.firmware ?? null, connections: b.totals.connections })),
    ...(first?.latency ? { latency: summarise(latencies) } : {}),
    link: {
      framesSent: sum((t) => t.framesSent),
      ...(observed ? { framesShown: sum((t) => t.framesShown), framesCorrupted: sum((t) => t.framesCorrupted) } : {}),
      bytesSent: sum((t) => t.bytesSent),
      utilization: capacity > 0 ? sum((t) => t.bytesSent) / capacity : 0,
    },
  };
}

/**
 * What observers follow: one connected board's session (the "lead", for the runtime's events and
 * the clock), every connected board's LEDs, and visitor inputs routed to the board they are wired to.
 */
class Observed {
  private lead: Board | null = null;
  private readonly listeners = new Set<(frame: ShownFrame) => void>();
  private readonly unhook = new Map<Board, () => void>();

  constructor(
    private readonly exhibit: Exhibit,
    private readonly boards: Board[],
    private readonly exhibition: Exhibition,
  ) {}

  /** Board `board` connected: its LEDs join the view; with no lead yet, it leads and observers start. */
  started(board: Board, onStart: BoardsOptions['onStart']): void {
    const session = board.session!;
    this.unhook.set(board, session.side.leds.onFrame((f) => {
      const tagged = { ...f, board: board.index };
      for (const l of this.listeners) l(tagged);
    }));
    if (this.lead !== null) return;
    this.lead = board;
    onStart?.(this.view(session));
  }

  /** Board `board`'s connection ended: its LEDs leave the view; a lead that went is followed by the next board still connected. */
  ended(board: Board, onStart?: BoardsOptions['onStart'], onAway?: BoardsOptions['onAway']): void {
    this.unhook.get(board)?.();
    this.unhook.delete(board);
    if (this.lead !== board) return;
    this.lead = this.boards.find((b) => b.session !== null) ?? null;
    if (this.lead) onStart?.(this.view(this.lead.session!));
    else onAway?.();
  }

  private view(lead: Session): BoardsSession {
    const boards = this.boards;
    const exhibit = this.exhibit;
    const sideOf = (index: number): BoardSide | null => boards[index]?.session?.side ?? null;
    const partOf = (target: string) => (target === 'injury' ? exhibit.controls.injury : exhibit.neurons.find((n) => n.id === target));
    const leds: LedView = {
      observed: lead.side.leds.observed,
      lastFrame: (pin, board = 0) => sideOf(board)?.leds.lastFrame(pin) ?? null,
      onFrame: (listener) => {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
      },
    };
    const side: BoardSide = {
      inputs: {
        press: (target, pin) => {
          const part = partOf(target);
          if (part) sideOf(boardOf(part))?.inputs.press(target, pin);
        },
        release: (target, pin) => {
          const part = partOf(target);
          if (part) sideOf(boardOf(part))?.inputs.release(target, pin);
        },
        turn: (channel, fraction) => {
          const age = exhibit.controls.age;
          if (age) sideOf(boardOf(age))?.inputs.turn(channel, fraction);
        },
      },
      leds,
      // Press → LED latency is measured per board, in the run's result.
      edges: null,
    };
    return {
      kit: lead.kit,
      runtime: lead.runtime,
      side,
      twin: lead.twin,
      boardLabel: boards.map((b) => `${b.id}: ${b.label}`).join(', '),
      exhibition: this.exhibition,
      boards,
      lead,
    };
  }
}
