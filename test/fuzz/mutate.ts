import fc from 'fast-check';

/**
 * Mutations of JSON documents for the property tests: each picks a place in the document (any object
 * field or array element, found by walking it) and sets it to an awkward value, deletes it, or
 * duplicates it. Values include names every JavaScript object has ("constructor", "__proto__"), pins
 * that alias each other (14 = A0 on a Uno), lone surrogates, terminal escapes, huge and tiny numbers,
 * durations that run for ever and deep nesting.
 */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const deep = (levels: number): Json => {
  let v: Json = 0;
  for (let i = 0; i < levels; i++) v = [v];
  return v;
};

const SPECIALS: Json[] = [
  'constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf',
  'A', 'B', 'C', 'D', 'A->C', 'B->C', 'A->B', 'C->A', 'A->D',
  '\ud800', 'x\udfffy', '\u001b[2J', '<b>&amp;</b>', '', ' ',
  null, true, false, [], {}, ['A', 'B'], ['A', 'A'], ['B', 'A'],
  0, -1, 1, 2, 3, 6, 13, 14, 15, 19, 20, 21, 54, 69, 70, 216, 217, 0.5, 1e-9, 1e9, 1e308, -1e308, 5e-324,
  '1ms', '0s', '-1s', '1e9ms', '1000000d', '1e300s', '5h', '20ms',
  'juvenile', 'adult', 'facilitating', 'depressing', 'none', 'uno', 'nano', 'mega', 'GRB', 'axon', 'synapse', 'soma',
  { U: 0.5, tauRec: 0, tauFac: 0 }, { U: 1e-300, tauRec: '1e300s', tauFac: '1ms' },
  { from: 'A', to: 'C' }, { from: 'C', to: 'A', contacts: 0 }, { id: 'Z' }, { at: 0, spike: 'A' },
  { at: 0, train: 'A', hz: 1e9, count: 3 }, { at: 0, drive: 'A', hz: 1e6, for: '1s' },
  { at: 0, set: { compression: 1e300 } }, { at: 0, set: { stage: 1e300 } },
  deep(40),
];

/** An awkward JSON value. */
export const awkward: fc.Arbitrary<Json> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...SPECIALS) },
  { weight: 2, arbitrary: fc.integer({ min: -3, max: 300 }) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 8, unit: 'binary' }) },
);

export type Mutation = { op: 'set' | 'delete' | 'duplicate' | 'insert'; at: number; value: Json; key: string };

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom('set', 'set', 'set', 'delete', 'duplicate', 'insert'),
  at: fc.nat(),
  value: awkward,
  key: fc.constantFrom('hz', 'count', 'id', 'label', 'button', 'stp', 'contacts', 'extra', '__proto__', 'constructor'),
});

/** Every container in the document with the keys (or indexes) it holds. */
function places(doc: Json): Array<{ parent: Json[] | { [k: string]: Json }; key: string | number }> {
  const out: Array<{ parent: Json[] | { [k: string]: Json }; key: string | number }> = [];
  const stack: Json[] = [doc];
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (Array.isArray(v)) v.forEach((c, i) => (out.push({ parent: v, key: i }), stack.push(c)));
    else if (v !== null && typeof v === 'object') for (const k of Object.keys(v)) (out.push({ parent: v, key: k }), stack.push(v[k]!));
  }
  return out;
}

/** Applies mutations in order to a copy of `doc` and returns it as JSON text would parse it. */
export function mutate(doc: unknown, mutations: Mutation[]): unknown {
  const copy = JSON.parse(JSON.stringify(doc)) as Json;
  for (const m of mutations) {
    const all = places(copy);
    if (all.length === 0) break;
    const { parent, key } = all[m.at % all.length]!;
    if (Array.isArray(parent)) {
      const i = key as number;
      if (m.op === 'set') parent[i] = m.value;
      else if (m.op === 'delete') parent.splice(i, 1);
      else if (m.op === 'duplicate') parent.push(JSON.parse(JSON.stringify(parent[i])) as Json);
      else parent.splice(i, 0, m.value);
    } else {
      const k = key as string;
      if (m.op === 'set') parent[k] = m.value;
      else if (m.op === 'delete') delete parent[k];
      else if (m.op === 'duplicate') {
        const v = parent[k];
        if (Array.isArray(v) && v.length > 0) v.push(JSON.parse(JSON.stringify(v[0])) as Json);
      } else Object.defineProperty(parent, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
    }
  }
  // Through text, as a file would arrive: JSON.parse makes "__proto__" an own field, as it does for users.
  return JSON.parse(JSON.stringify(copy));
}

/** Every number in a value, with its path, that is not finite. */
export function nonFinite(value: unknown, path = ''): string[] {
  const out: string[] = [];
  const stack: Array<[unknown, string]> = [[value, path]];
  while (stack.length > 0) {
    const [v, p] = stack.pop()!;
    if (typeof v === 'number' && !Number.isFinite(v)) out.push(`${p}: ${v}`);
    else if (Array.isArray(v) || ArrayBuffer.isView(v)) Array.from(v as ArrayLike<unknown>).forEach((c, i) => stack.push([c, `${p}[${i}]`]));
    else if (v !== null && typeof v === 'object') for (const [k, c] of Object.entries(v)) stack.push([c, `${p}.${k}`]);
  }
  return out;
}
