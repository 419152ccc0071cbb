import type { Caption } from '../web/protocol.js';
import type { Lesson, LessonState, StepDone } from './types.js';

/** What the visitor did, on board time (the runtime's visitor events). */
export type LessonInput =
  | { kind: 'press'; target: string; atMs: number }
  | { kind: 'release'; target: string; atMs: number }
  | { kind: 'age'; age: number; atMs: number };

/**
 * A lesson as it runs: each step completes when what it waits for happens — a visitor action, or
 * something the model did as told by a caption (from a model event or a change of state) — never
 * after a time. Pure; fed by the page's feed or the terminal.
 */
export class LessonProgress {
  private step = 0;
  private readonly downAt = new Map<string, number>();
  /** Presses during the current step, by button, board ms. */
  private presses: Array<{ target: string; atMs: number }> = [];
  private togetherCount = 0;
  private readonly seenAtMs: number[] = [];

  constructor(readonly lesson: Lesson) {}

  get finished(): boolean {
    return this.step >= this.lesson.steps.length;
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

  private get done(): StepDone | undefined {
    return this.lesson.steps[this.step]?.done;
  }

  /** Moves on when `met` (at board time `atMs`); returns whether the lesson moved. */
  private advance(met: boolean, atMs: number): boolean {
    if (!met) return false;
    this.seenAtMs[this.step] = atMs;
    this.step++;
    this.presses = [];
    this.togetherCount = 0;
    return true;
  }

  /** A visitor action; returns whether a step completed. */
  onInput(e: LessonInput): boolean {
    const d = this.done;
    if (e.kind === 'press') this.downAt.set(e.target, e.atMs);
    if (!d) return false;
    if (e.kind === 'age') return this.advance('age' in d && (d.age === 'below' ? e.age < d.value : e.age > d.value), e.atMs);
    if (e.kind === 'release') {
      const down = this.downAt.get(e.target);
      return this.advance('hold' in d && d.hold === e.target && down !== undefined && e.atMs - down >= d.ms, e.atMs);
    }
    const before = this.presses.filter((p) => p.target === e.target);
    this.presses.push({ target: e.target, atMs: e.atMs });
    if ('press' in d) return this.advance(d.press === e.target && before.length + 1 >= d.times, e.atMs);
    if ('twoTaps' in d && d.twoTaps === e.target && before.length > 0) {
      const gap = e.atMs - before[before.length - 1]!.atMs;
      return this.advance((d.maxGapMs === undefined || gap <= d.maxGapMs) && (d.minGapMs === undefined || gap >= d.minGapMs), e.atMs);
    }
    if ('together' in d && d.together.includes(e.target)) {
      const recent = new Set(this.presses.filter((p) => e.atMs - p.atMs <= d.withinMs).map((p) => p.target));
      if (d.together.every((t) => recent.has(t))) {
        this.togetherCount++;
        // One chord counts once: its presses are used up.
        this.presses = [];
        return this.advance(this.togetherCount >= d.times, e.atMs);
      }
    }
    return false;
  }

  /** Something the model did (a caption); returns whether a step completed. */
  onCaption(c: Caption): boolean {
    const d = this.done;
    if (!d || !('event' in d)) return false;
    return this.advance(d.event.includes(c.kind) && (d.subject === undefined || d.subject === c.subject), c.tMs);
  }
}
