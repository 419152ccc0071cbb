import { FREQUENCY, NEURON, SCALING, STDP, STRUCTURE } from './params.js';
import type { Synapse } from './synapse.js';

/** Per-millisecond decay factors of the neuron's traces (the fast clock's step is 1 ms). */
const DECAY = {
  rate: Math.exp(-1 / NEURON.rateTauMs),
  activity: Math.exp(-1 / STRUCTURE.activityTauMs),
  freq: Math.exp(-1 / FREQUENCY.rateTauMs),
  plus: Math.exp(-1 / STDP.tauPlusMs),
  minus: Math.exp(-1 / STDP.tauMinusMs),
};

/**
 * The state of one leaky integrate-and-fire neuron (dimensionless voltage, threshold 1) and the
 * traces its spikes leave: firing-rate estimates and the STDP traces. Traces decay once per fast step.
 */
export class NeuronState {
  voltage = 0;
  /** Synaptic current, decaying with τsyn. */
  current = 0;
  refractoryUntilMs = 0;
  lastSpikeMs = -Infinity;
  alive = true;
  silenced = false;
  driveHz = 0;
  nextDriveMs = Infinity;
  spikes = 0;
  readonly incoming: Synapse[] = [];
  readonly outgoing: Synapse[] = [];

  /** Homeostatic scaling factor applied to every incoming q (1 = set point). */
  scaling = 1;
  /** Availability of plasticity-related proteins, 0–1 (tag and capture). */
  protein = 0;
  /** Σ |early| over incoming synapses at the last slow tick: what triggers protein synthesis. */
  summedEarly = 0;
  /** Slow-clock seconds (× gain) spent nearly silent, for structural loss. */
  silentS = 0;

  /** Firing-rate estimate (Hz) over NEURON.rateTauMs: reported, and sensed by homeostasis. */
  rateHz = 0;
  /** Long-window rate (Hz) over STRUCTURE.activityTauMs that decides "unused" and "silent". */
  activityHz: number = STRUCTURE.initialActivityHz;
  /** Σ e^(−(t − t_spike)/τ+) over earlier spikes: the presynaptic STDP trace. */
  plusTrace = 0;
  /** Σ e^(−(t − t_spike)/τ−) over earlier spikes: the postsynaptic STDP trace. */
  minusTrace = 0;
  private freqTrace = 0;
  /** Presynaptic rate estimate at the last spike (mean of the trace before and after it), Hz. */
  presynapticRateHz = 0;

  constructor(
    readonly id: string,
    readonly canBeLost: boolean,
    /** Firing rate above which homeostasis scales this neuron's receptors down, Hz. */
    readonly targetHz: number = SCALING.targetHz,
  ) {}

  /** How far this neuron's activity is above its homeostatic target (0 when at or below it). */
  excessActivity(): number {
    return Math.max(0, this.rateHz / this.targetHz - 1);
  }

  /** One fast step (1 ms) of decay for every trace. */
  decay(): void {
    this.rateHz *= DECAY.rate;
    this.activityHz *= DECAY.activity;
    this.freqTrace *= DECAY.freq;
    this.plusTrace *= DECAY.plus;
    this.minusTrace *= DECAY.minus;
  }

  /** Adds this step's spike to the STDP traces (after every pairing of the step has read them). */
  addToTraces(): void {
    this.plusTrace += 1;
    this.minusTrace += 1;
  }

  fire(t: number): void {
    this.spikes += 1;
    this.lastSpikeMs = t;
    this.voltage = NEURON.reset;
    this.refractoryUntilMs = t + NEURON.refractoryMs;
    this.rateHz += 1000 / NEURON.rateTauMs;
    this.activityHz += 1000 / STRUCTURE.activityTauMs;
    const step = 1000 / FREQUENCY.rateTauMs;
    this.presynapticRateHz = this.freqTrace + step / 2;
    this.freqTrace += step;
  }
}
