import type { Exhibit } from '../exhibit/types.js';
import { relativeOf, type StoryView } from '../story/view.js';
import type { Check } from './checks.js';
import { checksOf } from './read.js';
import type { Lesson } from './types.js';

/** One segment's pixels as a visitor saw them: `[r, g, b]` after gamma, in logical order. */
export interface SegmentPixels {
  shows: 'axon' | 'synapse' | 'soma';
  strip: number;
  first: number;
  last: number;
  pixels: Array<[number, number, number]>;
}

/** What a step's checks are about, when the step was seen: on the model, and on the strip. */
export interface SubjectRecord {
  /** A synapse: its efficacy and its reference (story/strength.ts), their ratio minus 1, contacts. */
  efficacy?: number;
  reference?: number;
  change?: number;
  contacts?: number;
  referenceContacts?: number;
  /** Its release probability and receptors per contact (its presynaptic and postsynaptic sides), and theirs at the reference. */
  release?: number;
  referenceRelease?: number;
  receptors?: number;
  referenceReceptors?: number;
  exists?: boolean;
  /** A neuron: whether it is alive. */
  alive?: boolean;
  /** Its segments on the strips, when the step was seen and when the lesson began. */
  segments: SegmentPixels[];
  startSegments: SegmentPixels[];
  /** Whether an action potential's flash was on it then (its light is then no measure of its strength). */
  flashing: boolean;
  startFlashing: boolean;
}

export interface StepRecord {
  step: number;
  prompt: string;
  notice: string;
  checks: Check[];
  /** Board time the step was seen, seconds from the lesson's start; null: not seen. */
  seenAt: number | null;
  subjects: Record<string, SubjectRecord>;
}

/** `neuron-kit lesson --json` (docs/lessons.md). */
export interface LessonResult {
  version: 1;
  lesson: string;
  title: string;
  exhibit: string;
  board: string;
  /** Board time the run lasted, seconds. */
  duration: number;
  completed: boolean;
  steps: StepRecord[];
  /** The model's synapses at the end, as `run --json` gives them. */
  synapses: Record<string, { efficacy: number; release: number; receptors: number; contacts: number; exists: boolean }>;
}

/** The ids a check is about: its synapse (and the one it is compared with), or its neuron. */
export function subjectsOf(check: Check): string[] {
  if ('neuron' in check) return [check.neuron];
  return 'strongerThan' in check ? [check.synapse, check.strongerThan] : [check.synapse];
}

/** Pixels of every segment showing `id` (a synapse or a neuron's soma), from frames per strip. */
export function segmentsOf(exhibit: Exhibit, id: string, frames: ReadonlyArray<ReadonlyArray<[number, number, number]> | null>): SegmentPixels[] {
  const neuron = !id.includes('->');
  return exhibit.segments
    .filter((s) => s.of === id && (neuron ? s.shows === 'soma' : s.shows === 'synapse'))
    .map((s) => ({ shows: s.shows, strip: s.strip, first: s.first, last: s.last, pixels: Array.from({ length: s.last - s.first + 1 }, (_, k) => [...(frames[s.strip]?.[s.first + k] ?? [0, 0, 0])] as [number, number, number]) }));
}

/**
 * Records a lesson as a scripted trial plays it: each step when it was seen, what its checks are
 * about on the model then, and the pixels of their segments then and at the start. Pure.
 */
export class LessonRecorder {
  private startMs: number | null = null;
  private startFrames: ReadonlyArray<ReadonlyArray<[number, number, number]> | null> = [];
  private startFlashing: (id: string) => boolean = () => false;
  private readonly steps: StepRecord[];

  constructor(
    private readonly lesson: Lesson,
    private readonly exhibit: Exhibit,
  ) {
    this.steps = lesson.steps.map((s, i) => ({ step: i + 1, prompt: s.prompt, notice: s.notice, checks: checksOf(s.done), seenAt: null, subjects: {} }));
  }

  /** The lesson began at board time `atMs`. */
  start(atMs: number): void {
    this.startMs = atMs;
  }

  /**
   * The strips as the lesson began, once they first showed the exhibit: `frames` (and flashes where
   * `flashing` says). A step seen before then is compared with the strips as it was seen.
   */
  lookAtStart(frames: ReadonlyArray<ReadonlyArray<[number, number, number]> | null>, flashing: (id: string) => boolean = () => false): void {
    this.startFrames = frames;
    const flashed = new Set(this.lesson.steps.flatMap((s) => checksOf(s.done).flatMap(subjectsOf)).filter(flashing));
    this.startFlashing = (id) => flashed.has(id);
  }

  /** Step `index` was seen at board time `atMs`, the model as `view`, the strips showing `frames`. */
  seen(index: number, atMs: number, view: StoryView, frames: ReadonlyArray<ReadonlyArray<[number, number, number]> | null>, flashing: (id: string) => boolean = () => false): void {
    const record = this.steps[index];
    if (!record) return;
    record.seenAt = (atMs - (this.startMs ?? atMs)) / 1000;
    for (const id of new Set(record.checks.flatMap(subjectsOf))) {
      const subject: SubjectRecord = { segments: segmentsOf(this.exhibit, id, frames), startSegments: segmentsOf(this.exhibit, id, this.startFrames.length > 0 ? this.startFrames : frames), flashing: flashing(id), startFlashing: this.startFlashing(id) };
      const s = view.synapses[id];
      if (s) {
        Object.assign(subject, {
          efficacy: s.efficacy, reference: s.reference, change: relativeOf(s) - 1, contacts: s.contacts, referenceContacts: s.referenceContacts,
          release: s.release, referenceRelease: s.referenceRelease, receptors: s.receptors, referenceReceptors: s.referenceReceptors, exists: s.exists,
        });
      }
      else if (view.neurons[id]) subject.alive = view.neurons[id]!.alive;
      record.subjects[id] = subject;
    }
  }

  result(rest: Pick<LessonResult, 'board' | 'duration' | 'synapses'>): LessonResult {
    const completed = this.steps.every((s) => s.seenAt !== null);
    return { version: 1, lesson: this.lesson.name, title: this.lesson.title, exhibit: this.exhibit.name, ...rest, completed, steps: this.steps };
  }
}
