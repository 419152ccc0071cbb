import type { VisitorAction } from '../runtime/script.js';
import type { Check } from './checks.js';

export type { Check };

/** Something a visitor does that completes a step. */
export type StepAction =
  /** The visitor pressed this neuron's button `times` times during the step. */
  | { press: string; times: number }
  /** Held this button at least `ms` (board time). */
  | { hold: string; ms: number }
  /** Two presses of this button, the second within `maxGapMs` of the first, or at least `minGapMs` after it. */
  | { twoTaps: string; maxGapMs?: number; minGapMs?: number }
  /** Pressed every one of these buttons within `withinMs` of each other, `times` times. */
  | { together: string[]; withinMs: number; times: number }
  /** The age dial moved below or above a position (0 newborn … 1 adult). */
  | { age: 'below' | 'above'; value: number };

/**
 * What completes a step: something the visitor did (an action, and then, when `then` is given, what
 * it did to the exhibit, checked right after it), or a state of the exhibit that its checks hold for
 * at least `forMs` of board time. Never a time alone, never an event.
 */
export type StepDone =
  | (StepAction & { then?: Check[] })
  | { state: Check[]; forMs: number };

/**
 * What a scripted student does during a step: visitor actions (as in a run script, docs/run.md) at
 * board times from the moment the step began, the whole block played again every `everyMs` (if
 * given) until the step is seen.
 */
export interface StudentPart {
  actions: VisitorAction[];
  everyMs?: number;
}

export interface LessonStep {
  /** The question or invitation shown in large type. */
  prompt: string;
  /** What to do, one sentence. */
  do: string;
  /** What to watch for: it may claim only what the step's checks back (checks.ts). */
  notice: string;
  /** Why it happens, in a sentence or two. */
  why: string;
  done: StepDone;
  /** What the lesson's scripted student does in this step (tests and `neuron-kit lesson --for`). */
  student: StudentPart;
}

/** A guided lesson: one idea, one exhibit, a few steps of prompt → do → notice → why. */
export interface Lesson {
  /** The file's name without `.json`: what `neuron-kit lesson NAME` takes. */
  name: string;
  title: string;
  /** The idea, in one sentence: its last step's checks are what make it true. */
  idea: string;
  /** The bundled exhibit it runs on (a file in exhibits/). */
  exhibit: string;
  /** How long it takes, minutes (under five): its scripted student finishes within this. */
  minutes: number;
  /** The teacher notes (a Markdown file in lessons/). */
  notes: string;
  steps: LessonStep[];
}

/** A lesson as it runs: the page and the terminal show this. */
export interface LessonState {
  name: string;
  title: string;
  idea: string;
  /** Index of the step in progress; steps.length when finished. */
  step: number;
  /** Each step, whether it was seen, and the board time it was seen at (ms). */
  steps: Array<Omit<LessonStep, 'done' | 'student'> & { done: boolean; seenAtMs?: number }>;
  finished: boolean;
}
