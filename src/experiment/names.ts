import { isPrintable } from '../safe-text.js';
import type { Problems } from './problems.js';

/** Longest id of a neuron (ids name neurons in synapse ids, segments, results and on the page). */
export const MAX_ID_CHARS = 64;

/**
 * Names an own property of any plain object has through its prototype (`constructor`, `toString`,
 * `__proto__` …). A user-given name that is one of these must never be used to index a plain object.
 */
export function isPrototypeKey(name: string): boolean {
  return name in Object.prototype;
}

/** Whether `key` is an own property of `table` (not something inherited such as `constructor`). */
export function hasOwn<T extends object>(table: T, key: unknown): key is keyof T {
  return typeof key === 'string' && Object.prototype.hasOwnProperty.call(table, key);
}

/**
 * Checks a user-given id: not too long, no control characters or unpaired surrogates (it is printed in
 * terminals, SVG and the page), and not a name every JavaScript object already has.
 */
export function checkId(id: string, path: string, problems: Problems): boolean {
  if (id.length > MAX_ID_CHARS) problems.add(path, `an id has at most ${MAX_ID_CHARS} characters, got ${id.length}`);
  else if (!isPrintable(id)) problems.add(path, 'an id must be printable text (no control characters or broken Unicode)');
  else if (isPrototypeKey(id)) problems.add(path, `"${id}" is a name reserved by JavaScript; use another id`);
  else return true;
  return false;
}

/**
 * Checks the names in a protocol's raw `network` that readNetwork does not: neuron ids (checkId), and
 * duplicates of every kind — a candidate pair listed twice, or a candidate that is already a synapse
 * (either would make the model form the same synapse twice and throw mid-run).
 */
export function checkNetworkNames(network: unknown, problems: Problems): void {
  if (typeof network !== 'object' || network === null) return;
  const { neurons, synapses, candidates } = network as Record<string, unknown>;
  if (Array.isArray(neurons)) {
    neurons.forEach((n, i) => {
      const id = (n as { id?: unknown } | null)?.id;
      if (typeof id === 'string' && id.length > 0) checkId(id, `network.neurons[${i}].id`, problems);
    });
  }
  const synapseIds = new Set<string>();
  if (Array.isArray(synapses)) {
    for (const s of synapses) {
      const { from, to } = (s ?? {}) as { from?: unknown; to?: unknown };
      if (typeof from === 'string' && typeof to === 'string') synapseIds.add(`${from}->${to}`);
    }
  }
  if (!Array.isArray(candidates)) return;
  const seen = new Set<string>();
  candidates.forEach((c, i) => {
    if (!Array.isArray(c) || c.length !== 2 || typeof c[0] !== 'string' || typeof c[1] !== 'string') return;
    const id = `${c[0]}->${c[1]}`;
    if (synapseIds.has(id)) problems.add(`network.candidates[${i}]`, `${id} is already a synapse; a candidate is a pair that is not yet connected`);
    else if (seen.has(id)) problems.add(`network.candidates[${i}]`, `${id} is listed twice`);
    seen.add(id);
  });
}
