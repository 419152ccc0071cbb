import type { StoryView } from '../story/view.js';
import { holds } from './checks.js';
import { checksOf } from './read.js';
import type { Lesson, LessonState, StepAction } from './types.js';

/**
 * How long after an action its `then` checks are looked for, board ms: what a press did takes a moment
 * to show (the target's own action potentials follow the presses by tens to hundreds of ms, and a
 * burst's last spikes change the synapse after the button is let go).
 */
export const THEN_WINDOW_MS = 1500;

/** What the visitor did, on board time (the runtime's visitor events). */
export type LessonInput =
  | { kind: 'press'; target: string; atMs: number }
  | { kind: 'release'; target: string; atMs: number }
  | { kind: 'age'; age: number; atMs: number };

/**
 * A lesson as it runs. A step completes when what it waits for is so: a visitor action (and then,
 * when it says so, what that did to the exhibit, looked for on the model in the moment after), or a state
 * of the exhibit held for as long as the step asks — checked on the model's story view, the same
 * quantity the captions and the strip show. Never after a time alone, never on an event. Pure; fed
 * by the page's feed or the terminal.
 */
export class LessonProgress {
  private step = 0;
  private readonly downAt = new Map<string, number>();
  /** Presses during the current step, by button, board ms. */
  private presses: Array<{ target: string; atMs: number }> = [];
  private togetherCount = 0;
  private readonly seenAtMs: number[] = [];
  /** The current step's action was done at this board time; its `then` checks are looked for until THEN_WINDOW_MS after. */
  private actedAtMs: number | null = null;
  /** Since when the current step's state has held, board ms (null: it does not hold now). */
  private holdingSinceMs: number | null = null;
  /** The last look at the model, and the look just before the current attempt at the step's action (its `since: "action"` checks measure from it). */
  private lastView: StoryView | null = null;
  private beforeAction: StoryView | null = null;
  /** When the current step began, board ms (null until the first input or look at the model). */
  private stepStartMs: number | null = null;

  constructor(readonly lesson: Lesson) {}

  get finished(): boolean {
    return this.step >= this.lesson.steps.length;
  }

  /** Index of the step in progress (steps.length when finished). */
  get current(): number {
    return this.step;
  }

  /** Board time the step in progress began (the lesson's start for the first), or null before anything was seen. */
  get currentStartMs(): number | null {
    return this.stepStartMs;
  }

  state(): LessonState {
    const { name, title, idea, steps } = this.lesson;
    return {
      name, title, idea,
      step: this.step,
      steps: steps.map((s, i) => ({ prompt: s.prompt, do: s.do, notice: s.notice, why: s.why, done: i < this.step, ...(i < this.step ? { seenAtMs: this.seenAtMs[i]! } : {}) })),
      finished: this.finished,
    };
  }

  /** Marks the lesson as begun at board time `atMs` (its first step starts then). */
  begin(atMs: number): void {
    this.stepStartMs ??= atMs;
  }

  private get action(): StepAction | undefined {
    const done = this.lesson.steps[this.step]?.done;
    return done && !('state' in done) ? done : undefined;
  }

  /** Moves on at board time `atMs`. */
  private advance(atMs: number): true {
    this.seenAtMs[this.step] = atMs;
    this.step++;
    this.presses = [];
    this.togetherCount = 0;
    this.actedAtMs = null;
    this.beforeAction = null;
    this.holdingSinceMs = null;
    this.stepStartMs = atMs;
    return true;
  }

  /** The action of the step was done at `atMs`: the step completes now, or once its `then` holds. */
  private acted(met: boolean, atMs: number): boolean {
    if (!met) return false;
    if (checksOf(this.lesson.steps[this.step]!.done).length === 0) return this.advance(atMs);
    this.actedAtMs = atMs;
    return false;
  }

  /** A visitor action; returns whether a step completed. */
  onInput(e: LessonInput): boolean {
    this.begin(e.atMs);
    const d = this.action;
    if (e.kind === 'press') this.downAt.set(e.target, e.atMs);
    if (!d) return false;
    // An attempt at the action begins: what the model was just before it is what `since: "action"` measures from.
    if (this.actedAtMs === null && (e.kind === 'age' || (e.kind === 'press' && ('hold' in d || this.presses.length === 0)))) this.beforeAction = this.lastView;
    if (e.kind === 'age') return this.acted('age' in d && (d.age === 'below' ? e.age < d.value : e.age > d.value), e.atMs);
    if (e.kind === 'release') {
      const down = this.downAt.get(e.target);
      return this.acted('hold' in d && d.hold === e.target && down !== undefined && e.atMs - down >= d.ms, e.atMs);
    }
    const before = this.presses.filter((p) => p.target === e.target);
    this.presses.push({ target: e.target, atMs: e.atMs });
    if ('press' in d) return this.acted(d.press === e.target && before.length + 1 >= d.times, e.atMs);
    if ('twoTaps' in d && d.twoTaps === e.target && before.length > 0) {
      const gap = e.atMs - before[before.length - 1]!.atMs;
      return this.acted((d.maxGapMs === undefined || gap <= d.maxGapMs) && (d.minGapMs === undefined || gap >= d.minGapMs), e.atMs);
    }
    if ('together' in d && d.together.includes(e.target)) {
      const recent = new Set(this.presses.filter((p) => e.atMs - p.atMs <= d.withinMs).map((p) => p.target));
      if (d.together.every((t) => recent.has(t))) {
        this.togetherCount++;
        // One chord counts once: its presses are used up.
        this.presses = [];
        return this.acted(this.togetherCount >= d.times, e.atMs);
      }
    }
    return false;
  }

  /** A look at the model (its story view at board time `view.tMs`); returns whether a step completed. */
  onSample(view: StoryView): boolean {
    this.begin(view.tMs);
    this.lastView = view;
    const step = this.lesson.steps[this.step];
    if (!step) return false;
    const checks = checksOf(step.done);
    if ('state' in step.done) {
      if (!checks.every((c) => holds(c, view))) {
        this.holdingSinceMs = null;
        return false;
      }
      this.holdingSinceMs ??= view.tMs;
      return view.tMs - this.holdingSinceMs >= step.done.forMs ? this.advance(view.tMs) : false;
    }
    if (this.actedAtMs === null || view.tMs <= this.actedAtMs) return false;
    // What the action did is looked for in the moment after it; if it did not do it, the action is to be done again.
    if (view.tMs - this.actedAtMs > THEN_WINDOW_MS) {
      this.actedAtMs = null;
      this.beforeAction = null;
      this.presses = [];
      this.togetherCount = 0;
      return false;
    }
    return checks.every((c) => holds(c, view, this.beforeAction ?? undefined)) ? this.advance(view.tMs) : false;
  }
}
