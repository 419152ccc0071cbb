import type { CaptionKind } from '../web/protocol.js';

/**
 * What completes a step: something the visitor did, or something the model did (a caption kind: each
 * comes from a model event or a change of model state, see web/captions.ts). Never a time.
 */
export type StepDone =
  /** The visitor pressed this neuron's button `times` times during the step. */
  | { press: string; times: number }
  /** Held this button at least `ms` (board time). */
  | { hold: string; ms: number }
  /** Two presses of this button, the second within `maxGapMs` of the first, or at least `minGapMs` after it. */
  | { twoTaps: string; maxGapMs?: number; minGapMs?: number }
  /** Pressed every one of these buttons within `withinMs` of each other, `times` times. */
  | { together: string[]; withinMs: number; times: number }
  /** The age dial moved below or above a position (0 newborn … 1 adult). */
  | { age: 'below' | 'above'; value: number }
  /** The model did one of these (told as a caption of that kind), about `subject` when given. */
  | { event: CaptionKind[]; subject?: string };

export interface LessonStep {
  /** The question or invitation shown in large type. */
  prompt: string;
  /** What to do, one sentence. */
  do: string;
  /** What to watch for. */
  notice: string;
  /** Why it happens, in a sentence or two. */
  why: string;
  done: StepDone;
}

/** A guided lesson: one idea, one exhibit, a few steps of prompt → do → notice → why. */
export interface Lesson {
  /** The file's name without `.json`: what `neuron-kit lesson NAME` takes. */
  name: string;
  title: string;
  /** The idea, in one sentence. */
  idea: string;
  /** The bundled exhibit it runs on (a file in exhibits/). */
  exhibit: string;
  /** How long it takes, minutes (under five). */
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
  steps: Array<Omit<LessonStep, 'done'> & { done: boolean; seenAtMs?: number }>;
  finished: boolean;
}
