import type { Exhibit } from '../exhibit/types.js';
import { remoteNeuronIds } from '../exhibit/remote.js';
import { CAUSES, Network, type ModelEvent, type NetworkSnapshot } from '../model/index.js';
import { Animation, type ModelView } from '../render/index.js';
import type { StoryView } from '../story/view.js';

/** A held button fires a train after this long (shorter presses are single action potentials). */
export const HOLD_AFTER_MS = 300;

/**
 * Development stage from the age dial: 0 = newborn … 1 = adult. The plasticity gain falls
 * exponentially from 10× (newborn) to 1× (adult); 0.1 gives ~8×, the model's "juvenile" (SCIENCE.md:
 * juvenile plasticity 5–10× adult).
 */
export function gainForAge(age: number): number {
  const a = Math.min(1, Math.max(0, age));
  return Math.pow(10, 1 - a);
}

/** Longest settling before the first visitor, fast-clock ms (a neuron that never fires keeps no set point). */
const SETTLE_MAX_MS = 3_600_000;

/**
 * Runs an exhibit's network alone until every neuron with inputs has its set point, at adult gain;
 * returns how long that took (fast ms). Deterministic: the same seed settles the same way.
 */
function settle(network: Network): number {
  const waiting = () => network.neurons.some((n) => n.targetHz === null && n.incoming.length > 0);
  network.stageGain = 1;
  const onResponse = network.onResponse;
  network.onResponse = null;
  while (waiting() && network.nowMs < SETTLE_MAX_MS) network.advance(1000);
  network.onResponse = onResponse;
  return network.nowMs;
}

/**
 * An exhibit model's whole state as plain data (checkpoints, the rest after a visit, attract mode's
 * throwaway copy). Times are model times, so it fits any board clock.
 */
export interface ExhibitModelSnapshot {
  network: NetworkSnapshot;
  /**
   * Each synapse's reference (story/strength.ts): its efficacy and contacts at the exhibit's starting
   * state, or when it formed, and what the ledger had booked to each cause then. Older checkpoints
   * have only `baseline`, each synapse's efficacy per contact then.
   */
  reference?: Record<string, SynapseReference>;
  baseline?: Record<string, number>;
  age: number;
  /** Held buttons' trains: the next forced spike, in model (network) time. */
  holds: Array<{ neuron: string; nextMs: number; periodMs: number }>;
}

/** The network spec of an exhibit, as ExhibitModel builds it (what a saved model must fit). */
export function networkSpec(exhibit: Exhibit) {
  return {
    neurons: [
      ...exhibit.neurons.map((n) => ({
        id: n.id,
        canBeLost: n.canBeLost,
        inhibitory: n.inhibitory,
        spontaneousHz: n.spontaneousHz ?? exhibit.spontaneousHz,
        ...(n.targetHz ? { targetHz: n.targetHz } : {}),
      })),
      // Another kit's neuron (docs/class.md): it fires here when its spike arrives over the network,
      // never on its own, and is never lost (its life is the other kit's).
      ...remoteNeuronIds(exhibit).map((id) => ({ id, canBeLost: false, spontaneousHz: 0 })),
    ],
    synapses: [...exhibit.synapses, ...exhibit.remote.map(({ delayMs: _delay, ...spec }) => spec)],
    candidates: exhibit.candidates,
    preparation: exhibit.preparation,
  };
}

/** What a synapse is compared with: its state at the exhibit's starting state, or when it formed. */
export interface SynapseReference {
  efficacy: number;
  contacts: number;
  /** Its release probability and receptors per contact then (absent in older snapshots: taken as at restore). */
  release?: number;
  receptors?: number;
  /** Efficacy booked to each cause (the ledger's CAUSES order) up to then. */
  causes: number[];
}

/**
 * The plasticity model of one exhibit on board time: buttons fire neurons, a held button fires a
 * train (the neuron's `holdHz`), the age dial sets the development stage, the injury button cuts its
 * synapses and starts the post-injury boost. Keeps the animation state the renderer needs.
 * Pure: time comes in as board milliseconds.
 */
export class ExhibitModel {
  readonly animation = new Animation();
  readonly spikes: Record<string, number> = {};
  private net: Network;
  /** Board time of the model's fast time 0 (so board time = this + network time). */
  private startMs: number;
  private reference: Record<string, SynapseReference> = {};
  /** The last two responses of each synapse (what short-term plasticity did), for the story. */
  private readonly lastResponses = new Map<string, { previous: number; last: number }>();
  private readonly holds = new Map<string, { nextMs: number; periodMs: number }>();
  age = 1;

  /**
   * A new exhibit model, settled (see `settle`), its time now at board time `startMs`; or, with
   * `snapshot`, the model that snapshot was taken of (no settling), its time now at `startMs`.
   * Throws RangeError when the snapshot is not of this exhibit's network.
   */
  constructor(
    readonly exhibit: Exhibit,
    options: { seed?: number; startMs?: number; snapshot?: ExhibitModelSnapshot } = {},
  ) {
    const startMs = options.startMs ?? 0;
    if (options.snapshot) {
      this.net = Network.fromSnapshot(networkSpec(exhibit), options.snapshot.network, { ledger: true });
      this.startMs = this.startFor(startMs);
      this.restoreRest(options.snapshot);
    } else {
      this.net = new Network(networkSpec(exhibit), { seed: options.seed ?? 1, compression: exhibit.compression, stageGain: gainForAge(this.age), learnSetPoints: true, ledger: true });
      // The exhibit has lived its first days before its first visitor: each neuron with inputs has
      // measured its own set point (homeostasis and structure need one), quietly, at adult gain.
      this.startMs = startMs - settle(this.net);
      this.net.stageGain = gainForAge(this.age);
      for (const s of this.net.synapses) this.reference[s.id] = this.referenceNow(s.id);
    }
    for (const n of exhibit.neurons) this.spikes[n.id] = 0;
    this.listen();
  }

  /** The network (replaced when a snapshot is restored: read it through here). */
  get network(): Network {
    return this.net;
  }

  private listen(): void {
    this.net.onResponse = (tMs, syn, amplitude) => {
      this.animation.respond(syn.id, this.startMs + tMs, amplitude);
      const last = this.lastResponses.get(syn.id);
      this.lastResponses.set(syn.id, { previous: last?.last ?? 0, last: amplitude });
    };
  }

  /** The model's whole state as plain data, model times only; the model is not changed. */
  snapshot(): ExhibitModelSnapshot {
    return {
      network: this.net.snapshot(),
      reference: Object.fromEntries(Object.entries(this.reference).map(([id, r]) => [id, { ...r, causes: [...r.causes] }])),
      age: this.age,
      holds: [...this.holds].map(([neuron, h]) => ({ neuron, nextMs: h.nextMs - this.startMs, periodMs: h.periodMs })),
    };
  }

  /**
   * Puts the model in the state of `snapshot` (of this exhibit), going on from board time `boardMs`;
   * what was animating is forgotten. Spike counts are kept: they count what this run showed. Throws
   * RangeError, leaving the model as it was, when the snapshot does not fit.
   */
  restore(snapshot: ExhibitModelSnapshot, boardMs: number): void {
    const net = Network.fromSnapshot(networkSpec(this.exhibit), snapshot.network, { ledger: true });
    this.checkRest(snapshot, net);
    this.net = net;
    this.startMs = this.startFor(boardMs);
    this.restoreRest(snapshot);
    this.listen();
    const a = this.animation;
    a.spikes.length = 0;
    a.responses.length = 0;
    this.lastResponses.clear();
    a.pruned.clear();
    a.formed.clear();
  }

  private checkRest(s: ExhibitModelSnapshot, net: Network): void {
    if (typeof s.age !== 'number' || !(s.age >= 0 && s.age <= 1)) throw new RangeError('snapshot age: expected a number 0–1');
    if (s.reference !== undefined) {
      if (typeof s.reference !== 'object' || s.reference === null) throw new RangeError('snapshot reference: expected an object');
      for (const syn of net.synapses) {
        const r = s.reference[syn.id];
        const ok = r && typeof r.efficacy === 'number' && typeof r.contacts === 'number' && Array.isArray(r.causes) && r.causes.length === CAUSES.length && r.causes.every((c) => typeof c === 'number');
        if (!ok) throw new RangeError(`snapshot reference: no reference for ${syn.id}`);
      }
    } else {
      if (typeof s.baseline !== 'object' || s.baseline === null) throw new RangeError('snapshot reference: expected an object');
      for (const syn of net.synapses) if (typeof s.baseline[syn.id] !== 'number') throw new RangeError(`snapshot baseline: no number for ${syn.id}`);
    }
    if (!Array.isArray(s.holds) || s.holds.some((h) => !this.exhibit.neurons.some((n) => n.id === h?.neuron) || typeof h.nextMs !== 'number' || !(h.periodMs > 0))) {
      throw new RangeError('snapshot holds: expected held neurons of this exhibit');
    }
  }

  private restoreRest(s: ExhibitModelSnapshot): void {
    this.checkRest(s, this.net);
    if (s.reference) {
      this.reference = Object.fromEntries(Object.entries(s.reference).map(([id, r]) => {
        const now = this.net.synapseState(this.net.synapse(id));
        return [id, { ...r, release: r.release ?? now.release, receptors: r.receptors ?? now.receptors, causes: [...r.causes] }];
      }));
    }
    else {
      // An older checkpoint: each synapse's per-contact efficacy then, with the contacts it was declared with.
      const declared = new Map(networkSpec(this.exhibit).synapses.map((d) => [`${d.from}->${d.to}`, d.contacts ?? 1]));
      this.reference = {};
      for (const syn of this.net.synapses) {
        const contacts = declared.get(syn.id) ?? 1;
        const now = this.net.synapseState(syn);
        this.reference[syn.id] = { efficacy: s.baseline![syn.id]! * contacts, contacts, release: now.release, receptors: now.receptors, causes: Array.from(this.net.ledger!.totals(syn.index)) };
      }
    }
    this.age = s.age;
    this.holds.clear();
    for (const h of s.holds) this.holds.set(h.neuron, { nextMs: this.startMs + h.nextMs, periodMs: h.periodMs });
  }

  /**
   * Moves the model's clock so that it is now at board time `boardMs`, without stepping it: after a
   * pause (idle, closed hours) or on a new board whose clock started again. Animation marks move with it.
   */
  rebase(boardMs: number): void {
    const before = this.startMs;
    this.startMs = this.startFor(boardMs);
    const delta = this.startMs - before;
    if (delta === 0) return;
    for (const h of this.holds.values()) h.nextMs += delta;
    const a = this.animation;
    for (const m of a.spikes) m.tMs += delta;
    for (const m of a.responses) m.tMs += delta;
    for (const m of a.pruned.values()) m.tMs += delta;
    for (const [id, t] of a.formed) a.formed.set(id, t + delta);
  }

  /**
   * The start that puts the model's time at board time `boardMs`: board times are fractional, and
   * rounding must not leave the model a hair behind the board (it would take a step nobody asked for).
   */
  private startFor(boardMs: number): number {
    const n = this.net.nowMs;
    let start = boardMs - n;
    const ulp = Math.max(Math.abs(start), Math.abs(boardMs), Math.abs(n)) * Number.EPSILON;
    while (start + n < boardMs) start += ulp;
    return start;
  }

  /** A copy to play with (attract mode's ghost visitor): what it does never touches this model. */
  copy(): ExhibitModel {
    return new ExhibitModel(this.exhibit, { snapshot: this.snapshot(), startMs: this.nowMs });
  }

  /** Lets go of every held button (a board that went away takes its held buttons with it). */
  releaseAll(): void {
    this.holds.clear();
  }

  /** Board time the model has reached, ms. */
  get nowMs(): number {
    return this.startMs + this.network.nowMs;
  }

  /** A synapse's state now, as the reference it will be compared with. */
  private referenceNow(id: string): SynapseReference {
    const syn = this.net.synapse(id);
    const state = this.net.synapseState(syn);
    return { efficacy: state.efficacy, contacts: state.contacts, release: state.release, receptors: state.receptors, causes: Array.from(this.net.ledger!.totals(syn.index)) };
  }

  /** Steps the model (1 ms at a time) up to board time `boardMs`; returns what happened. */
  advanceTo(boardMs: number): ModelEvent[] {
    const events: ModelEvent[] = [];
    while (this.nowMs < boardMs) {
      const t = this.nowMs;
      for (const [id, hold] of this.holds) {
        if (t >= hold.nextMs) {
          this.network.forceSpike(id);
          hold.nextMs += hold.periodMs;
        }
      }
      for (const e of this.network.step()) {
        const atMs = this.startMs + e.tMs;
        this.animation.record(e, atMs);
        if (e.kind === 'spike') this.spikes[e.neuron] = (this.spikes[e.neuron] ?? 0) + 1;
        if (e.kind === 'formed') this.reference[e.synapse] = this.referenceNow(e.synapse);
        events.push({ ...e, tMs: atMs });
      }
    }
    this.animation.forget(this.nowMs);
    return events;
  }

  /** A visitor pressed a neuron's button: one action potential now; a train if held and `holdHz` is set. */
  press(neuronId: string): void {
    this.network.forceSpike(neuronId);
    const holdHz = this.exhibit.neurons.find((n) => n.id === neuronId)?.holdHz;
    if (holdHz) this.holds.set(neuronId, { nextMs: this.nowMs + HOLD_AFTER_MS, periodMs: 1000 / holdHz });
  }

  release(neuronId: string): void {
    this.holds.delete(neuronId);
  }

  /** A spike of another kit's neuron arrived (its axonal delay elapsed): the remote neuron fires now. */
  fireRemote(neuronId: string): void {
    this.network.forceSpike(neuronId);
  }

  /** The age dial moved: 0 = newborn … 1 = adult. */
  setAge(age: number): void {
    this.age = Math.min(1, Math.max(0, age));
    this.network.stageGain = gainForAge(this.age);
  }

  /** The injury button: cut its synapses, start the transient post-injury boost of plasticity. */
  injure(): string[] {
    const cuts = this.exhibit.controls.injury?.cuts ?? [];
    for (const id of cuts) this.network.cut(id);
    this.network.injure();
    return cuts;
  }

  /** The model as the renderer sees it. */
  view(): ModelView {
    const synapses: ModelView['synapses'] = {};
    for (const s of this.network.synapses) synapses[s.id] = this.network.synapseState(s);
    const neurons: ModelView['neurons'] = {};
    for (const n of this.network.neurons) neurons[n.id] = this.network.neuronReport(n);
    return { synapses, neurons, reference: this.reference };
  }

  /**
   * What the story (captions, lessons, legends, the class view) reads at board time `tMs`: each
   * synapse's efficacy and contacts with its reference, and what the ledger booked to each cause
   * since the reference.
   */
  storyView(tMs: number = this.nowMs): StoryView {
    const synapses: StoryView['synapses'] = {};
    const ledger = this.net.ledger!;
    for (const syn of this.net.synapses) {
      const state = this.net.synapseState(syn);
      const ref = this.reference[syn.id];
      const totals = ledger.totals(syn.index);
      const causes = new Float64Array(CAUSES.length);
      for (let c = 0; c < CAUSES.length; c++) causes[c] = totals[c]! - (ref?.causes[c] ?? 0);
      const responses = this.lastResponses.get(syn.id);
      synapses[syn.id] = {
        efficacy: state.efficacy, contacts: state.contacts, exists: state.exists, early: state.early, late: state.late,
        release: state.release, receptors: state.receptors,
        reference: ref?.efficacy ?? 0, referenceContacts: ref?.contacts ?? 0, referenceRelease: ref?.release ?? 0, referenceReceptors: ref?.receptors ?? 0,
        causes, ...(responses ? { responses: { ...responses } } : {}),
      };
    }
    const neurons: StoryView['neurons'] = {};
    for (const n of this.net.neurons) neurons[n.id] = { alive: n.alive };
    return { tMs, synapses, neurons };
  }
}
