import { Network, type Cause, type FactorChanges, type NeuronReport, type SynapseState } from '../model/index.js';
import type { BlockKind, Protocol } from './protocol.js';

/** One sample of the whole network (docs/simulate-protocol.md "The result"). */
export interface Sample {
  t: number;
  slowT: number;
  synapses: Record<string, SynapseState>;
  neurons: Record<string, NeuronReport>;
  /**
   * With `record.causes`: per synapse, the change of each factor since the previous sample booked to
   * each cause (the model's ledger; causes with no change left out). A synapse's entries sum, over
   * causes, to its change since the previous sample (from nothing, for one formed since).
   */
  causes?: Record<string, Partial<Record<Cause, FactorChanges>>>;
}

export interface SimulationResult {
  version: 1;
  seed: number;
  until: number;
  responses: Array<{ t: number; synapse: string; amplitude: number }>;
  samples: Sample[];
  spikes: Record<string, number>;
}

type Action = (net: Network) => void;

/** Expands protocol events into actions at whole fast-clock milliseconds. */
function schedule(protocol: Protocol): Map<number, Action[]> {
  const at = new Map<number, Action[]>();
  const add = (ms: number, action: Action) => {
    const t = Math.round(ms);
    const list = at.get(t);
    if (list) list.push(action);
    else at.set(t, [action]);
  };
  const silences = new Map<string, number>();
  const silence = (id: string, delta: number) => (net: Network) => {
    const depth = (silences.get(id) ?? 0) + delta;
    silences.set(id, depth);
    net.setSilenced(id, depth > 0);
  };
  const blockDepth = new Map<string, number>();
  const block = (kind: BlockKind, delta: number) => (net: Network) => {
    const depth = (blockDepth.get(kind) ?? 0) + delta;
    blockDepth.set(kind, depth);
    net.blocks[kind] = depth > 0;
  };
  for (const e of protocol.events) {
    if ('spike' in e) add(e.atMs, (net) => net.forceSpike(e.spike));
    else if ('train' in e) {
      for (let i = 0; i < e.count; i++) add(e.atMs + (i * 1000) / e.hz, (net) => net.forceSpike(e.train));
    } else if ('pair' in e) {
      const { pre, post, dtMs } = e.pair;
      for (let i = 0; i < e.count; i++) {
        const t0 = e.atMs + (i * 1000) / e.hz;
        add(t0, (net) => net.forceSpike(pre));
        add(t0 + dtMs, (net) => net.forceSpike(post));
      }
    } else if ('silence' in e) {
      add(e.atMs, silence(e.silence, +1));
      add(e.atMs + e.forMs, silence(e.silence, -1));
    } else if ('drive' in e) {
      add(e.atMs, (net) => net.setDrive(e.drive, e.hz));
      add(e.atMs + e.forMs, (net) => net.setDrive(e.drive, 0));
    } else if ('block' in e) {
      add(e.atMs, block(e.block, +1));
      add(e.atMs + e.forMs, block(e.block, -1));
    } else if ('cut' in e) {
      const id = e.cut;
      add(e.atMs, (net) => {
        // A cut of a synapse that never existed (nor formed yet) is nothing to cut.
        if (net.synapses.some((s) => s.id === id)) net.cut(id);
      });
    } else if ('lesion' in e) {
      add(e.atMs, (net) => net.lesion(e.lesion));
    } else {
      const { stageGain, injury, compression } = e.set;
      add(e.atMs, (net) => {
        if (stageGain !== undefined) net.stageGain = stageGain;
        if (injury === true) net.injure();
        if (injury === false) net.injuryStartS = null;
        if (compression !== undefined) net.setCompression(compression);
      });
    }
  }
  return at;
}

function sample(net: Network, causes: CauseWindows | null): Sample {
  const synapses: Record<string, SynapseState> = {};
  for (const s of net.synapses) synapses[s.id] = net.synapseState(s);
  const neurons: Record<string, NeuronReport> = {};
  for (const n of net.neurons) neurons[n.id] = net.neuronReport(n);
  return { t: net.nowMs / 1000, slowT: net.slowS, synapses, neurons, ...(causes ? { causes: causes.take(net) } : {}) };
}

/** The ledger read in windows: each reading gives what was booked since the one before. */
class CauseWindows {
  private readonly last = new Map<number, ReturnType<NonNullable<Network['ledger']>['entries']>>();

  constructor(private readonly only: Set<string> | null) {}

  take(net: Network): NonNullable<Sample['causes']> {
    const out: NonNullable<Sample['causes']> = {};
    for (const syn of net.synapses) {
      if (this.only && !this.only.has(syn.id)) continue;
      const now = net.ledger!.entries(syn.index);
      const before = this.last.get(syn.index) ?? {};
      const window: Partial<Record<Cause, FactorChanges>> = {};
      for (const [cause, changes] of Object.entries(now) as Array<[Cause, FactorChanges]>) {
        const was = before[cause];
        const d = {} as FactorChanges;
        let any = false;
        for (const [f, v] of Object.entries(changes) as Array<[keyof FactorChanges, number]>) {
          d[f] = v - (was?.[f] ?? 0);
          if (d[f] !== 0) any = true;
        }
        if (any) window[cause] = d;
      }
      this.last.set(syn.index, now);
      out[syn.id] = window;
    }
    return out;
  }
}

/** Where a run in slices has got to (see `simulation`). */
export interface SimulationProgress {
  /** Fast-clock time reached, ms. */
  tMs: number;
  /** `responses` entries so far (they are most of a long run's output). */
  responses: number;
  /** The result so far, with a last sample at `tMs`. */
  partial(): SimulationResult;
}

/**
 * Runs a validated protocol headless, deterministic for a given seed. Pure: returns the result
 * document of docs/simulate-protocol.md.
 */
export function simulate(protocol: Protocol, seed = 1): SimulationResult {
  const run = simulation(protocol, seed);
  for (;;) {
    const next = run.next();
    if (next.done) return next.value;
  }
}

/**
 * `simulate` in slices: yields its progress every `sliceSteps` fast-clock steps, so that a caller can
 * stop a long run (a signal, a limit) and still report what it has. Returns the full result.
 */
export function* simulation(protocol: Protocol, seed = 1, sliceSteps = 10_000): Generator<SimulationProgress, SimulationResult, void> {
  const wantCauses = protocol.causes;
  // A slice cell starts at its set point: its homeostatic target is its own rate unless the protocol
  // gives one (a cell that stays silent has none, and does not scale).
  const net = new Network(protocol.network, { seed, compression: protocol.compression, stageGain: protocol.stageGain, ledger: wantCauses !== false, learnSetPoints: true });
  const causes = wantCauses === false ? null : new CauseWindows(Array.isArray(wantCauses) ? new Set(wantCauses) : null);
  const responses: SimulationResult['responses'] = [];
  const wanted = protocol.responses;
  if (wanted !== false) {
    const only = Array.isArray(wanted) ? new Set(wanted) : null;
    net.onResponse = (tMs, syn, amplitude) => {
      if (!only || only.has(syn.id)) responses.push({ t: tMs / 1000, synapse: syn.id, amplitude });
    };
  }
  const actions = schedule(protocol);
  const untilMs = Math.round(protocol.untilMs);
  const everyMs = protocol.everyMs;
  const samples: Sample[] = [];
  let nextSampleMs = 0;
  const partial = (): SimulationResult => {
    const spikes: Record<string, number> = {};
    for (const n of net.neurons) spikes[n.id] = n.spikes;
    return { version: 1, seed, until: net.nowMs / 1000, responses: [...responses], samples: [...samples, sample(net, causes)], spikes };
  };
  for (let t = 0; ; t++) {
    if (t > 0 && t % sliceSteps === 0) yield { tMs: t, responses: responses.length, partial };
    if (t >= nextSampleMs || t === untilMs) {
      samples.push(sample(net, causes));
      nextSampleMs = everyMs === null ? Infinity : nextSampleMs + everyMs;
    }
    if (t >= untilMs) break;
    for (const action of actions.get(t) ?? []) action(net);
    net.step();
  }
  const spikes: Record<string, number> = {};
  for (const n of net.neurons) spikes[n.id] = n.spikes;
  return { version: 1, seed, until: untilMs / 1000, responses, samples, spikes };
}
