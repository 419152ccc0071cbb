import type { Exhibit } from '../exhibit/index.js';
import { Network, type ModelEvent } from '../model/index.js';
import { Animation, type ModelView } from '../render/index.js';

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

/** The other kits' neurons an exhibit receives from ("kit-2/C"), each once. */
export function remoteNeurons(exhibit: Exhibit): string[] {
  return [...new Set(exhibit.remote.map((r) => r.from))];
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
 * The plasticity model of one exhibit on board time: buttons fire neurons, a held button fires a
 * train (the neuron's `holdHz`), the age dial sets the development stage, the injury button cuts its
 * synapses and starts the post-injury boost. Keeps the animation state the renderer needs.
 * Pure: time comes in as board milliseconds.
 */
export class ExhibitModel {
  readonly network: Network;
  readonly animation = new Animation();
  readonly spikes: Record<string, number> = {};
  /** Board time of the model's fast time 0, after settling (so board time = this + network time). */
  private readonly startMs: number;
  private readonly baseline: Record<string, number> = {};
  private readonly holds = new Map<string, { nextMs: number; periodMs: number }>();
  age = 1;

  constructor(
    readonly exhibit: Exhibit,
    options: { seed?: number; startMs?: number } = {},
  ) {
    let startMs = options.startMs ?? 0;
    this.network = new Network(
      {
        neurons: [
          ...exhibit.neurons.map((n) => ({
            id: n.id,
            canBeLost: n.canBeLost,
            inhibitory: n.inhibitory,
            spontaneousHz: n.spontaneousHz ?? exhibit.spontaneousHz,
            ...(n.targetHz ? { targetHz: n.targetHz } : {}),
          })),
          // Another kit's neuron (docs/class.md): it fires here when its spike arrives over the
          // network, never on its own, and is never lost (its life is the other kit's).
          ...remoteNeurons(exhibit).map((id) => ({ id, canBeLost: false, spontaneousHz: 0 })),
        ],
        synapses: [...exhibit.synapses, ...exhibit.remote.map(({ delayMs: _delay, ...spec }) => spec)],
        candidates: exhibit.candidates,
      },
      { seed: options.seed ?? 1, compression: exhibit.compression, stageGain: gainForAge(this.age), learnSetPoints: true },
    );
    // The exhibit has lived its first days before its first visitor: each neuron with inputs has
    // measured its own set point (homeostasis and structure need one), quietly, at adult gain.
    startMs -= settle(this.network);
    this.startMs = startMs;
    this.network.stageGain = gainForAge(this.age);
    for (const s of this.network.synapses) this.baseline[s.id] = this.perContact(s.id);
    for (const n of exhibit.neurons) this.spikes[n.id] = 0;
    this.network.onResponse = (tMs, syn, amplitude) => this.animation.respond(syn.id, this.startMs + tMs, amplitude);
  }

  /** Board time the model has reached, ms. */
  get nowMs(): number {
    return this.startMs + this.network.nowMs;
  }

  private perContact(id: string): number {
    const syn = this.network.synapse(id);
    const state = this.network.synapseState(syn);
    return state.contacts > 0 ? state.efficacy / state.contacts : 0;
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
        if (e.kind === 'formed') this.baseline[e.synapse] = this.perContact(e.synapse);
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
    return { synapses, neurons, baselinePerContact: this.baseline };
  }
}
