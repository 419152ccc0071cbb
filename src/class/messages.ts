import { isName, type KitChannel } from './topics.js';

/** Version of the message format (docs/class.md); a message of another version is dropped and counted. */
export const CLASS_MESSAGE_VERSION = 1;

/**
 * Largest payload accepted per channel, bytes: a spike batch, a presence note or a clock exchange is a
 * few hundred bytes; a state snapshot lists the kit's remote synapses. Anything larger is dropped
 * before it is parsed.
 */
export const MAX_PAYLOAD_BYTES: Readonly<Record<KitChannel, number>> = {
  spikes: 2048,
  presence: 4096,
  state: 16384,
  'clock-req': 256,
  'clock-res': 256,
};

/** Most spikes in one message (a kit sends each spike at once; a batch only forms behind a slow broker). */
export const MAX_SPIKES_PER_MESSAGE = 64;

export interface SpikeMessage {
  v: 1;
  /** Each spike: the published neuron and the sender's board time of the spike, ms. */
  spikes: Array<{ n: string; t: number }>;
}

export interface PresenceMessage {
  v: 1;
  online: boolean;
  /** The exhibit's name, its published neurons and its remote inputs (kit/neuron → local neuron). */
  exhibit?: string;
  publishes?: string[];
  remote?: Array<{ from: string; to: string }>;
  /** The kit's names of its neurons (id → label, e.g. "A" → "Touch"), so the class view uses the names on the kit. */
  labels?: Record<string, string>;
  /** A class view watching the class, not a kit: views do not draw it. */
  view?: boolean;
  /** A random id of this run of the kit: two kits started with the same name tell each other apart. */
  instance?: string;
}

export interface StateMessage {
  v: 1;
  /** Sender's board time, ms. */
  t: number;
  /**
   * Remote synapses into this kit ("kit-2/C->A"): efficacy and whether it still exists; and, as its own
   * strip shows it (story/strength.ts), its efficacy at its reference, which way it has moved from it
   * (`stronger`, `weaker`, `same`) and the mechanism its ledger booked the largest share of that to.
   */
  synapses: Record<string, SynapseStateEntry>;
}

export interface SynapseStateEntry {
  efficacy: number;
  exists: boolean;
  reference?: number;
  direction?: 'stronger' | 'weaker' | 'same';
  cause?: string;
}

export interface ClockRequest {
  v: 1;
  id: number;
  from: string;
  t0: number;
}

export interface ClockResponse {
  v: 1;
  id: number;
  from: string;
  t0: number;
  t1: number;
}

export interface ChannelMessages {
  spikes: SpikeMessage;
  presence: PresenceMessage;
  state: StateMessage;
  'clock-req': ClockRequest;
  'clock-res': ClockResponse;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) < 1e15;
const isNeuronId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 64 && !/[\u0000-\u001f]/.test(v);
const isNeuronList = (v: unknown): v is string[] => Array.isArray(v) && v.length <= 100 && v.every(isNeuronId);

/**
 * Parses and checks one payload of a channel; returns null for anything malformed (not JSON, too
 * large, wrong version, missing or wrong fields) so the caller can count and drop it.
 */
export function parseMessage<C extends KitChannel>(channel: C, payload: Uint8Array): ChannelMessages[C] | null {
  if (payload.byteLength > MAX_PAYLOAD_BYTES[channel]) return null;
  let m: unknown;
  try {
    m = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch {
    return null;
  }
  if (!isObject(m) || m.v !== CLASS_MESSAGE_VERSION) return null;
  return (CHECKS[channel](m) ? m : null) as ChannelMessages[C] | null;
}

const CHECKS: Readonly<Record<KitChannel, (m: Record<string, unknown>) => boolean>> = {
  spikes: (m) =>
    Array.isArray(m.spikes) && m.spikes.length > 0 && m.spikes.length <= MAX_SPIKES_PER_MESSAGE &&
    m.spikes.every((s) => isObject(s) && isNeuronId(s.n) && isTime(s.t)),
  presence: (m) =>
    typeof m.online === 'boolean' &&
    (m.exhibit === undefined || (typeof m.exhibit === 'string' && m.exhibit.length <= 200)) &&
    (m.publishes === undefined || isNeuronList(m.publishes)) &&
    (m.view === undefined || typeof m.view === 'boolean') &&
    (m.instance === undefined || (typeof m.instance === 'string' && /^[a-z0-9]{1,16}$/.test(m.instance))) &&
    (m.labels === undefined || (isObject(m.labels) && Object.keys(m.labels).length <= 100 && Object.entries(m.labels).every(([id, label]) => isNeuronId(id) && isNeuronId(label)))) &&
    (m.remote === undefined || (Array.isArray(m.remote) && m.remote.length <= 100 && m.remote.every((r) => isObject(r) && typeof r.from === 'string' && r.from.length <= 100 && isNeuronId(r.to)))),
  state: (m) =>
    isTime(m.t) && isObject(m.synapses) && Object.keys(m.synapses).length <= 100 &&
    Object.values(m.synapses).every((s) => isObject(s) && typeof s.efficacy === 'number' && Number.isFinite(s.efficacy) && typeof s.exists === 'boolean' &&
      (s.reference === undefined || (typeof s.reference === 'number' && Number.isFinite(s.reference))) &&
      (s.direction === undefined || s.direction === 'stronger' || s.direction === 'weaker' || s.direction === 'same') &&
      (s.cause === undefined || (typeof s.cause === 'string' && /^[a-z-]{1,32}$/.test(s.cause)))),
  'clock-req': (m) => Number.isSafeInteger(m.id) && typeof m.from === 'string' && isName(m.from) && isTime(m.t0),
  'clock-res': (m) => Number.isSafeInteger(m.id) && typeof m.from === 'string' && isName(m.from) && isTime(m.t0) && isTime(m.t1),
};
