import { describe } from '../protocol/duration.js';
import { Problems } from '../protocol/problems.js';
import type { CaptionKind } from '../web/protocol.js';
import type { Exhibit } from '../exhibit/types.js';
import type { Lesson, LessonStep, StepDone } from './types.js';

/** Every caption kind a step may wait for (web/captions.ts tells each from the model). */
export const EVENT_KINDS: readonly CaptionKind[] = [
  'press', 'injury', 'age', 'cut', 'formed', 'regrown', 'pruned-disuse', 'pruned-weak', 'pruned-lost',
  'contact-gained', 'contact-lost', 'lost-development', 'lost-lesion',
  'potentiated', 'depressed', 'fading', 'recovering', 'scaled-up', 'scaled-down',
];
/** A lesson fits a visit: under five minutes. */
const MAX_MINUTES = 5;
const MAX_STEPS = 12;

/** What the lesson's steps may name: the exhibit's neuron ids with a button, and its synapse and neuron ids. */
export interface LessonContext {
  buttons: readonly string[];
  subjects: readonly string[];
}

function readDone(value: unknown, path: string, ctx: LessonContext, problems: Problems): StepDone | undefined {
  const o = problems.object(value, path);
  if (!o) return undefined;
  const button = (v: unknown, p: string) => {
    const id = problems.string(v, p);
    if (id !== undefined && !ctx.buttons.includes(id)) problems.add(p, `"${id}" is not a button of the lesson's exhibit; use one of ${ctx.buttons.join(', ')}`);
    return id;
  };
  const count = (v: unknown, p: string) => problems.number(v, p, { integer: true, min: 1, max: 1000 });
  const ms = (v: unknown, p: string) => problems.number(v, p, { min: 1, max: 600_000 });
  if ('press' in o) {
    problems.onlyKeys(o, path, ['press', 'times']);
    const press = button(o.press, `${path}.press`);
    const times = o.times === undefined ? 1 : count(o.times, `${path}.times`);
    return press !== undefined && times !== undefined ? { press, times } : undefined;
  }
  if ('hold' in o) {
    problems.onlyKeys(o, path, ['hold', 'ms']);
    const hold = button(o.hold, `${path}.hold`);
    const t = ms(o.ms, `${path}.ms`);
    return hold !== undefined && t !== undefined ? { hold, ms: t } : undefined;
  }
  if ('twoTaps' in o) {
    problems.onlyKeys(o, path, ['twoTaps', 'maxGapMs', 'minGapMs']);
    const twoTaps = button(o.twoTaps, `${path}.twoTaps`);
    if (o.maxGapMs === undefined && o.minGapMs === undefined) problems.add(path, 'give maxGapMs (taps close together) or minGapMs (taps far apart)');
    const maxGapMs = o.maxGapMs === undefined ? undefined : ms(o.maxGapMs, `${path}.maxGapMs`);
    const minGapMs = o.minGapMs === undefined ? undefined : ms(o.minGapMs, `${path}.minGapMs`);
    return twoTaps !== undefined ? { twoTaps, ...(maxGapMs !== undefined ? { maxGapMs } : {}), ...(minGapMs !== undefined ? { minGapMs } : {}) } : undefined;
  }
  if ('together' in o) {
    problems.onlyKeys(o, path, ['together', 'withinMs', 'times']);
    const list = problems.array(o.together, `${path}.together`) ?? [];
    if (Array.isArray(o.together) && list.length < 2) problems.add(`${path}.together`, 'needs at least two buttons');
    const together = list.map((b, i) => button(b, `${path}.together[${i}]`)).filter((b): b is string => b !== undefined);
    const withinMs = ms(o.withinMs, `${path}.withinMs`);
    const times = o.times === undefined ? 1 : count(o.times, `${path}.times`);
    return withinMs !== undefined && times !== undefined && together.length === list.length ? { together, withinMs, times } : undefined;
  }
  if ('age' in o) {
    problems.onlyKeys(o, path, ['age', 'value']);
    if (o.age !== 'below' && o.age !== 'above') problems.add(`${path}.age`, `must be "below" or "above", got ${describe(o.age)}`);
    const v = problems.number(o.value, `${path}.value`, { min: 0, max: 1 });
    return (o.age === 'below' || o.age === 'above') && v !== undefined ? { age: o.age, value: v } : undefined;
  }
  if ('event' in o) {
    problems.onlyKeys(o, path, ['event', 'subject']);
    const raw = typeof o.event === 'string' ? [o.event] : o.event;
    const list = Array.isArray(raw) ? raw : [];
    if (!Array.isArray(raw) || list.length === 0) problems.add(`${path}.event`, `must be an event kind or a list of them (${EVENT_KINDS.join(', ')})`);
    const kinds = list.filter((k, i) => {
      const ok = EVENT_KINDS.includes(k as CaptionKind);
      if (!ok) problems.add(typeof o.event === 'string' ? `${path}.event` : `${path}.event[${i}]`, `unknown event ${describe(k)}; known: ${EVENT_KINDS.join(', ')}`);
      return ok;
    }) as CaptionKind[];
    const subject = o.subject === undefined ? undefined : problems.string(o.subject, `${path}.subject`);
    if (subject !== undefined && !ctx.subjects.includes(subject)) problems.add(`${path}.subject`, `"${subject}" is not a neuron or synapse of the lesson's exhibit; use one of ${ctx.subjects.join(', ')}`);
    return kinds.length > 0 ? { event: kinds, ...(subject !== undefined ? { subject } : {}) } : undefined;
  }
  problems.add(path, 'must say what completes the step: press, hold, twoTaps, together, age or event');
  return undefined;
}

/**
 * Validates a parsed lesson file against the exhibit it runs on (`context` from that exhibit);
 * throws InvalidDocumentError listing every problem by JSON path.
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
    problems.onlyKeys(st, path, ['prompt', 'do', 'notice', 'why', 'done']);
    const texts = (['prompt', 'do', 'notice', 'why'] as const).map((k) => problems.string(st[k], `${path}.${k}`) ?? '');
    const done = ctx ? readDone(st.done, `${path}.done`, ctx, problems) : undefined;
    return done ? [{ prompt: texts[0]!, do: texts[1]!, notice: texts[2]!, why: texts[3]!, done }] : [];
  });
  problems.throwIfAny(`The lesson "${name}"`);
  return { name, title, idea, exhibit, minutes, notes, steps };
}

/** What a lesson may name on an exhibit: its buttons (and "injury") and its neurons and synapses. */
export function lessonContext(exhibit: Exhibit): LessonContext {
  const buttons = exhibit.neurons.filter((n) => n.button !== undefined).map((n) => n.id);
  if (exhibit.controls.injury) buttons.push('injury');
  const subjects = [...exhibit.neurons.map((n) => n.id), ...exhibit.synapses.map((s) => `${s.from}->${s.to}`), ...exhibit.candidates.map(([a, b]) => `${a}->${b}`)];
  return { buttons, subjects };
}
