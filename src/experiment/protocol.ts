import { MAX_COMPRESSION, STAGE_GAIN, STP_PRESETS, TRIPLET_SETS, type NetworkSpec, type NeuronSpec, type Preparation, type StpParams, type SynapseSpec } from '../model/index.js';
import { describe } from './duration.js';
import { checkDocumentLimits } from './limits.js';
import { checkNetworkNames, hasOwn } from './names.js';
import { Problems } from './problems.js';

/** A protocol event with times in fast-clock milliseconds (see docs/simulate-protocol.md). */
export type ProtocolEvent =
  | { atMs: number; spike: string }
  | { atMs: number; train: string; hz: number; count: number }
  | { atMs: number; pair: { pre: string; post: string; dtMs: number }; hz: number; count: number }
  | { atMs: number; silence: string; forMs: number }
  | { atMs: number; drive: string; hz: number; forMs: number }
  | { atMs: number; set: { stageGain?: number; injury?: boolean; compression?: number } }
  | { atMs: number; block: BlockKind; forMs: number }
  | { atMs: number; cut: string }
  | { atMs: number; lesion: string };

/** Pharmacology a protocol can apply: NMDA receptors (APV), protein synthesis (anisomycin), spikes (TTX). */
export const BLOCK_KINDS = ['nmda', 'protein', 'spikes'] as const;
export type BlockKind = (typeof BLOCK_KINDS)[number];

export interface Protocol {
  network: NetworkSpec;
  stageGain: number;
  compression: number;
  events: ProtocolEvent[];
  untilMs: number;
  /** Sampling period, or null for the initial and final state only. */
  everyMs: number | null;
  /** Which synapses get `responses` entries: all, none, or the listed ids. */
  responses: boolean | string[];
  /** Which synapses' samples carry `causes` (the ledger's changes since the last sample): all, none, or the listed ids. */
  causes: boolean | string[];
}

const DEFAULT_NETWORK = { neurons: [{ id: 'A' }, { id: 'B' }], synapses: [{ from: 'A', to: 'B' }] };
const EVENT_KINDS = ['spike', 'train', 'pair', 'silence', 'drive', 'set', 'block', 'cut', 'lesion'] as const;

/** Reads a plasticity gain: "juvenile", "adult" or a number > 0 (adult = 1). */
export function readStage(value: unknown, path: string, problems: Problems): number | undefined {
  if (value === 'juvenile' || value === 'adult') return STAGE_GAIN[value];
  if (typeof value === 'number' && value > 0 && Number.isFinite(value)) return value;
  problems.add(path, `must be "juvenile", "adult" or a plasticity gain > 0 (adult = 1), got ${describe(value)}`);
  return undefined;
}

/** Reads `stp`: a preset name or { U, tauRec, tauFac }. */
export function readStp(value: unknown, path: string, problems: Problems): StpParams | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') {
    if (hasOwn(STP_PRESETS, value)) return STP_PRESETS[value];
    problems.add(path, `must be "facilitating", "depressing", "none" or { "U", "tauRec", "tauFac" }, got ${describe(value)}`);
    return undefined;
  }
  const o = problems.object(value, path);
  if (!o) return undefined;
  problems.onlyKeys(o, path, ['U', 'tauRec', 'tauFac']);
  const U = problems.number(o.U, `${path}.U`, { min: 0, max: 1, exclusiveMin: true });
  const tauRecMs = problems.duration(o.tauRec ?? 0, `${path}.tauRec`, 'nonNegative');
  const tauFacMs = problems.duration(o.tauFac ?? 0, `${path}.tauFac`, 'nonNegative');
  if (U === undefined || tauRecMs === undefined || tauFacMs === undefined) return undefined;
  return { U, tauRecMs, tauFacMs };
}

/** Reads one synapse declaration shared by protocols and exhibits. */
export function readSynapse(value: unknown, path: string, ids: Set<string>, problems: Problems, extraKeys: readonly string[] = []): SynapseSpec | undefined {
  const o = problems.object(value, path);
  if (!o) return undefined;
  problems.onlyKeys(o, path, ['from', 'to', 'contacts', 'stp', 'release', 'receptors', 'expression', ...extraKeys]);
  const from = neuronRef(o.from, `${path}.from`, ids, problems);
  const to = neuronRef(o.to, `${path}.to`, ids, problems);
  const spec: SynapseSpec = { from: from ?? '', to: to ?? '' };
  if (o.contacts !== undefined) spec.contacts = problems.number(o.contacts, `${path}.contacts`, { min: 0, integer: true });
  const stp = readStp(o.stp, `${path}.stp`, problems);
  if (stp) spec.stp = stp;
  if (o.release !== undefined) spec.release = problems.number(o.release, `${path}.release`, { min: 0, max: 1 });
  if (o.receptors !== undefined) spec.receptors = problems.number(o.receptors, `${path}.receptors`, { min: 0, exclusiveMin: true });
  // Extension: where long-term change is expressed, 0 = all postsynaptic (q), 1 = all presynaptic (U).
  if (o.expression !== undefined) spec.presynapticFraction = problems.number(o.expression, `${path}.expression`, { min: 0, max: 1 });
  return from && to ? spec : undefined;
}

function neuronRef(value: unknown, path: string, ids: Set<string>, problems: Problems): string | undefined {
  const id = problems.string(value, path);
  if (id !== undefined && !ids.has(id)) {
    problems.add(path, `unknown neuron "${id}"; known neurons: ${[...ids].join(', ')}`);
    return undefined;
  }
  return id;
}

function readNetwork(value: unknown, problems: Problems): NetworkSpec {
  const o = problems.object(value, 'network') ?? {};
  problems.onlyKeys(o, 'network', ['neurons', 'synapses', 'candidates']);
  const ids = new Set<string>();
  const neurons = (problems.array(o.neurons, 'network.neurons') ?? []).flatMap((n, i) => {
    const path = `network.neurons[${i}]`;
    const no = problems.object(n, path);
    if (!no) return [];
    problems.onlyKeys(no, path, ['id', 'inhibitory', 'spontaneousHz', 'targetHz', 'canBeLost']);
    const id = problems.string(no.id, `${path}.id`);
    if (id === undefined) return [];
    if (ids.has(id)) problems.add(`${path}.id`, `neuron id "${id}" is used twice`);
    ids.add(id);
    const spec: NeuronSpec = { id };
    for (const key of ['inhibitory', 'canBeLost'] as const) {
      if (no[key] === undefined) continue;
      if (typeof no[key] === 'boolean') spec[key] = no[key];
      else problems.add(`${path}.${key}`, `must be true or false, got ${describe(no[key])}`);
    }
    if (no.spontaneousHz !== undefined) spec.spontaneousHz = problems.number(no.spontaneousHz, `${path}.spontaneousHz`, { min: 0, max: 100 });
    if (no.targetHz !== undefined) spec.targetHz = problems.number(no.targetHz, `${path}.targetHz`, { min: 0, exclusiveMin: true, max: 100 });
    return [spec];
  });
  const seen = new Set<string>();
  const synapses = (o.synapses === undefined ? [] : problems.array(o.synapses, 'network.synapses') ?? []).flatMap((s, i) => {
    const spec = readSynapse(s, `network.synapses[${i}]`, ids, problems);
    if (!spec) return [];
    const id = `${spec.from}->${spec.to}`;
    if (seen.has(id)) problems.add(`network.synapses[${i}]`, `synapse ${id} is declared twice`);
    seen.add(id);
    return [spec];
  });
  const candidates = (o.candidates === undefined ? [] : problems.array(o.candidates, 'network.candidates') ?? []).flatMap((c, i) => {
    const path = `network.candidates[${i}]`;
    if (!Array.isArray(c) || c.length !== 2) {
      problems.add(path, `must be a pair of neuron ids like ["A", "B"], got ${describe(c)}`);
      return [];
    }
    const a = neuronRef(c[0], `${path}[0]`, ids, problems);
    const b = neuronRef(c[1], `${path}[1]`, ids, problems);
    if (a && a === b) problems.add(path, 'a neuron cannot form a synapse onto itself');
    return a && b ? [[a, b] as [string, string]] : [];
  });
  return { neurons, synapses, candidates };
}

function readEvent(value: unknown, path: string, ids: Set<string>, synapseIds: Set<string>, problems: Problems): ProtocolEvent | undefined {
  const o = problems.object(value, path);
  if (!o) return undefined;
  const kinds = EVENT_KINDS.filter((k) => k in o);
  if (kinds.length !== 1) {
    // Name what was written instead of an event (a typo such as "spkie"), not only what is expected.
    const others = Object.keys(o).filter((k) => k !== 'at' && k !== 'hz' && k !== 'count' && k !== 'for');
    const written = others.length > 0 ? ` (${others.map((k) => `"${k}"`).join(', ')} ${others.length === 1 ? 'is' : 'are'} not one)` : '';
    problems.add(path, kinds.length === 0 ? `needs one of ${EVENT_KINDS.join(', ')}${written}` : `has both ${kinds.join(' and ')}; one event does one thing`);
    return undefined;
  }
  const kind = kinds[0]!;
  const atMs = problems.duration(o.at, `${path}.at`, 'nonNegative');
  const known: Record<(typeof EVENT_KINDS)[number], string[]> = {
    spike: [], train: ['hz', 'count'], pair: ['hz', 'count'], silence: ['for'], drive: ['hz', 'for'], set: [],
    block: ['for'], cut: [], lesion: [],
  };
  problems.onlyKeys(o, path, ['at', kind, ...known[kind]]);
  const neuron = () => neuronRef(o[kind], `${path}.${kind}`, ids, problems);
  const hz = () => problems.number(o.hz, `${path}.hz`, { min: 0, exclusiveMin: true });
  const count = () => problems.number(o.count, `${path}.count`, { min: 1, integer: true });
  let event: ProtocolEvent | undefined;
  if (kind === 'spike') {
    const n = neuron();
    if (n !== undefined && atMs !== undefined) event = { atMs, spike: n };
  } else if (kind === 'train') {
    const [n, h, c] = [neuron(), hz(), count()];
    if (n !== undefined && h !== undefined && c !== undefined && atMs !== undefined) event = { atMs, train: n, hz: h, count: c };
  } else if (kind === 'pair') {
    const p = problems.object(o.pair, `${path}.pair`);
    if (p) problems.onlyKeys(p, `${path}.pair`, ['pre', 'post', 'dt']);
    const pre = p && neuronRef(p.pre, `${path}.pair.pre`, ids, problems);
    const post = p && neuronRef(p.post, `${path}.pair.post`, ids, problems);
    const dtMs = p && problems.duration(p.dt, `${path}.pair.dt`);
    const [h, c] = [hz(), count()];
    if (pre && post && dtMs !== undefined && h !== undefined && c !== undefined && atMs !== undefined) {
      if (atMs + dtMs < 0) problems.add(`${path}.pair.dt`, 'puts the first postsynaptic spike before time 0; start the pairs later');
      else if (Math.abs(dtMs) >= 1000 / h) problems.add(`${path}.pair.dt`, `must be shorter than the pairing period (1/hz = ${1000 / h} ms)`);
      else event = { atMs, pair: { pre, post, dtMs }, hz: h, count: c };
    }
  } else if (kind === 'silence') {
    const [n, forMs] = [neuron(), problems.duration(o.for, `${path}.for`, 'positive')];
    if (n !== undefined && forMs !== undefined && atMs !== undefined) event = { atMs, silence: n, forMs };
  } else if (kind === 'drive') {
    const [n, h, forMs] = [neuron(), hz(), problems.duration(o.for, `${path}.for`, 'positive')];
    if (n !== undefined && h !== undefined && forMs !== undefined && atMs !== undefined) event = { atMs, drive: n, hz: h, forMs };
  } else if (kind === 'block') {
    const what = o.block;
    const forMs = problems.duration(o.for, `${path}.for`, 'positive');
    if (typeof what !== 'string' || !(BLOCK_KINDS as readonly string[]).includes(what)) {
      problems.add(`${path}.block`, `must be one of ${BLOCK_KINDS.map((k) => `"${k}"`).join(', ')}, got ${describe(what)}`);
    } else if (forMs !== undefined && atMs !== undefined) event = { atMs, block: what as BlockKind, forMs };
  } else if (kind === 'cut') {
    const id = o.cut;
    if (typeof id !== 'string' || !/^[^>]+->[^>]+$/.test(id)) problems.add(`${path}.cut`, `must be a synapse id like "A->B", got ${describe(id)}`);
    else {
      const [from, to] = id.split('->') as [string, string];
      const unknown = [from, to].filter((n) => !ids.has(n));
      if (unknown.length > 0) problems.add(`${path}.cut`, `names ${unknown.map((n) => `"${n}"`).join(' and ')}, not in the network; known neurons: ${[...ids].join(', ')}`);
      // Only a synapse there can be cut: a declared one, or a candidate pair that may have grown one.
      else if (!synapseIds.has(id)) problems.add(`${path}.cut`, `"${id}" is not a synapse of the network (nor a candidate that may grow one); its synapses: ${[...synapseIds].join(', ') || 'none'}`);
      else if (atMs !== undefined) event = { atMs, cut: id };
    }
  } else if (kind === 'lesion') {
    const n = neuron();
    if (n !== undefined && atMs !== undefined) event = { atMs, lesion: n };
  } else {
    const s = problems.object(o.set, `${path}.set`);
    if (!s) return undefined;
    problems.onlyKeys(s, `${path}.set`, ['stage', 'injury', 'compression']);
    if (Object.keys(s).length === 0) problems.add(`${path}.set`, 'must set at least one of stage, injury, compression');
    const set: { stageGain?: number; injury?: boolean; compression?: number } = {};
    if (s.stage !== undefined) set.stageGain = readStage(s.stage, `${path}.set.stage`, problems);
    if (s.injury !== undefined) {
      if (typeof s.injury === 'boolean') set.injury = s.injury;
      else problems.add(`${path}.set.injury`, `must be true or false, got ${describe(s.injury)}`);
    }
    if (s.compression !== undefined) set.compression = problems.number(s.compression, `${path}.set.compression`, { min: 0, exclusiveMin: true, max: MAX_COMPRESSION });
    if (atMs !== undefined) event = { atMs, set };
  }
  return event;
}

/** Validates a parsed protocol document; throws InvalidDocumentError listing every problem by JSON path. */
export function readProtocol(doc: unknown): Protocol {
  checkDocumentLimits(doc, 'The protocol');
  const problems = new Problems();
  const o = problems.object(doc, '(protocol)') ?? {};
  // `about` (extension): a sentence on what the protocol shows.
  problems.onlyKeys(o, '', ['title', 'about', 'network', 'preparation', 'stage', 'compression', 'events', 'until', 'record']);
  if (o.about !== undefined && typeof o.about !== 'string') problems.add('about', `must be a sentence (a string), got ${describe(o.about)}`);
  // `title` (extension): the protocol's heading in `neuron-kit demo`.
  if (o.title !== undefined && (typeof o.title !== 'string' || o.title.length > 120)) problems.add('title', `must be a short heading (a string of at most 120 characters), got ${describe(o.title)}`);
  const network = readNetwork(o.network ?? DEFAULT_NETWORK, problems);
  // Extension: which experiments the long-term rule's parameters were fitted to (docs/model.md).
  if (o.preparation !== undefined) {
    if (typeof o.preparation === 'string' && hasOwn(TRIPLET_SETS, o.preparation)) network.preparation = o.preparation as Preparation;
    else problems.add('preparation', `must be one of ${Object.keys(TRIPLET_SETS).map((k) => `"${k}"`).join(', ')}, got ${describe(o.preparation)}`);
  }
  checkNetworkNames(o.network, problems);
  const ids = new Set(network.neurons.map((n) => n.id));
  const synapseIds = new Set([...network.synapses.map((s) => `${s.from}->${s.to}`), ...(network.candidates ?? []).map(([pre, post]) => `${pre}->${post}`)]);
  const stageGain = o.stage === undefined ? 1 : readStage(o.stage, 'stage', problems) ?? 1;
  const compression = o.compression === undefined ? 1 : problems.number(o.compression, 'compression', { min: 0, exclusiveMin: true, max: MAX_COMPRESSION }) ?? 1;
  const untilMs = problems.duration(o.until, 'until', 'positive');
  const events = (o.events === undefined ? [] : problems.array(o.events, 'events') ?? []).flatMap((e, i) => {
    const ev = readEvent(e, `events[${i}]`, ids, synapseIds, problems);
    if (ev && untilMs !== undefined && ev.atMs > untilMs) problems.add(`events[${i}].at`, `is after "until"; the run ends before this event`);
    return ev ? [ev] : [];
  });
  let everyMs: number | null = null;
  let responses: boolean | string[] = true;
  let causes: boolean | string[] = false;
  if (o.record !== undefined) {
    const r = problems.object(o.record, 'record');
    if (r) {
      problems.onlyKeys(r, 'record', ['every', 'responses', 'causes']);
      if (r.every !== undefined) everyMs = problems.duration(r.every, 'record.every', 'positive') ?? null;
      if (r.responses !== undefined) responses = readSynapseChoice(r.responses, 'record.responses', problems) ?? true;
      if (r.causes !== undefined) causes = readSynapseChoice(r.causes, 'record.causes', problems) ?? false;
    }
  }
  problems.throwIfAny('The protocol');
  return { network, stageGain, compression, events, untilMs: untilMs!, everyMs, responses, causes };
}

/** `true`, `false` or a list of synapse ids (what `record.responses` and `record.causes` take). */
function readSynapseChoice(value: unknown, path: string, problems: Problems): boolean | string[] | undefined {
  if (typeof value === 'boolean') return value;
  if (!Array.isArray(value)) {
    problems.add(path, `must be true, false or a list of synapse ids, got ${describe(value)}`);
    return undefined;
  }
  return value.filter((id, i): id is string => {
    const ok = typeof id === 'string' && /^[^>]+->[^>]+$/.test(id);
    if (!ok) problems.add(`${path}[${i}]`, `must be a synapse id like "A->B", got ${describe(id)}`);
    return ok;
  });
}
