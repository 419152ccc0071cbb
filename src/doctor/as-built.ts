import { BOARDS, type Exhibit } from '../exhibit/index.js';
import { ALL_ORDERS, type AnyOrder } from './colour-order.js';
import { exhibitButtons } from './inputs.js';

/**
 * A kit as it was really built, for the twin's scripted person: what is wired where, which may differ
 * from what the exhibit file says. Indexes follow the exhibit (strips[k] is the strip the exhibit
 * calls strip k, wherever its data wire really goes).
 */
export interface AsBuilt {
  strips: Array<{ pin: number; length: number; order: AnyOrder }>;
  /** Button label → the pin its wire really goes to, or null when it is not connected. */
  buttons: Record<string, number | null>;
  /**
   * The age dial: the analog channel its middle wire goes to, and the reading at each end as a
   * fraction of 5 V (a dial fed from 3.3 V reaches 0.66). Null when not connected.
   */
  dial: { analog: number; newborn: number; adult: number } | null;
  /** Where each segment of the exhibit really is on its strip. */
  segments: Array<{ first: number; last: number }>;
}

/** The kit exactly as the exhibit describes it: everything right. */
export function asBuiltFromExhibit(exhibit: Exhibit): AsBuilt {
  const age = exhibit.controls.age;
  return {
    strips: exhibit.strips.map((s) => ({ pin: s.pin, length: s.length, order: s.order })),
    buttons: Object.fromEntries(exhibitButtons(exhibit).map((b) => [b.label, b.pin])),
    dial: age ? { analog: age.analog, newborn: 0, adult: 1 } : null,
    segments: exhibit.segments.map((s) => ({ first: s.first, last: s.last })),
  };
}

/** An as-built file with mistakes; `problems` name each by its JSON path. */
export class AsBuiltError extends Error {
  readonly hint = 'See hardware/doctor/*.json for examples: each field overrides what the exhibit says, e.g. {"buttons": {"Touch": 5}}.';
  constructor(readonly problems: string[]) {
    super(`The as-built description has ${problems.length === 1 ? 'a mistake' : `${problems.length} mistakes`}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'AsBuiltError';
  }
}

type Doc = Record<string, unknown>;
const isObject = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown) => JSON.stringify(v) ?? String(v);

/**
 * Reads an as-built document: the exhibit's kit with some things changed, e.g.
 * `{"strips": [{"length": 40}], "buttons": {"Touch": 5}, "dial": {"adult": 0.66}}`. Every field is
 * optional; `about` is a free sentence. Throws {@link AsBuiltError} listing every mistake.
 */
export function readAsBuilt(doc: unknown, exhibit: Exhibit): AsBuilt {
  const built = asBuiltFromExhibit(exhibit);
  const problems: string[] = [];
  const board = BOARDS[exhibit.board.kind];
  const maxPin = Math.max(...board.digitalPins);
  const int = (v: unknown, path: string, min: number, max: number): number | undefined => {
    if (Number.isInteger(v) && (v as number) >= min && (v as number) <= max) return v as number;
    problems.push(`${path}: must be a whole number ${min}–${max}, got ${show(v)}`);
    return undefined;
  };
  const keys = (o: Doc, path: string, allowed: string[]) => {
    for (const k of Object.keys(o)) if (!allowed.includes(k)) problems.push(`${path}${path ? '.' : ''}${k}: unknown field (expected one of ${allowed.join(', ')})`);
  };
  if (!isObject(doc)) throw new AsBuiltError([`must be a JSON object, got ${show(doc)}`]);
  keys(doc, '', ['about', 'strips', 'buttons', 'dial', 'segments']);
  if (doc.strips !== undefined) {
    if (!Array.isArray(doc.strips) || doc.strips.length > exhibit.strips.length) problems.push(`strips: must be a list of at most ${exhibit.strips.length} (the exhibit's strips), got ${show(doc.strips)}`);
    else doc.strips.forEach((s: unknown, k) => {
      const path = `strips[${k}]`;
      if (!isObject(s)) return void problems.push(`${path}: must be an object like {"length": 40}, got ${show(s)}`);
      keys(s, path, ['pin', 'length', 'order']);
      const real = built.strips[k]!;
      if (s.pin !== undefined) real.pin = int(s.pin, `${path}.pin`, 2, maxPin) ?? real.pin;
      if (s.length !== undefined) real.length = int(s.length, `${path}.length`, 1, 1000) ?? real.length;
      if (s.order !== undefined) {
        if ((ALL_ORDERS as readonly unknown[]).includes(s.order)) real.order = s.order as AnyOrder;
        else problems.push(`${path}.order: must be one of ${ALL_ORDERS.join(', ')}, got ${show(s.order)}`);
      }
    });
  }
  if (doc.buttons !== undefined) {
    if (!isObject(doc.buttons)) problems.push(`buttons: must be an object of button label → pin, got ${show(doc.buttons)}`);
    else for (const [label, pin] of Object.entries(doc.buttons)) {
      if (!(label in built.buttons)) problems.push(`buttons.${label}: the exhibit has no button "${label}" (its buttons: ${Object.keys(built.buttons).join(', ') || 'none'})`);
      else if (pin === null) built.buttons[label] = null;
      else built.buttons[label] = int(pin, `buttons.${label}`, 2, maxPin) ?? built.buttons[label]!;
    }
  }
  if (doc.dial === null) built.dial = null;
  else if (doc.dial !== undefined) {
    if (!isObject(doc.dial)) problems.push(`dial: must be an object like {"adult": 0.66} or null, got ${show(doc.dial)}`);
    else if (!built.dial) problems.push('dial: the exhibit has no age dial (controls.age)');
    else {
      keys(doc.dial, 'dial', ['analog', 'newborn', 'adult']);
      const dial = built.dial;
      if (doc.dial.analog !== undefined) dial.analog = int(doc.dial.analog, 'dial.analog', 0, board.analogPins.length - 1) ?? dial.analog;
      for (const end of ['newborn', 'adult'] as const) {
        const v = doc.dial[end];
        if (v === undefined) continue;
        if (typeof v === 'number' && v >= 0 && v <= 1) dial[end] = v;
        else problems.push(`dial.${end}: must be a fraction of 5 V from 0 to 1, got ${show(v)}`);
      }
    }
  }
  if (doc.segments !== undefined) {
    if (!isObject(doc.segments)) problems.push(`segments: must be an object of segment index → {"first", "last"}, got ${show(doc.segments)}`);
    else for (const [key, s] of Object.entries(doc.segments)) {
      const i = Number(key);
      const path = `segments.${key}`;
      if (!Number.isInteger(i) || !built.segments[i]) problems.push(`${path}: the exhibit has segments 0–${built.segments.length - 1}`);
      else if (!isObject(s)) problems.push(`${path}: must be an object like {"first": 10, "last": 14}, got ${show(s)}`);
      else {
        keys(s, path, ['first', 'last']);
        const first = int(s.first, `${path}.first`, 0, 1000);
        const last = int(s.last, `${path}.last`, 0, 1000);
        if (first !== undefined && last !== undefined) {
          if (first > last) problems.push(`${path}: first (${first}) must not be after last (${last})`);
          else built.segments[i] = { first, last };
        }
      }
    }
  }
  if (problems.length > 0) throw new AsBuiltError(problems);
  return built;
}
