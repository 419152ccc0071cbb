import { describe } from '../experiment/duration.js';
import { Problems } from '../experiment/problems.js';
import { ANIMATION } from '../render/animation.js';
import { readScriptInto } from '../runtime/script.js';
import type { Exhibit } from '../exhibit/types.js';
import { readChecks, unbackedWords, type Check } from './checks.js';
import type { Lesson, LessonStep, StepAction, StepDone, StudentPart } from './types.js';

/** A lesson fits a visit: under five minutes. */
const MAX_MINUTES = 5;
const MAX_STEPS = 12;

/** What the lesson's steps may name on its exhibit. */
export interface LessonContext {
  /** Neuron ids with a button, and `injury` when there is one. */
  buttons: readonly string[];
  synapses: readonly string[];
  neurons: readonly string[];
  /** The exhibit itself: the students' actions are read against it. */
  exhibit: Pick<Exhibit, 'neurons' | 'controls'>;
}

const ms = (problems: Problems, v: unknown, p: string) => problems.number(v, p, { min: 1, max: 600_000 });

function readAction(o: Record<string, unknown>, path: string, ctx: LessonContext, problems: Problems): StepAction | undefined {
  const button = (v: unknown, p: string) => {
    const id = problems.string(v, p);
    if (id !== undefined && !ctx.buttons.includes(id)) problems.add(p, `"${id}" is not a button of the lesson's exhibit; use one of ${ctx.buttons.join(', ')}`);
    return id;
  };
  const count = (v: unknown, p: string) => problems.number(v, p, { integer: true, min: 1, max: 1000 });
  if ('press' in o) {
    problems.onlyKeys(o, path, ['press', 'times', 'then']);
    const press = button(o.press, `${path}.press`);
    const times = o.times === undefined ? 1 : count(o.times, `${path}.times`);
    return press !== undefined && times !== undefined ? { press, times } : undefined;
  }
  if ('hold' in o) {
    problems.onlyKeys(o, path, ['hold', 'ms', 'then']);
    const hold = button(o.hold, `${path}.hold`);
    const t = ms(problems, o.ms, `${path}.ms`);
    return hold !== undefined && t !== undefined ? { hold, ms: t } : undefined;
  }
  if ('twoTaps' in o) {
    problems.onlyKeys(o, path, ['twoTaps', 'maxGapMs', 'minGapMs', 'then']);
    const twoTaps = button(o.twoTaps, `${path}.twoTaps`);
    if (o.maxGapMs === undefined && o.minGapMs === undefined) problems.add(path, 'give maxGapMs (taps close together) or minGapMs (taps far apart)');
    const maxGapMs = o.maxGapMs === undefined ? undefined : ms(problems, o.maxGapMs, `${path}.maxGapMs`);
    const minGapMs = o.minGapMs === undefined ? undefined : ms(problems, o.minGapMs, `${path}.minGapMs`);
    return twoTaps !== undefined ? { twoTaps, ...(maxGapMs !== undefined ? { maxGapMs } : {}), ...(minGapMs !== undefined ? { minGapMs } : {}) } : undefined;
  }
  if ('together' in o) {
    problems.onlyKeys(o, path, ['together', 'withinMs', 'times', 'then']);
    const list = problems.array(o.together, `${path}.together`) ?? [];
    if (Array.isArray(o.together) && list.length < 2) problems.add(`${path}.together`, 'needs at least two buttons');
    const together = list.map((b, i) => button(b, `${path}.together[${i}]`)).filter((b): b is string => b !== undefined);
    const withinMs = ms(problems, o.withinMs, `${path}.withinMs`);
    const times = o.times === undefined ? 1 : count(o.times, `${path}.times`);
    return withinMs !== undefined && times !== undefined && together.length === list.length ? { together, withinMs, times } : undefined;
  }
  if ('age' in o) {
    problems.onlyKeys(o, path, ['age', 'value', 'then']);
    if (o.age !== 'below' && o.age !== 'above') problems.add(`${path}.age`, `must be "below" or "above", got ${describe(o.age)}`);
    const v = problems.number(o.value, `${path}.value`, { min: 0, max: 1 });
    return (o.age === 'below' || o.age === 'above') && v !== undefined ? { age: o.age, value: v } : undefined;
  }
  return undefined;
}

function readDone(value: unknown, path: string, ctx: LessonContext, problems: Problems): StepDone | undefined {
  const o = problems.object(value, path);
  if (!o) return undefined;
  if ('state' in o) {
    problems.onlyKeys(o, path, ['state', 'for']);
    const state = readChecks(o.state, `${path}.state`, ctx, problems);
    const forMs = o.for === undefined ? 0 : problems.duration(o.for, `${path}.for`, 'nonNegative');
    // A synapse that goes or comes fades out or grows in on the strip: the step is seen once it has.
    const animationMs = Math.max(...(state ?? []).map((c) => ('gone' in c ? ANIMATION.fadeMs : 'present' in c ? ANIMATION.growMs : 0)), 0);
    if (forMs !== undefined && forMs < animationMs) problems.add(`${path}.for`, `must be at least ${animationMs / 1000} s: a synapse that goes or comes takes that long to fade out or grow in on the strip, and the step must not be seen before it has`);
    return state && forMs !== undefined ? { state, forMs } : undefined;
  }
  const action = readAction(o, path, ctx, problems);
  if (!action) {
    if (!problems.list.some((p) => p.path.startsWith(path))) problems.add(path, 'must say what completes the step: press, hold, twoTaps, together, age, or a state of the exhibit');
    return undefined;
  }
  if (o.then === undefined) return action;
  const then = readChecks(o.then, `${path}.then`, { ...ctx, afterAction: true }, problems);
  return then ? { ...action, then } : undefined;
}

/** The checks a step's `done` makes on the exhibit (none for a bare action). */
export function checksOf(done: StepDone): Check[] {
  return 'state' in done ? done.state : done.then ?? [];
}

function readStudent(value: unknown, path: string, ctx: LessonContext, problems: Problems): StudentPart | undefined {
  const o = problems.object(value, path);
  if (!o) return undefined;
  problems.onlyKeys(o, path, ['do', 'every']);
  const actions = o.do === undefined ? [] : readScriptInto(o.do, ctx.exhibit, problems, `${path}.do`, 10_000);
  const everyMs = o.every === undefined ? undefined : problems.duration(o.every, `${path}.every`, 'positive');
  if (everyMs !== undefined && actions.some((a) => a.atMs >= everyMs)) problems.add(`${path}.every`, 'is shorter than the student\'s actions: each round must end before the next begins');
  return { actions, ...(everyMs !== undefined ? { everyMs } : {}) };
}

/**
 * Validates a parsed lesson file against the exhibit it runs on (`context` from that exhibit);
 * throws InvalidDocumentError listing every problem by JSON path. A notice that claims what its
 * step's checks do not back ("turns warm" on a step that checks nothing, or checks a weakening) is one.
 */
export function readLesson(doc: unknown, name: string, context: (exhibit: string, path: string, problems: Problems) => LessonContext | undefined): Lesson {
  const problems = new Problems();
  const o = problems.object(doc, '(lesson)') ?? {};
  problems.onlyKeys(o, '', ['$schema', 'title', 'idea', 'exhibit', 'minutes', 'notes', 'steps']);
  const title = problems.string(o.title, 'title') ?? '';
  const idea = problems.string(o.idea, 'idea') ?? '';
  const exhibit = problems.string(o.exhibit, 'exhibit') ?? '';
  const minutes = problems.number(o.minutes, 'minutes', { min: 0, max: MAX_MINUTES, exclusiveMin: true }) ?? 0;
  const notes = problems.string(o.notes, 'notes') ?? '';
  const ctx = exhibit ? context(exhibit, 'exhibit', problems) : undefined;
  const list = problems.array(o.steps, 'steps') ?? [];
  if (Array.isArray(o.steps) && (list.length === 0 || list.length > MAX_STEPS)) problems.add('steps', `needs 1–${MAX_STEPS} steps, got ${list.length}`);
  const steps = list.flatMap((s, i): LessonStep[] => {
    const path = `steps[${i}]`;
    const st = problems.object(s, path);
    if (!st) return [];
    problems.onlyKeys(st, path, ['prompt', 'do', 'notice', 'why', 'done', 'student']);
    const texts = (['prompt', 'do', 'notice', 'why'] as const).map((k) => problems.string(st[k], `${path}.${k}`) ?? '');
    const done = ctx ? readDone(st.done, `${path}.done`, ctx, problems) : undefined;
    const student = ctx ? readStudent(st.student, `${path}.student`, ctx, problems) : undefined;
    if (done) {
      for (const word of unbackedWords(texts[2]!, checksOf(done))) {
        problems.add(`${path}.notice`, `says "${word}", which none of the step's checks backs: check it in "done" (a state, or an action's "then"), or say only what the step checks`);
      }
    }
    return done && student ? [{ prompt: texts[0]!, do: texts[1]!, notice: texts[2]!, why: texts[3]!, done, student }] : [];
  });
  const last = steps.at(-1);
  if (last && checksOf(last.done).length === 0) problems.add(`steps[${steps.length - 1}].done`, 'the last step must check the idea on the exhibit (a state, or an action\'s "then"): a lesson completes only when its idea holds');
  problems.throwIfAny(`The lesson "${name}"`);
  return { name, title, idea, exhibit, minutes, notes, steps };
}

/** What a lesson may name on an exhibit: its buttons (and "injury") and its neurons and synapses. */
export function lessonContext(exhibit: Exhibit): LessonContext {
  const buttons = exhibit.neurons.filter((n) => n.button !== undefined).map((n) => n.id);
  if (exhibit.controls.injury) buttons.push('injury');
  const synapses = [...exhibit.synapses.map((s) => `${s.from}->${s.to}`), ...exhibit.candidates.map(([a, b]) => `${a}->${b}`)];
  return { buttons, synapses, neurons: exhibit.neurons.map((n) => n.id), exhibit };
}
