import type { Rgb } from '../link/index.js';

/** One step of the doctor's verdict. */
export interface CheckResult {
  /** Short name of what was checked ("Strip 0 length", "Touch button"). */
  name: string;
  ok: boolean;
  /** What was found, in plain words. */
  message: string;
  /** What to do about it, when something is wrong (or could be better). */
  fix?: string;
}

export interface DoctorReport {
  /** True when every check passed. */
  ok: boolean;
  checks: CheckResult[];
}

/** What a person says a lit LED looks like. */
export type SeenColour = 'red' | 'green' | 'blue' | 'other' | 'nothing';

/**
 * A question about what the strips show. `kind` and its fields say exactly what is asked, so a
 * scripted person can answer it by looking; `text` says it in plain words, and `lit` says what the
 * doctor has lit, for a person who wants the context.
 */
export type Question = { text: string; lit: string } & (
  | { kind: 'first-lit'; strip: number }
  | { kind: 'any-lit'; strip: number }
  | { kind: 'end-lit'; strip: number }
  | { kind: 'more-after'; strip: number }
  | { kind: 'strip-length'; strip: number }
  | { kind: 'first-colour'; strip: number }
  | { kind: 'segment'; segment: number }
  | { kind: 'segment-first' | 'segment-last'; segment: number }
);

/** Something the person does with the kit. */
export type Action =
  | { kind: 'press'; text: string; label: string; pin: number }
  | { kind: 'turn'; text: string; control: string; to: 'newborn' | 'adult' };

/**
 * Whoever stands at the kit: a workshop leader at a terminal, or a script on the twin. Answers are
 * about what the person sees on the strips; actions are physical and resolve once done (a press may
 * resolve at once: the doctor watches the pins for it).
 */
export interface Person {
  yesNo(question: Question): Promise<boolean>;
  colour(question: Question): Promise<SeenColour>;
  /** A whole number ≥ 0. */
  count(question: Question): Promise<number>;
  act(action: Action): Promise<void>;
}

/** What the doctor lights for one question: per pixel index of all strips end to end, a colour. */
export type Frame = Rgb[];
