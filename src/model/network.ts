import { DEFAULT_PREPARATION, MAX_COMPRESSION, NEURON, SLOW_STEP, STP_PRESETS, STRUCTURE, SYNAPSE_DELAY_MS, TRIPLET_SETS, type Preparation, type TripletSet } from './params.js';
import { Rng } from './rng.js';
import { depress, potentiate, Synapse, SYNAPSE_STATE_KEYS, type SynapseSpec, type SynapseStateData } from './synapse.js';
import { injuryBoost, slowTick } from './slow.js';
import { NEURON_STATE_KEYS, NeuronState, traceDecay, type NeuronSpec, type NeuronStateData, type TraceDecay } from './neuron.js';
import { addCoincidence, type Coincidences } from './coincidence.js';
import { FACTORS, Ledger, type Cause, type ContactCause } from './ledger.js';
import { CONSOLIDATION } from './params.js';

export type { NeuronSpec };

/** Pharmacology that a protocol can apply for a while. */
export interface Blocks {
  /** NMDA receptors blocked (APV): no induction of long-term potentiation or depression. */
  nmda: boolean;
  /** Protein synthesis blocked (anisomycin): no capture into the late phase. */
  protein: boolean;
  /** Sodium channels blocked (TTX): no neuron fires. */
  spikes: boolean;
}

export interface NetworkSpec {
  neurons: NeuronSpec[];
  synapses: SynapseSpec[];
  /** Which experiments its long-term rule was fitted to (params.ts TRIPLET_SETS). Default: hippocampal cultures. */
  preparation?: Preparation;
  /** Unconnected pairs [from, to] that may form a synapse when they fire together. */
  candidates?: Array<[string, string]>;
}

export interface ModelOptions {
  /** Seed of every random choice (drive, structural events). Default 1. */
  seed?: number;
  /** Slow-clock speed-up K. Default 1. */
  compression?: number;
  /** Plasticity gain from development stage (adult = 1). Default 1. */
  stageGain?: number;
  /**
   * Neurons without a `targetHz` measure their own set point over their first slow day (exhibits);
   * otherwise they take SCALING.targetHz (protocols: slice experiments). Default false.
   */
  learnSetPoints?: boolean;
  /**
   * Keep the ledger of causes (ledger.ts): every change of a synapse booked to its mechanism as it is
   * made. It only reads the model, so the model runs the same with it or without; it costs time on
   * large networks. Default false.
   */
  ledger?: boolean;
}

export interface SynapseState {
  efficacy: number;
  release: number;
  receptors: number;
  contacts: number;
  early: number;
  late: number;
  exists: boolean;
}

export interface NeuronReport {
  alive: boolean;
  rateHz: number;
}

/** Something the model did during a step, for observers. */
export type ModelEvent =
  | { kind: 'spike'; tMs: number; neuron: string }
  | { kind: 'formed'; tMs: number; synapse: string }
  /** The last contact went: `cause` says why (a target above its set point withdrew it, or it was weak). */
  | { kind: 'pruned'; tMs: number; synapse: string; contacts: number; cause: 'retraction' | 'weak-removal' }
  | { kind: 'cut'; tMs: number; synapse: string; contacts: number }
  /** The synapse gained or lost a contact (it has `contacts` now), and why. */
  | { kind: 'contacts'; tMs: number; synapse: string; contacts: number; cause: ContactCause }
  | { kind: 'lost'; tMs: number; neuron: string; cause: 'silence' | 'lesion' };

/** An unconnected pair that may form a synapse pre → post. */
export interface Candidate extends Coincidences {
  pre: number;
  post: number;
  /** The synapse this pair had before it was cut or pruned, if any. */
  regrows?: Synapse;
}

/**
 * A network's whole state as plain data: with the spec it was built from, enough to go on exactly as
 * the network would have (`Network.fromSnapshot`). Numbers may be ±Infinity (a neuron that never
 * fired), so a file format must keep those. Neurons, synapses and candidates are in the network's own
 * order: synapses first as declared, then those formed since; a candidate that regrows names its
 * old synapse by index.
 */
export interface NetworkSnapshot {
  nowMs: number;
  slowS: number;
  compression: number;
  stageGain: number;
  injuryStartS: number | null;
  blocks: Blocks;
  slowTickMs: number;
  sinceSlowTickMs: number;
  rng: number;
  /** Current on its way to each neuron, by delay slot. */
  pending: number[][];
  /** Neurons forced to fire in the next step, by index. */
  forced: number[];
  /** Events since the last step (a cut between steps). */
  events: ModelEvent[];
  neurons: Array<{ id: string } & NeuronStateData>;
  synapses: Array<{ id: string; formed: boolean } & SynapseStateData>;
  candidates: Array<{ pre: number; post: number; coincidenceHz: number; regrows: number | null }>;
  /** The ledger of causes, a row per synapse (absent when the network keeps none, or in older snapshots). */
  ledger?: number[][];
}

/** Copies `keys` from `from` to `to`, each checked to be of the type `to` holds (null allowed where `nullable`). */
function copyChecked<T extends object>(to: T, from: Record<string, unknown>, keys: readonly (keyof T & string)[], where: string, nullable: readonly string[] = []): void {
  for (const key of keys) {
    const value = from[key];
    const ok = typeof value === typeof to[key] || (nullable.includes(key) && (value === null || typeof value === 'number'));
    if (!ok) throw new RangeError(`snapshot ${where}.${key}: expected a ${typeof to[key]}, got ${value === null ? 'null' : typeof value}`);
  }
  for (const key of keys) (to as Record<string, unknown>)[key] = from[key];
}

/** Peak of the PSP produced by a unit jump of synaptic current, for normalising amplitudes. */
function unitPspPeak(tauM: number, tauS: number): number {
  const tPeak = (Math.log(tauM / tauS) * tauM * tauS) / (tauM - tauS);
  return (tauS / (tauM - tauS)) * (Math.exp(-tPeak / tauM) - Math.exp(-tPeak / tauS));
}

const DECAY_V = Math.exp(-1 / NEURON.tauMemMs);
const DECAY_I = Math.exp(-1 / NEURON.tauSynMs);
const I_TO_V = (NEURON.tauSynMs / (NEURON.tauMemMs - NEURON.tauSynMs)) * (DECAY_V - DECAY_I);
const CURRENT_PER_AMPLITUDE = NEURON.peakPerAmplitude / unitPspPeak(NEURON.tauMemMs, NEURON.tauSynMs);

/**
 * The plasticity model: leaky integrate-and-fire neurons on a 1 ms fast clock, synapses with
 * short-term, long-term and structural plasticity, slow variables on a clock sped up by K.
 * Pure: no I/O, no timers; time advances only through `step()`; randomness comes from the seed.
 */
export class Network {
  readonly neurons: NeuronState[];
  readonly synapses: Synapse[] = [];
  readonly candidates: Candidate[] = [];
  private readonly index = new Map<string, number>();
  private readonly rng: Rng;
  /** The fitted set of the timing rule, and its traces' decay per fast step. */
  readonly triplet: TripletSet;
  private readonly decays: TraceDecay;
  /** Fast-clock time of the next step, ms. */
  nowMs = 0;
  /** Slow-clock time, s. */
  slowS = 0;
  private compressionK: number;
  stageGain: number;
  injuryStartS: number | null = null;
  readonly blocks: Blocks = { nmda: false, protein: false, spikes: false };
  private slowTickMs = 100;
  private sinceSlowTickMs = 0;
  /** Current injected into each neuron SYNAPSE_DELAY_MS later, by slot. */
  private readonly pending: Float64Array[];
  private readonly forced = new Set<number>();
  private events: ModelEvent[] = [];
  /** The ledger of causes, when the network keeps one (ModelOptions.ledger). */
  readonly ledger: Ledger | null;
  /** Set to receive every response (one per presynaptic spike per existing synapse). */
  onResponse: ((tMs: number, synapse: Synapse, amplitude: number) => void) | null = null;

  constructor(spec: NetworkSpec, options: ModelOptions = {}) {
    this.rng = new Rng(options.seed ?? 1);
    this.compressionK = options.compression ?? 1;
    this.stageGain = options.stageGain ?? 1;
    this.ledger = options.ledger ? new Ledger((syn, out) => this.readFactors(syn, out)) : null;
    this.triplet = TRIPLET_SETS[spec.preparation ?? DEFAULT_PREPARATION];
    this.decays = traceDecay(this.triplet);
    this.neurons = spec.neurons.map((n, i) => {
      if (this.index.has(n.id)) throw new RangeError(`neuron id "${n.id}" is used twice`);
      this.index.set(n.id, i);
      return new NeuronState(n.id, n, !(options.learnSetPoints ?? false));
    });
    for (const s of spec.synapses) this.addSynapse(s, false);
    for (const [a, b] of spec.candidates ?? []) {
      const pre = this.neuronIndex(a);
      const post = this.neuronIndex(b);
      if (!this.findSynapse(pre, post)) this.candidates.push({ pre, post, coincidenceHz: 0 });
    }
    this.pending = Array.from({ length: SYNAPSE_DELAY_MS + 1 }, () => new Float64Array(this.neurons.length));
    this.setCompression(this.compressionK);
    for (const n of this.neurons) {
      n.nextSpontaneousMs = n.spontaneousHz > 0 ? this.rng.exponential(1000 / n.spontaneousHz) : Infinity;
    }
  }

  /** The network's whole state as plain data (see {@link NetworkSnapshot}); the network is not changed. */
  snapshot(): NetworkSnapshot {
    const index = new Map(this.synapses.map((syn, i) => [syn, i]));
    return {
      nowMs: this.nowMs,
      slowS: this.slowS,
      compression: this.compressionK,
      stageGain: this.stageGain,
      injuryStartS: this.injuryStartS,
      blocks: { ...this.blocks },
      slowTickMs: this.slowTickMs,
      sinceSlowTickMs: this.sinceSlowTickMs,
      rng: this.rng.getState(),
      pending: this.pending.map((slot) => Array.from(slot)),
      forced: [...this.forced],
      events: this.events.map((e) => ({ ...e })),
      neurons: this.neurons.map((n) => {
        const data: Record<string, unknown> = { id: n.id };
        for (const key of NEURON_STATE_KEYS) data[key] = n[key];
        return data as { id: string } & NeuronStateData;
      }),
      synapses: this.synapses.map((syn) => {
        const data: Record<string, unknown> = { id: syn.id, formed: syn.formed };
        for (const key of SYNAPSE_STATE_KEYS) data[key] = syn[key];
        return data as { id: string; formed: boolean } & SynapseStateData;
      }),
      candidates: this.candidates.map((c) => ({ pre: c.pre, post: c.post, coincidenceHz: c.coincidenceHz, regrows: c.regrows ? index.get(c.regrows)! : null })),
      ...(this.ledger ? { ledger: this.ledger.save() } : {}),
    };
  }

  /**
   * The network `spec` describes, in the state of `snapshot` (taken from a network built from the same
   * spec): from here it runs exactly as the snapshotted network would have, step for step and draw
   * for draw. Throws RangeError when the snapshot does not fit the spec (another exhibit's, or damaged).
   */
  static fromSnapshot(spec: NetworkSpec, snapshot: NetworkSnapshot, options: Pick<ModelOptions, 'ledger'> = {}): Network {
    const net = new Network(spec, { compression: snapshot.compression, learnSetPoints: true, ...options });
    net.restore(snapshot);
    return net;
  }

  private restore(s: NetworkSnapshot): void {
    const list = (v: unknown, what: string): unknown[] => {
      if (!Array.isArray(v)) throw new RangeError(`snapshot ${what}: expected a list`);
      return v;
    };
    const neurons = list(s.neurons, 'neurons') as NetworkSnapshot['neurons'];
    if (neurons.length !== this.neurons.length || neurons.some((n, i) => n?.id !== this.neurons[i]!.id)) {
      throw new RangeError(`snapshot neurons: ${neurons.map((n) => n?.id).join(', ')} do not match this network's ${this.neurons.map((n) => n.id).join(', ')}`);
    }
    const synapses = list(s.synapses, 'synapses') as NetworkSnapshot['synapses'];
    const declared = this.synapses.length;
    if (synapses.length < declared || synapses.slice(0, declared).some((syn, i) => syn?.id !== this.synapses[i]!.id || syn.formed)) {
      throw new RangeError('snapshot synapses: the declared synapses do not match this network\'s');
    }
    for (const syn of synapses.slice(declared)) {
      const [from, to, extra] = String(syn?.id).split('->');
      if (!syn?.formed || from === undefined || to === undefined || extra !== undefined) throw new RangeError(`snapshot synapse ${String(syn?.id)}: not a synapse formed between two neurons`);
      this.addSynapse({ from, to, contacts: 1 }, true);
    }
    synapses.forEach((data, i) => copyChecked(this.synapses[i]!, data, SYNAPSE_STATE_KEYS, `synapses[${i}]`));
    // Snapshots from before scaling kept what it owes have nothing owed.
    neurons.forEach((data, i) => copyChecked(this.neurons[i]!, { ...data, scalingDebtS: (data as Partial<NeuronStateData>).scalingDebtS ?? 0 }, NEURON_STATE_KEYS, `neurons[${i}]`, ['targetHz']));
    const n = this.neurons.length;
    const pending = list(s.pending, 'pending') as number[][];
    if (pending.length !== this.pending.length || pending.some((slot) => !Array.isArray(slot) || slot.length !== n || slot.some((v) => typeof v !== 'number'))) {
      throw new RangeError('snapshot pending: expected a current per neuron in every delay slot');
    }
    pending.forEach((slot, i) => this.pending[i]!.set(slot));
    this.candidates.length = 0;
    for (const c of list(s.candidates, 'candidates') as NetworkSnapshot['candidates']) {
      const regrows = c?.regrows === null ? undefined : this.synapses[c?.regrows];
      const ok = Number.isInteger(c?.pre) && Number.isInteger(c?.post) && c.pre >= 0 && c.post >= 0 && c.pre < n && c.post < n && typeof c.coincidenceHz === 'number' && (c.regrows === null || regrows !== undefined);
      if (!ok) throw new RangeError('snapshot candidates: a pair that is not of this network');
      this.candidates.push(regrows ? { pre: c.pre, post: c.post, coincidenceHz: c.coincidenceHz, regrows } : { pre: c.pre, post: c.post, coincidenceHz: c.coincidenceHz });
    }
    const forced = list(s.forced, 'forced');
    if (forced.some((i) => !Number.isInteger(i) || (i as number) < 0 || (i as number) >= n)) throw new RangeError('snapshot forced: not a neuron index');
    this.forced.clear();
    for (const i of forced) this.forced.add(i as number);
    this.events = (list(s.events, 'events') as ModelEvent[]).map((e) => ({ ...e }));
    const scalars = { nowMs: s.nowMs, slowS: s.slowS, compression: s.compression, stageGain: s.stageGain, slowTickMs: s.slowTickMs, sinceSlowTickMs: s.sinceSlowTickMs, rng: s.rng };
    for (const [key, value] of Object.entries(scalars)) if (typeof value !== 'number') throw new RangeError(`snapshot ${key}: expected a number`);
    if (s.injuryStartS !== null && typeof s.injuryStartS !== 'number') throw new RangeError('snapshot injuryStartS: expected a number or null');
    copyChecked(this.blocks, (s.blocks ?? {}) as unknown as Record<string, unknown>, ['nmda', 'protein', 'spikes'], 'blocks');
    this.ledger?.load(s.ledger);
    this.rng.setState(s.rng);
    this.nowMs = s.nowMs;
    this.slowS = s.slowS;
    this.compressionK = s.compression;
    this.stageGain = s.stageGain;
    this.injuryStartS = s.injuryStartS;
    this.slowTickMs = s.slowTickMs;
    this.sinceSlowTickMs = s.sinceSlowTickMs;
  }

  neuronIndex(id: string): number {
    const i = this.index.get(id);
    if (i === undefined) throw new RangeError(`unknown neuron "${id}"; known: ${[...this.index.keys()].join(', ')}`);
    return i;
  }

  synapse(id: string): Synapse {
    const s = this.synapses.find((x) => x.id === id);
    if (!s) throw new RangeError(`unknown synapse "${id}"; known: ${this.synapses.map((x) => x.id).join(', ')}`);
    return s;
  }

  private findSynapse(pre: number, post: number): Synapse | undefined {
    return this.neurons[pre]!.outgoing.find((s) => s.post === post);
  }

  private addSynapse(spec: SynapseSpec, formed: boolean): Synapse {
    const pre = this.neuronIndex(spec.from);
    const post = this.neuronIndex(spec.to);
    const id = `${spec.from}->${spec.to}`;
    if (this.findSynapse(pre, post)) throw new RangeError(`synapse "${id}" is declared twice`);
    const syn = new Synapse(id, this.synapses.length, pre, post, spec, spec.stp ?? STP_PRESETS.none, this.neurons[pre]!.inhibitory, formed);
    this.synapses.push(syn);
    this.ledger?.addRow();
    this.neurons[pre]!.outgoing.push(syn);
    this.neurons[post]!.incoming.push(syn);
    return syn;
  }

  get compression(): number {
    return this.compressionK;
  }

  /**
   * Changes K. The pending slow step is finished at the old K first, so that slow time already lived
   * is integrated at the speed it was lived at; then the slow step shrinks so that K·dt/τ ≤ 0.1 for
   * Euler-stepped slow variables.
   */
  setCompression(k: number): void {
    if (!(k > 0) || !(k <= MAX_COMPRESSION)) throw new RangeError(`compression must be > 0 and at most ${MAX_COMPRESSION}, got ${k}`);
    if (this.sinceSlowTickMs > 0) {
      slowTick(this, this.sinceSlowTickMs, this.rng);
      this.sinceSlowTickMs = 0;
    }
    this.compressionK = k;
    const ms = (SLOW_STEP.maxFractionOfTau * SLOW_STEP.shortestTauS * 1000) / k;
    this.slowTickMs = Math.round(Math.min(SLOW_STEP.maxFastMs, Math.max(SLOW_STEP.minFastMs, ms)));
  }

  /** Plasticity gain now: development stage × transient post-injury boost. */
  gain(): number {
    return this.stageGain * injuryBoost(this.injuryStartS === null ? null : this.slowS - this.injuryStartS);
  }

  /** Starts the transient post-injury plasticity boost (from now, on the slow clock). */
  injure(): void {
    this.injuryStartS = this.slowS;
  }

  /** Cuts a synapse (injury): it stops transmitting at once; structural plasticity may regrow it. */
  cut(synapseId: string): void {
    const syn = this.synapse(synapseId);
    if (syn.exists) this.remove(syn, 'cut', 'cut');
  }

  /** Kills a neuron at once with all its synapses (a lesion). */
  lesion(neuronId: string): void {
    this.kill(this.neurons[this.neuronIndex(neuronId)]!, 'lesion');
  }

  /** A neuron dies: it stops firing and its synapses go with it. */
  kill(n: NeuronState, cause: 'silence' | 'lesion'): void {
    if (!n.alive) return;
    n.alive = false;
    this.emit({ kind: 'lost', tMs: this.nowMs, neuron: n.id, cause });
    for (const s of [...n.incoming, ...n.outgoing]) if (s.exists) this.remove(s, 'lost', 'lost');
  }

  forceSpike(id: string): void {
    this.forced.add(this.neuronIndex(id));
  }

  setSilenced(id: string, silenced: boolean): void {
    this.neurons[this.neuronIndex(id)]!.silenced = silenced;
  }

  /** Poisson firing at `hz` on top of inputs (0 stops it). */
  setDrive(id: string, hz: number): void {
    const n = this.neurons[this.neuronIndex(id)]!;
    n.driveHz = hz;
    n.nextDriveMs = hz > 0 ? this.nowMs + this.rng.exponential(1000 / hz) : Infinity;
  }

  /**
   * Advances the fast clock by 1 ms. Returns what happened since the last step (spikes, structural
   * changes, and synapses cut between steps).
   */
  step(): ModelEvent[] {
    const t = this.nowMs;
    const slot = this.pending[t % this.pending.length]!;
    const spiking: number[] = [];
    for (let i = 0; i < this.neurons.length; i++) {
      const n = this.neurons[i]!;
      n.decay(this.decays);
      n.current += slot[i]!;
      slot[i] = 0;
      n.voltage = n.voltage * DECAY_V + n.current * I_TO_V - n.adaptation * (1 - DECAY_V);
      n.current *= DECAY_I;
      if (!n.alive || n.silenced) {
        if (n.voltage > NEURON.threshold) n.voltage = NEURON.threshold;
        continue;
      }
      const ready = t >= n.refractoryUntilMs;
      let fire = this.forced.has(i) || (ready && n.voltage >= NEURON.threshold);
      if (t >= n.nextDriveMs) {
        fire ||= ready;
        n.nextDriveMs = t + Math.max(1, this.rng.exponential(1000 / n.driveHz));
      }
      if (t >= n.nextSpontaneousMs) {
        fire ||= ready;
        n.nextSpontaneousMs = t + Math.max(1, this.rng.exponential(1000 / n.spontaneousHz));
      }
      if (fire && !this.blocks.spikes) spiking.push(i);
    }
    // Set.clear() allocates a fresh table even when empty: most steps force nothing.
    if (this.forced.size > 0) this.forced.clear();
    for (const i of spiking) this.neurons[i]!.fire(t);
    for (const i of spiking) this.afterSpike(i, t);
    for (const i of spiking) this.neurons[i]!.addToTraces(this.decays.nearest);
    this.slowS += this.compressionK / 1000;
    this.sinceSlowTickMs += 1;
    if (this.sinceSlowTickMs >= this.slowTickMs) {
      slowTick(this, this.sinceSlowTickMs, this.rng);
      this.sinceSlowTickMs = 0;
    }
    this.nowMs = t + 1;
    const events = this.events;
    this.events = [];
    return events;
  }

  /** Runs `ms` steps. */
  advance(ms: number): void {
    for (let i = 0; i < ms; i++) this.step();
  }

  emit(event: ModelEvent): void {
    this.events.push(event);
  }

  private afterSpike(i: number, t: number): void {
    const n = this.neurons[i]!;
    this.emit({ kind: 'spike', tMs: t, neuron: n.id });
    const learn = !this.blocks.nmda;
    const gain = this.gain();
    // As postsynaptic cell: w += r1·(A2+ + A3+·o2) on every excitatory input (Pfister & Gerstner
    // 2006), o2 read before this spike's own increment; count the inputs that led this spike.
    const rule = this.triplet;
    const ltp = rule.a2Plus + rule.a3Plus * n.o2;
    const ledger = this.ledger;
    for (const syn of n.incoming) {
      if (!syn.exists) continue;
      const pre = this.neurons[syn.pre]!;
      if (learn && !syn.inhibitory && pre.r1 > 1e-9 && ltp > 0) {
        ledger?.open(syn);
        potentiate(syn, ltp * pre.r1 * gain);
        // The pair term's share of this potentiation, the triplet term's the rest.
        ledger?.closeSplit(syn.index, syn, 'pre-before-post', 'triplet', rule.a2Plus / ltp);
      }
      if (t - pre.lastSpikeMs <= STRUCTURE.leadWindowMs) addCoincidence(syn);
    }
    // As presynaptic cell: transmit; w −= A2−·o1 (the minimal model has no presynaptic triplet term).
    const ltd = rule.a2Minus;
    const inject = this.pending[(t + SYNAPSE_DELAY_MS) % this.pending.length]!;
    for (const syn of n.outgoing) {
      if (!syn.exists) continue;
      const post = this.neurons[syn.post]!;
      const amplitude = syn.contacts * syn.receptors(post.scaling) * syn.transmit(t);
      const sign = syn.inhibitory ? -1 : 1;
      inject[syn.post] = inject[syn.post]! + sign * amplitude * CURRENT_PER_AMPLITUDE;
      this.onResponse?.(t, syn, amplitude);
      if (learn && !syn.inhibitory && post.o1 > 1e-9) {
        ledger?.open(syn);
        depress(syn, ltd * post.o1 * gain);
        ledger?.close(syn.index, syn, 'post-before-pre');
      }
    }
    for (const c of this.candidates) {
      const other = c.pre === i ? c.post : c.post === i ? c.pre : -1;
      if (other >= 0 && t - this.neurons[other]!.lastSpikeMs <= STRUCTURE.coincidenceWindowMs) addCoincidence(c);
    }
  }

  /**
   * Structural plasticity removes one contact of a synapse, for `cause`; the last one prunes it. The
   * change is booked to the cause and told as a `contacts` or `pruned` event.
   */
  removeContact(syn: Synapse, cause: 'retraction' | 'weak-removal'): void {
    if (syn.contacts <= 1) return this.remove(syn, 'pruned', cause);
    this.ledger?.open(syn);
    syn.contacts -= 1;
    this.ledger?.close(syn.index, syn, cause);
    this.emit({ kind: 'contacts', tMs: this.nowMs, synapse: syn.id, contacts: syn.contacts, cause });
  }

  /** Structural plasticity adds a contact to a synapse (a target below its set point grew one). */
  addContact(syn: Synapse): void {
    this.ledger?.open(syn);
    syn.contacts += 1;
    this.ledger?.close(syn.index, syn, 'growth');
    this.emit({ kind: 'contacts', tMs: this.nowMs, synapse: syn.id, contacts: syn.contacts, cause: 'growth' });
  }

  /**
   * Changes a neuron's homeostatic scaling factor, booking what that does to each of its inputs
   * (scaling is the target's, so every synapse onto it reads it): `activityShare` of the change to the
   * cell's activity against its set point (`scaling`), the rest to the leak that bounds it
   * (`scaling-saturation`).
   */
  setScaling(n: NeuronState, scaling: number, activityShare = 1): void {
    const ledger = this.ledger;
    if (!ledger || scaling === n.scaling) {
      n.scaling = scaling;
      return;
    }
    const before = new Float64Array(FACTORS.length);
    const after = new Float64Array(FACTORS.length);
    for (const syn of n.incoming) {
      syn.readFactors(n.scaling, before);
      syn.readFactors(scaling, after);
      if (activityShare === 1) ledger.bookReadings(syn.index, 'scaling', before, after);
      else ledger.bookSplitReadings(syn.index, 'scaling', 'scaling-saturation', activityShare, before, after);
    }
    n.scaling = scaling;
  }

  /** A synapse's factors in FACTORS order (ledger.ts), its target's scaling included. */
  private readFactors(syn: Synapse, out: Float64Array): void {
    syn.readFactors(this.neurons[syn.post]!.scaling, out);
  }

  private remove(syn: Synapse, how: 'cut' | 'pruned' | 'lost', cause: Cause): void {
    const contacts = syn.contacts;
    this.ledger?.open(syn);
    syn.exists = false;
    syn.contacts = 0;
    // Its sites are gone: one that grows back starts as a new synapse does.
    syn.tagLtp = 0;
    syn.tagLtd = 0;
    syn.capturedLtp = 0;
    syn.capturedLtd = 0;
    syn.lateState = CONSOLIDATION.z0;
    this.ledger?.close(syn.index, syn, cause);
    if (how === 'cut') this.emit({ kind: 'cut', tMs: this.nowMs, synapse: syn.id, contacts });
    else this.emit({ kind: 'pruned', tMs: this.nowMs, synapse: syn.id, contacts, cause: cause === 'weak-removal' ? 'weak-removal' : 'retraction' });
    // A pair that lost its synapse may connect again (regrowth after injury: Butz & van Ooyen 2013).
    if (how !== 'lost' && !this.candidates.some((c) => c.pre === syn.pre && c.post === syn.post)) {
      this.candidates.push({ pre: syn.pre, post: syn.post, coincidenceHz: 0, regrows: syn });
    }
  }

  /** Creates a synapse between a candidate pair (or regrows one that was cut or pruned). */
  form(c: Candidate): Synapse {
    this.candidates.splice(this.candidates.indexOf(c), 1);
    let syn: Synapse;
    if (c.regrows) {
      this.ledger?.open(c.regrows);
      syn = this.revive(c.regrows);
      this.ledger?.close(syn.index, syn, 'formation');
    } else {
      syn = this.addSynapse({ from: this.neurons[c.pre]!.id, to: this.neurons[c.post]!.id, contacts: 1 }, true);
      // A new synapse had nothing before: all it has now is booked to its formation.
      if (this.ledger) {
        const now = new Float64Array(FACTORS.length);
        this.readFactors(syn, now);
        this.ledger.bookReadings(syn.index, 'formation', new Float64Array(FACTORS.length), now);
      }
    }
    this.emit({ kind: 'formed', tMs: this.nowMs, synapse: syn.id });
    return syn;
  }

  private revive(syn: Synapse): Synapse {
    syn.exists = true;
    syn.contacts = 1;
    syn.x = 1;
    syn.u = syn.baseRelease;
    return syn;
  }

  synapseState(syn: Synapse): SynapseState {
    const scaling = this.neurons[syn.post]!.scaling;
    return {
      efficacy: syn.efficacy(scaling),
      release: syn.release(),
      receptors: syn.receptors(scaling),
      contacts: syn.contacts,
      early: syn.early,
      late: syn.late,
      exists: syn.exists,
    };
  }

  neuronReport(n: NeuronState): NeuronReport {
    return { alive: n.alive, rateHz: n.rateHz };
  }
}
