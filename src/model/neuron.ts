import { NEURON, SCALING, STRUCTURE, type TripletSet } from './params.js';
import type { Synapse } from './synapse.js';

/** Per-millisecond decay factors of a neuron's traces (the fast clock's step is 1 ms), for one triplet set. */
export interface TraceDecay {
  rate: number;
  coincidenceRate: number;
  adaptation: number;
  r1: number;
  o1: number;
  o2: number;
  /** Nearest-spike interactions: a spike sets its traces to 1 instead of adding 1. */
  nearest: boolean;
}

export function traceDecay(set: TripletSet): TraceDecay {
  return {
    rate: Math.exp(-1 / NEURON.rateTauMs),
    coincidenceRate: Math.exp(-1 / STRUCTURE.coincidenceTauMs),
    adaptation: Math.exp(-1 / NEURON.tauAdaptationMs),
    r1: Math.exp(-1 / set.tauPlusMs),
    o1: Math.exp(-1 / set.tauMinusMs),
    o2: Math.exp(-1 / set.tauYMs),
    nearest: set.nearest,
  };
}

/**
 * Everything of a neuron that changes as the model runs: what a snapshot keeps (network.ts). The rest
 * (id, synapse lists, declared fields) comes from the exhibit or protocol it was built from.
 */
export const NEURON_STATE_KEYS = [
  'voltage', 'current', 'adaptation', 'refractoryUntilMs', 'lastSpikeMs', 'alive', 'silenced', 'driveHz', 'nextDriveMs',
  'nextSpontaneousMs', 'spikes', 'targetHz', 'scaling', 'protein', 'silentS',
  'freeElements', 'retractReadyS', 'spikesSinceTick', 'setPointSlowS', 'setPointFastMs', 'setPointSpikes', 'rateHz',
  'coincidenceRateHz', 'r1', 'o1', 'o2', 'scalingDebtS',
] as const;

/** The changing state of one neuron as plain data. */
export type NeuronStateData = Pick<NeuronState, (typeof NEURON_STATE_KEYS)[number]>;

/** How a neuron is declared. */
export interface NeuronSpec {
  id: string;
  /** Whether it may be lost when silent during development. Default true. */
  canBeLost?: boolean;
  /** Homeostatic target rate, Hz. Default: its own activity over its first slow day (or SCALING.targetHz when `fixedTarget`). */
  targetHz?: number;
  /** All its synapses inhibit (Dale's law). Default false. */
  inhibitory?: boolean;
  /** Background Poisson firing from inputs outside the model, Hz. Default 0. */
  spontaneousHz?: number;
}

/**
 * The state of one leaky integrate-and-fire neuron (dimensionless voltage, threshold 1) and the
 * traces its spikes leave: the four triplet-STDP traces and the spike counts that slow processes read.
 */
export class NeuronState {
  voltage = 0;
  /** Synaptic current, decaying with τsyn. */
  current = 0;
  /** Adaptation: the steady voltage (threshold units) its adaptation current would hold it below rest. */
  adaptation = 0;
  refractoryUntilMs = 0;
  lastSpikeMs = -Infinity;
  alive = true;
  silenced = false;
  /** Extra Poisson drive (protocol `drive`), Hz. */
  driveHz = 0;
  nextDriveMs = Infinity;
  nextSpontaneousMs = Infinity;
  spikes = 0;
  readonly incoming: Synapse[] = [];
  readonly outgoing: Synapse[] = [];
  readonly canBeLost: boolean;
  readonly inhibitory: boolean;
  readonly spontaneousHz: number;
  /** Homeostatic set point, Hz; null until measured (exhibit neurons without a declared target). */
  targetHz: number | null;

  /** Homeostatic scaling factor applied to every incoming q (1 = as declared). */
  scaling = 1;
  /** Availability of plasticity-related proteins, 0–1 (tag and capture). */
  protein = 0;
  /** Slow-clock seconds of accumulated silence (spike-count based), for developmental loss. */
  silentS = 0;
  /** Free dendritic elements (Butz & van Ooyen 2013), fractional; negative: a deficit of elements. */
  freeElements = 0;
  /** Slow time before which no further contact may be retracted. */
  retractReadyS = 0;
  /** Spikes since the last slow tick, read and cleared by it. */
  spikesSinceTick = 0;
  /** Spikes homeostatic scaling has yet to count against the set point, as fast seconds (slow.ts). */
  scalingDebtS = 0;
  /** Set-point measurement: slow seconds and spikes so far. */
  setPointSlowS = 0;
  setPointFastMs = 0;
  setPointSpikes = 0;

  /** Firing-rate estimate (Hz) over NEURON.rateTauMs, for display. */
  rateHz = 0;
  /** Firing rate over the coincidence filter's memory: what chance coincidences are judged against. */
  coincidenceRateHz = 0;
  r1 = 0;
  o1 = 0;
  o2 = 0;

  constructor(readonly id: string, spec: NeuronSpec, fixedTarget: boolean) {
    this.canBeLost = spec.canBeLost ?? true;
    this.inhibitory = spec.inhibitory ?? false;
    this.spontaneousHz = spec.spontaneousHz ?? 0;
    this.targetHz = spec.targetHz ?? (fixedTarget ? SCALING.targetHz : null);
  }

  /** One fast step (1 ms) of decay for every trace. */
  decay(d: TraceDecay): void {
    this.rateHz *= d.rate;
    this.coincidenceRateHz *= d.coincidenceRate;
    this.adaptation *= d.adaptation;
    this.r1 *= d.r1;
    this.o1 *= d.o1;
    this.o2 *= d.o2;
  }

  /** Adds this step's spike to the STDP traces (after every pairing of the step has read them). */
  addToTraces(nearest: boolean): void {
    if (nearest) {
      this.r1 = 1;
      this.o1 = 1;
      this.o2 = 1;
    } else {
      this.r1 += 1;
      this.o1 += 1;
      this.o2 += 1;
    }
  }

  fire(t: number): void {
    this.spikes += 1;
    this.spikesSinceTick += 1;
    this.lastSpikeMs = t;
    this.voltage = NEURON.reset;
    this.refractoryUntilMs = t + NEURON.refractoryMs;
    this.adaptation += NEURON.adaptationPerSpike;
    this.rateHz += 1000 / NEURON.rateTauMs;
    this.coincidenceRateHz += 1000 / STRUCTURE.coincidenceTauMs;
  }
}
