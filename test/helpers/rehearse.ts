import type { Exhibit } from '../../src/exhibit/types.js';
import { LessonProgress } from '../../src/lessons/progress.js';
import { Student } from '../../src/lessons/student.js';
import type { Lesson } from '../../src/lessons/types.js';
import { LessonRecorder } from '../../src/lessons/record.js';
import { isFlashing, renderFrames } from '../../src/render/index.js';
import { ExhibitModel, gainForAge } from '../../src/runtime/exhibit-model.js';
import type { VisitorAction } from '../../src/runtime/script.js';
import type { StoryView } from '../../src/story/view.js';

/** What a lesson rehearsal saw when a step was seen. */
export interface Seen {
  step: number;
  atMs: number;
  view: StoryView;
  frames: Uint8Array[];
}

/**
 * Plays a lesson with its scripted student on the model and the renderer alone (no board): the same
 * model, lesson progress and student as on the twin, board time stepped 1 ms at a time, a look at the
 * model every 200 ms as the page's feed does. Fast, for trying lessons; the twin test is the real one.
 */
export function rehearse(lesson: Lesson, exhibit: Exhibit, untilMs: number, options: { seed?: number; student?: boolean } = {}) {
  const model = new ExhibitModel(exhibit, { seed: options.seed ?? 1, startMs: 0 });
  model.setAge(exhibit.controls.age?.start ?? 1);
  const progress = new LessonProgress(lesson);
  const queue: Array<{ atMs: number; fn: () => void; cancelled: boolean }> = [];
  const schedule = (atMs: number, fn: () => void) => {
    const item = { atMs, fn, cancelled: false };
    queue.push(item);
    queue.sort((a, b) => a.atMs - b.atMs);
    return () => void (item.cancelled = true);
  };
  const seen: Seen[] = [];
  const recorder = new LessonRecorder(lesson, exhibit);
  const framesNow = () => renderFrames(exhibit, model.view(), model.animation, model.nowMs).frames;
  // The strips' pixels as [r, g, b], as the lesson recorder reads them off a board.
  const pixelsOf = (frames: Uint8Array[]) => frames.map((f) => Array.from({ length: f.length / 3 }, (_, i) => [f[3 * i]!, f[3 * i + 1]!, f[3 * i + 2]!] as [number, number, number]));
  const flashing = (id: string) => isFlashing(exhibit, model.animation, id, model.nowMs);
  const moved = (atMs: number) => {
    while (seen.length < progress.current) {
      const frames = framesNow();
      recorder.seen(seen.length, atMs, model.storyView(), pixelsOf(frames), flashing);
      seen.push({ step: seen.length, atMs, view: model.storyView(), frames });
    }
    student?.begin(progress.current, atMs);
  };
  const act = (a: VisitorAction) => {
    const atMs = model.nowMs;
    if (a.kind === 'dial') {
      model.setAge(a.fraction);
      if (progress.onInput({ kind: 'age', age: a.fraction, atMs })) moved(atMs);
      return;
    }
    if (a.pressed) {
      if (a.target === 'injury') model.injure();
      else model.press(a.target);
    } else if (a.target !== 'injury') model.release(a.target);
    if (progress.onInput({ kind: a.pressed ? 'press' : 'release', target: a.target, atMs })) moved(atMs);
  };
  const student = options.student === false ? null : new Student(lesson, schedule, act);
  progress.begin(model.nowMs);
  student?.begin(0, model.nowMs);
  const start = model.nowMs;
  let nextSample = start;
  const startFrames = framesNow();
  recorder.start(start);
  recorder.lookAtStart(pixelsOf(startFrames), flashing);
  while (model.nowMs < start + untilMs && !progress.finished) {
    const next = Math.min(nextSample, queue.find((q) => !q.cancelled)?.atMs ?? Infinity, start + untilMs);
    model.advanceTo(next);
    while (queue.length > 0 && queue[0]!.atMs <= model.nowMs) {
      const q = queue.shift()!;
      if (!q.cancelled) q.fn();
    }
    if (model.nowMs >= nextSample) {
      nextSample += 200;
      if (progress.onSample(model.storyView())) moved(model.nowMs);
    }
  }
  const result = recorder.result({ board: 'model', duration: (model.nowMs - start) / 1000, synapses: {} });
  return { progress, seen, model, startFrames, startMs: start, result };
}

export { gainForAge };
