import { EventEmitter } from 'node:events';
import createDebug from 'debug';
import type { AttractConfig, Exhibit, IdleConfig } from '../exhibit/types.js';
import { IDLE_DEFAULTS } from '../exhibit/validate.js';
import { CheckpointError } from '../state/checkpoint-error.js';
// The file side of checkpoints on its own: the site's bundle puts one without files in its place.
import { checkpointPath, modelFingerprint, readCheckpoint, setAside, writeCheckpoint } from './checkpoint-files.js';
import type { ExhibitEvent, ExhibitEventInit, ExhibitEventOf, ExhibitEventType, ResetReason } from './events.js';
import { ExhibitModel, type ExhibitModelSnapshot } from './exhibit-model.js';
import { Schedule } from './hours.js';
import { attractOf, Ghost } from './attract.js';

export { checkpointPath, modelFingerprint } from './checkpoint-files.js';

const log = createDebug('neuron-kit:exhibition');

/**
 * Where the exhibit is in its day: `session` (a visitor is here: the model runs), `rest` (a visit
 * ended: the LEDs ease back to the starting state), `idle` (nobody here: the ghost visitor plays the
 * attract demo on a copy, the model waits), `closed` (outside opening hours: dark, the model waits).
 */
export type Phase = 'session' | 'rest' | 'idle' | 'closed';

/** Board time between checkpoints by default: a power cut loses at most this much learning. */
export const CHECKPOINT_EVERY_MS = 5 * 60_000;
/** While a lesson runs, a visit ends after this long without a press (board ms): long enough for any step's wait. */
export const LESSON_IDLE_MS = 5 * 60_000;
/** Opening hours are looked at this often (board time). */
const HOURS_CHECK_MS = 1_000;

export interface ExhibitionOptions {
  seed?: number;
  /**
   * Visitor sessions, the rest between them, attract mode and opening hours (the exhibit's `idle`,
   * `attract`, `hours`). Off (default): the exhibit runs as one long visit, as a script wants.
   */
  lifecycle?: boolean;
  /** Folder the checkpoint is kept in; none: nothing is saved or read. */
  stateDir?: string;
  /** Board time between checkpoints, ms. Default CHECKPOINT_EVERY_MS. */
  checkpointEveryMs?: number;
  /** The wall clock, ms since 1970 (opening hours, event times, checkpoint age). Default Date.now. */
  wallClock?: () => number;
  /** Called with every event (see events.ts). */
  onEvent?: (event: ExhibitEvent) => void;
}

/** What a checkpoint file holds (inside the checkpoint format of state/checkpoint.ts). */
interface CheckpointBody {
  exhibit: { name: string; fingerprint: string };
  savedAtMs: number;
  phase: Phase;
  sessions: number;
  model: ExhibitModelSnapshot;
  /** The starting state visits go back to. */
  baseline: ExhibitModelSnapshot;
}

/** What the LEDs should show now. */
export type Scene =
  | { kind: 'live'; model: ExhibitModel }
  | { kind: 'dark' }
  /** Easing from what was shown when the rest began (at `sinceMs`) to `model`; `progress` 0–1. */
  | { kind: 'rest'; model: ExhibitModel; sinceMs: number; progress: number };


/**
 * The exhibit as a museum runs it, across connections and restarts: its model, the state it goes back
 * to, visits, the rest and the attract demo between them, opening hours and checkpoints. Board-agnostic:
 * a Runtime attaches it to a board, tells it of inputs and asks it what to show at each frame, all on
 * that board's time; when a board goes away and another comes (its clock starting again), the
 * exhibition's times move with it and the model goes on where it was.
 *
 * Emits every ExhibitEvent under its type and under `'event'` (see `listen`).
 */
export class Exhibition extends EventEmitter {
  readonly model: ExhibitModel;
  /** Presses per button since this exhibition began (all visits, all connections). */
  readonly presses: Record<string, number> = {};
  readonly idle: IdleConfig;
  readonly attract: AttractConfig;
  readonly lifecycle: boolean;
  /** The checkpoint file, or null when state is not kept. */
  readonly checkpointFile: string | null;
  phase: Phase;
  /** Visits so far (kept with the checkpoint). */
  sessions = 0;
  /**
   * A lesson is running (a teacher and a class are there, and a step may ask them to wait): the visit
   * then ends only after LESSON_IDLE_MS without a press, not the exhibit's `idle.afterS`.
   */
  lessonRunning = false;
  private baseline: ExhibitModelSnapshot;
  private ghost: Ghost | null = null;
  private sessionStartMs = 0;
  private lastInputMs = 0;
  private sessionPresses: Record<string, number> = {};
  private readonly held = new Set<string>();
  private restStartMs = 0;
  /** The last board time seen, or null before the first board. */
  private boardMs: number | null = null;
  /** Boards attached now (an exhibit on several boards has one runtime each). */
  private attached = 0;
  /** Wall time the last board went away, while no board is attached. */
  private detachedAtWallMs: number | null = null;
  private nextCheckpointMs = Infinity;
  private nextHoursCheckMs = 0;
  private readonly checkpointEveryMs: number;
  private saving: Promise<void> | null = null;
  private closed = false;
  private readonly schedule: Schedule | null;
  private readonly wallClock: () => number;
  private readonly buttons: string[];

  /**
   * A fresh exhibition (its model settled), or one going on from a checkpoint's `restored` body.
   * Throws RangeError when `restored` does not fit this exhibit (use `Exhibition.open`, which starts
   * afresh then).
   */
  constructor(
    readonly exhibit: Exhibit,
    options: ExhibitionOptions = {},
    restored?: CheckpointBody,
  ) {
    super();
    this.lifecycle = options.lifecycle ?? false;
    this.idle = exhibit.idle ?? IDLE_DEFAULTS;
    this.attract = attractOf(exhibit);
    this.wallClock = options.wallClock ?? Date.now;
    this.checkpointEveryMs = options.checkpointEveryMs ?? CHECKPOINT_EVERY_MS;
    this.checkpointFile = options.stateDir === undefined ? null : checkpointPath(options.stateDir, exhibit);
    this.schedule = this.lifecycle && exhibit.hours ? new Schedule(exhibit.hours) : null;
    this.buttons = [...exhibit.neurons.filter((n) => n.button !== undefined).map((n) => n.id), ...(exhibit.controls.injury ? ['injury'] : [])];
    for (const b of this.buttons) this.presses[b] = 0;
    if (options.onEvent) this.on('event', options.onEvent);
    if (restored) {
      this.model = new ExhibitModel(exhibit, { snapshot: restored.model });
      // Checked now, so that a damaged starting state is found at start and not at the first rest.
      new ExhibitModel(exhibit, { snapshot: restored.baseline });
      this.baseline = restored.baseline;
      if (!Number.isInteger(restored.sessions) || restored.sessions < 0) throw new RangeError('checkpoint sessions: expected a count');
      this.sessions = restored.sessions;
    } else {
      this.model = new ExhibitModel(exhibit, { seed: options.seed });
      this.baseline = this.model.snapshot();
    }
    this.phase = !this.lifecycle ? 'session' : this.schedule && !this.schedule.isOpen(this.wallClock()) ? 'closed' : 'idle';
  }

  /**
   * The exhibition of `exhibit`, going on from the checkpoint in `options.stateDir` when there is a
   * usable one. A checkpoint that is damaged, of another version or of another exhibit (or of this one
   * before its network changed) is set aside (renamed `….unreadable`) and reported in one `fault`
   * event; the exhibition then starts afresh. Never throws for a checkpoint.
   */
  static async open(exhibit: Exhibit, options: ExhibitionOptions = {}): Promise<Exhibition> {
    const path = options.stateDir === undefined ? null : checkpointPath(options.stateDir, exhibit);
    const read = path === null ? null : await readCheckpoint(path);
    let problem: string | null = read instanceof CheckpointError ? read.message : null;
    let exhibition: Exhibition | null = null;
    if (read && !(read instanceof CheckpointError)) {
      const body = read.body as CheckpointBody;
      const fingerprint = modelFingerprint(exhibit);
      if (body?.exhibit?.fingerprint !== fingerprint) {
        problem = `it is of ${typeof body?.exhibit?.name === 'string' ? `"${body.exhibit.name}"` : 'another exhibit'} with another network (or of this exhibit before its neurons or synapses changed)`;
      } else {
        try {
          exhibition = new Exhibition(exhibit, options, body);
          exhibition.raise({ type: 'restored', path: path!, savedAtWallMs: body.savedAtMs, sessions: exhibition.sessions });
          exhibition.resumed(body);
        } catch (err) {
          problem = `it does not fit this exhibit (${(err as Error).message})`;
          exhibition = null;
        }
      }
    }
    exhibition ??= new Exhibition(exhibit, options);
    if (problem !== null && path !== null) {
      await setAside(path);
      exhibition.raise({ type: 'fault', kind: 'checkpoint-unreadable', message: `Saved state ${path} not used: ${problem}; starting afresh (it was kept as ${path}.unreadable).` });
    }
    return exhibition;
  }

  /** After a checkpoint was read: a visit it was saved in is over; an opening since it was saved may start afresh. */
  private resumed(body: CheckpointBody): void {
    log('resumed from a checkpoint saved at %d ms (wall clock) in phase %s', body.savedAtMs, body.phase);
    if (!this.lifecycle) return;
    const opened = this.schedule?.openedAt(this.wallClock()) ?? null;
    if (this.exhibit.hours?.atOpening === 'fresh' && opened !== null && !(body.savedAtMs >= opened)) this.reset(0, 'opening');
    else if ((body.phase === 'session' || body.phase === 'rest') && this.idle.mode === 'reset') this.reset(0, 'restart');
  }

  /**
   * Puts the model back in its starting state at board time `boardMs`. The age stays where the dial
   * is: that is the dial's, not the model's.
   */
  private reset(boardMs: number, reason: ResetReason): void {
    const age = this.model.age;
    this.model.restore(this.baseline, boardMs);
    this.model.setAge(age);
    this.raise({ type: 'reset', reason });
  }

  /** Calls `listener` with every event, or with those of one type; returns a function that stops it. */
  listen(listener: (event: ExhibitEvent) => void): () => void;
  listen<T extends ExhibitEventType>(type: T, listener: (event: ExhibitEventOf<T>) => void): () => void;
  listen(a: string | ((event: ExhibitEvent) => void), b?: (event: never) => void): () => void {
    const [name, fn] = typeof a === 'string' ? [a, b as (...args: unknown[]) => void] : ['event', a as (...args: unknown[]) => void];
    this.on(name, fn);
    return () => this.off(name, fn);
  }

  /** Stamps and emits an event; a listener that throws is logged and does not stop the exhibit. */
  raise(init: ExhibitEventInit): void {
    const event = { ...init, wallMs: this.wallClock() } as ExhibitEvent;
    for (const name of [event.type, 'event']) {
      // rawListeners: a `once` listener is called through its wrapper, which removes it.
      for (const listener of this.rawListeners(name)) {
        try {
          (listener as (e: ExhibitEvent) => void)(event);
        } catch (err) {
          log('a %s listener failed: %s', name, (err as Error).message);
        }
      }
    }
  }

  /** True while the real model runs (a visit, or always without the lifecycle). */
  get modelRuns(): boolean {
    return this.phase === 'session';
  }

  /**
   * The exhibition's time now (the board time it last saw, in the time of the first board attached),
   * or 0 before any board.
   */
  get nowMs(): number {
    return this.boardMs ?? 0;
  }

  /**
   * A board's clock is now at `boardMs`. The first board attached drives the exhibition: everything
   * goes on from there, and 0 is returned. A board joining others already attached (an exhibit on
   * several boards) changes nothing: it is told the offset to add to its time to read the exhibition's.
   */
  attach(boardMs: number): number {
    if (this.attached++ > 0) return this.nowMs - boardMs;
    if (this.boardMs === null) {
      this.lastInputMs = this.sessionStartMs = this.restStartMs = boardMs;
      this.nextCheckpointMs = boardMs + this.checkpointEveryMs;
      this.nextHoursCheckMs = boardMs;
    } else {
      const delta = boardMs - this.boardMs;
      this.sessionStartMs += delta;
      this.lastInputMs += delta;
      this.restStartMs += delta;
      this.nextCheckpointMs += delta;
      this.nextHoursCheckMs += delta;
      this.ghost?.shift(delta);
    }
    this.boardMs = boardMs;
    this.model.rebase(boardMs);
    // Away longer than a visit waits for input (on the wall clock: the board's stood still): that visit is over.
    if (this.lifecycle && this.phase === 'session' && this.detachedAtWallMs !== null && this.wallClock() - this.detachedAtWallMs >= this.idle.afterMs) this.visitOver(boardMs);
    this.detachedAtWallMs = null;
    if (this.phase === 'idle' && !this.ghost) this.ghost = new Ghost(this.attract, this.model, boardMs);
    return 0;
  }

  /**
   * A board went away (or the run ended) at the exhibition's time `boardMs`: its held buttons are let
   * go (`buttons`: the targets on that board; default every one, as when the only board goes).
   */
  detach(boardMs: number, buttons?: readonly string[]): void {
    this.boardMs = Math.max(boardMs, this.boardMs ?? boardMs);
    this.attached = Math.max(0, this.attached - 1);
    if (this.attached > 0 && buttons) {
      // The other boards go on: only this one's buttons are let go.
      for (const b of buttons) {
        this.held.delete(b);
        if (b !== 'injury') this.model.release(b);
      }
      return;
    }
    this.detachedAtWallMs = this.wallClock();
    this.held.clear();
    this.model.releaseAll();
  }

  /**
   * A visitor's input at board time `atMs`: a press, a release, or a dial turned. Outside a visit a
   * press or a turn starts one (the real model takes over from the ghost at once). Returns false when
   * the input must be ignored (closed).
   */
  input(kind: 'press' | 'release' | 'dial' | 'remote', target: string, atMs: number): boolean {
    if (this.phase === 'closed') return false;
    if (kind === 'press') this.held.add(target);
    else if (kind === 'release') this.held.delete(target);
    if (this.lifecycle && this.phase !== 'session' && kind !== 'release') this.startSession(atMs);
    // Without the lifecycle a visitor does not wait for the LEDs to ease back after a docent's reset.
    else if (!this.lifecycle && this.phase === 'rest' && kind !== 'release') this.restOver(atMs);
    if (this.phase === 'session') this.lastInputMs = Math.max(this.lastInputMs, atMs);
    if (kind === 'press') {
      this.presses[target] = (this.presses[target] ?? 0) + 1;
      this.sessionPresses[target] = (this.sessionPresses[target] ?? 0) + 1;
    }
    return true;
  }

  private startSession(atMs: number): void {
    this.ghost = null;
    this.phase = 'session';
    this.sessions++;
    this.sessionStartMs = this.lastInputMs = atMs;
    this.sessionPresses = Object.fromEntries(this.buttons.map((b) => [b, 0]));
    this.model.rebase(atMs);
    this.raise({ type: 'session-start', session: this.sessions });
  }

  private endSession(reason: 'idle' | 'closing' | 'stop' | 'reset'): void {
    this.raise({ type: 'session-end', session: this.sessions, reason, dwellMs: this.lastInputMs - this.sessionStartMs, presses: { ...this.sessionPresses } });
  }

  /** Moves the exhibition on to board time `boardMs` (called every frame, before drawing). */
  tick(boardMs: number): void {
    // Several boards tick it, each at its own time: the exhibition's time never goes back.
    this.boardMs = Math.max(boardMs, this.boardMs ?? boardMs);
    if (this.schedule && boardMs >= this.nextHoursCheckMs) {
      this.nextHoursCheckMs = boardMs + HOURS_CHECK_MS;
      this.checkHours(boardMs);
    }
    // A button held down is a visitor still there: the wait starts at its release.
    if (this.lifecycle && this.phase === 'session' && this.held.size === 0 && boardMs - this.lastInputMs >= this.idleAfterMs) this.visitOver(boardMs);
    else if (this.phase === 'rest' && boardMs - this.restStartMs >= this.idle.restMs) this.restOver(boardMs);
    if (this.lifecycle && this.phase === 'idle') this.playGhost(boardMs);
    if (this.checkpointFile !== null && boardMs >= this.nextCheckpointMs) {
      this.nextCheckpointMs = boardMs + this.checkpointEveryMs;
      if (!this.saving) void this.checkpoint('interval');
    }
  }

  /** Nobody has been here for `idle.afterS`: the visit ends; the exhibit rests back to its start, or keeps what it learnt. */
  private visitOver(boardMs: number): void {
    this.endSession('idle');
    if (this.idle.mode === 'reset') this.beginRest(boardMs);
    else this.enterIdle(boardMs);
  }

  /** The starting state comes back at once (the model waits); the LEDs ease to it over `idle.restMs`. */
  private beginRest(boardMs: number, reason: ResetReason = 'idle'): void {
    this.reset(boardMs, reason);
    this.phase = 'rest';
    this.restStartMs = boardMs;
    if (this.idle.restMs <= 0) this.restOver(boardMs);
  }

  /**
   * The LEDs have eased back: with the lifecycle the attract demo plays until the next visitor;
   * without it (one long visit) the model runs on from its starting state.
   */
  private restOver(boardMs: number): void {
    if (this.lifecycle) return this.enterIdle(boardMs);
    this.phase = 'session';
    this.model.rebase(boardMs);
  }

  /**
   * The docent's reset, at board time `boardMs`: a visit under way ends (reason `reset`), the model
   * goes back to its starting state at once and the LEDs ease to it over `idle.restMs`, as after a
   * visit (`idle.mode` "reset" or not: the docent asked for it). Outside opening hours the model is
   * reset and the exhibit stays dark.
   */
  resetNow(boardMs: number): void {
    if (this.phase === 'closed') return this.reset(boardMs, 'docent');
    if (this.lifecycle && this.phase === 'session') this.endSession('reset');
    this.ghost = null;
    this.beginRest(boardMs, 'docent');
  }

  private enterIdle(boardMs: number): void {
    this.phase = 'idle';
    this.ghost = new Ghost(this.attract, this.model, boardMs);
  }

  /** How long without a press ends a visit now. */
  private get idleAfterMs(): number {
    return this.lessonRunning ? Math.max(this.idle.afterMs, LESSON_IDLE_MS) : this.idle.afterMs;
  }

  /** The ghost visitor plays the demo on a copy; the model waits. */
  private playGhost(boardMs: number): void {
    this.ghost ??= new Ghost(this.attract, this.model, boardMs);
    this.ghost.playTo(boardMs);
  }

  private checkHours(boardMs: number): void {
    const open = this.schedule!.isOpen(this.wallClock());
    if (!open && this.phase !== 'closed') {
      if (this.phase === 'session') this.endSession('closing');
      this.ghost = null;
      this.held.clear();
      this.model.releaseAll();
      this.phase = 'closed';
      this.raise({ type: 'hours', open: false });
      if (this.checkpointFile !== null) void this.checkpoint('closing');
    } else if (open && this.phase === 'closed') {
      if (this.exhibit.hours!.atOpening === 'fresh') this.reset(boardMs, 'opening');
      this.raise({ type: 'hours', open: true });
      this.enterIdle(boardMs);
    }
  }

  /** What the LEDs should show now (after `tick`). */
  scene(): Scene {
    if (this.phase === 'closed') return { kind: 'dark' };
    if (this.phase === 'rest') {
      const progress = this.idle.restMs > 0 ? Math.min(1, Math.max(0, ((this.boardMs ?? 0) - this.restStartMs) / this.idle.restMs)) : 1;
      return { kind: 'rest', model: this.model, sinceMs: this.restStartMs, progress };
    }
    if (this.phase === 'idle' && this.ghost) return { kind: 'live', model: this.ghost.model };
    return { kind: 'live', model: this.model };
  }

  /** The state a checkpoint keeps, now. */
  private checkpointBody(): CheckpointBody {
    return {
      exhibit: { name: this.exhibit.name, fingerprint: modelFingerprint(this.exhibit) },
      savedAtMs: this.wallClock(),
      phase: this.phase,
      sessions: this.sessions,
      model: this.model.snapshot(),
      baseline: this.baseline,
    };
  }

  /**
   * Saves the state now (after any save under way). A failure is a `fault` event, never an exception:
   * the exhibit goes on and the next interval tries again.
   */
  async checkpoint(reason: 'interval' | 'closing' | 'stop'): Promise<void> {
    const path = this.checkpointFile;
    if (path === null) return;
    while (this.saving) await this.saving;
    const body = this.checkpointBody();
    const save = (async () => {
      try {
        const bytes = await writeCheckpoint(path, body);
        this.raise({ type: 'checkpoint', reason, path, bytes });
      } catch (err) {
        this.raise({ type: 'fault', kind: 'checkpoint-failed', message: `Could not save the state to ${path}: ${(err as Error).message}` });
      }
    })();
    this.saving = save;
    await save;
    if (this.saving === save) this.saving = null;
  }

  /** The run is over: a visit under way ends (`stop`) and the state is saved. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.lifecycle && this.phase === 'session') this.endSession('stop');
    await this.checkpoint('stop');
  }
}
