import { describe } from '../experiment/duration.js';
import type { Problems } from '../experiment/problems.js';
import { readSynapse } from '../experiment/protocol.js';
import { withPathwayDefaults } from './pathway.js';
import { parseRemoteNeuron } from '../class/topics.js';
import type { RemoteInput } from './types.js';

/**
 * Axonal delay of a remote input when the exhibit does not say, ms. Long-range cortical axons conduct
 * in 2–50 ms (Swadlow 1985, callosal axons of the rabbit); 60 ms is a little longer, so that a school
 * network's jitter (a few ms to tens of ms over Wi-Fi) still lands every spike on time.
 */
export const DEFAULT_REMOTE_DELAY_MS = 60;
/** Longest axonal delay an exhibit may declare, ms: beyond a second no spike timing would mean anything. */
export const MAX_REMOTE_DELAY_MS = 1000;
export const MAX_REMOTE_INPUTS = 100;

/**
 * Reads an exhibit's `remote` inputs (a neuron of another kit, `kit-2/C`, making a synapse onto one of
 * this exhibit's neurons, after an axonal delay) and its `publish` list (neurons whose spikes other
 * kits may receive). Remote synapses are synapses like any other, with the remote neuron's id.
 */
export function readRemote(remoteDoc: unknown, publishDoc: unknown, ids: ReadonlySet<string>, problems: Problems): { remote: RemoteInput[]; publish: string[] } {
  const remote: RemoteInput[] = [];
  if (remoteDoc !== undefined) {
    const list = problems.array(remoteDoc, 'remote') ?? [];
    if (list.length > MAX_REMOTE_INPUTS) problems.add('remote', `at most ${MAX_REMOTE_INPUTS} remote inputs, got ${list.length}`);
    const delays = new Map<string, number>();
    list.slice(0, MAX_REMOTE_INPUTS).forEach((r, i) => {
      const path = `remote[${i}]`;
      const from = (r as { from?: unknown } | null)?.from;
      if (typeof from === 'string' && parseRemoteNeuron(from) === null) {
        problems.add(`${path}.from`, `must name another kit's neuron as "kit/neuron" (kit: letters, digits, - and _, up to 32), got ${describe(from)}`);
        return;
      }
      const known = new Set(ids);
      if (typeof from === 'string') known.add(from);
      const spec = readSynapse(r, path, known, problems, ['delayMs']);
      if (!spec) return;
      if (ids.has(spec.from)) return void problems.add(`${path}.from`, `"${spec.from}" is a neuron of this exhibit; remote inputs come from another kit ("kit/neuron")`);
      const raw = (r as { delayMs?: unknown }).delayMs;
      const delayMs = raw === undefined ? DEFAULT_REMOTE_DELAY_MS : problems.number(raw, `${path}.delayMs`, { min: 0, max: MAX_REMOTE_DELAY_MS });
      if (delayMs === undefined) return;
      const id = `${spec.from}->${spec.to}`;
      if (remote.some((x) => `${x.from}->${x.to}` === id)) return void problems.add(path, `remote synapse ${id} is declared twice`);
      // One axon, one delay: the remote neuron's spike reaches this kit once, then every target.
      const other = delays.get(spec.from);
      if (other !== undefined && other !== delayMs) return void problems.add(`${path}.delayMs`, `${spec.from} already reaches this kit after ${other} ms; every input from one remote neuron shares its axon's delay`);
      delays.set(spec.from, delayMs);
      remote.push({ ...withPathwayDefaults(spec), delayMs });
    });
  }
  const publish: string[] = [];
  if (publishDoc !== undefined) {
    (problems.array(publishDoc, 'publish') ?? []).forEach((n, i) => {
      if (typeof n !== 'string' || !ids.has(n)) return void problems.add(`publish[${i}]`, `must be a neuron of this exhibit (${[...ids].join(', ')}), got ${describe(n)}`);
      if (publish.includes(n)) return void problems.add(`publish[${i}]`, `"${n}" is listed twice`);
      publish.push(n);
    });
  }
  return { remote, publish };
}

/** The other kits' neurons an exhibit hears from ("kit-2/C"), each once, in the order declared. */
export function remoteNeuronIds(exhibit: { remote: readonly RemoteInput[] }): string[] {
  return [...new Set(exhibit.remote.map((r) => r.from))];
}

/** How pages and captions name another kit's neuron: "C on kit-2". */
export function remoteLabel(id: string): string {
  const r = parseRemoteNeuron(id);
  return r ? `${r.neuron} on ${r.kit}` : id;
}
