import { FREQUENCY, NEURON, SCALING, STDP, STRUCTURE } from './params.js';
import type { Synapse } from './synapse.js';

/** The state of one leaky integrate-and-fire neuron (dimensionless voltage, threshold 1). */
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
  /** Slow-clock seconds (× gain) spent nearly silent, for structural loss. */
  silentS = 0;

  private rateTrace = 0;
  private rateAtMs = 0;
  private activityTrace: number = STRUCTURE.initialActivityHz;
  private activityAtMs = 0;
  private freqTrace = 0;
  private freqAtMs = 0;
  private plusTrace = 0;
  private minusTrace = 0;
  private traceAtMs = 0;
  /** Presynaptic rate estimate at the last spike (mean of the trace before and after it), Hz. */
  presynapticRateHz = 0;

  constructor(
    readonly id: string,
    readonly canBeLost: boolean,
  ) {}

  /** Firing-rate estimate (Hz), exponential window of NEURON.rateTauMs. */
  rateHz(nowMs: number): number {
    return this.rateTrace * Math.exp(-(nowMs - this.rateAtMs) / NEURON.rateTauMs);
  }

  /** Long-window firing rate (Hz) that decides whether the neuron and its synapses are in use. */
  activityHz(nowMs: number): number {
    return this.activityTrace * Math.exp(-(nowMs - this.activityAtMs) / STRUCTURE.activityTauMs);
  }

  /** How far this neuron's activity is above its homeostatic target (0 when at or below it). */
  excessActivity(nowMs: number): number {
    return Math.max(0, this.rateHz(nowMs) / SCALING.targetHz - 1);
  }

  /** Σ e^(−(t − t_spike)/τ+) over this neuron's earlier spikes: the presynaptic STDP trace. */
  plusTraceAt(t: number): number {
    return this.plusTrace * Math.exp(-(t - this.traceAtMs) / STDP.tauPlusMs);
  }

  /** Σ e^(−(t − t_spike)/τ−) over this neuron's earlier spikes: the postsynaptic STDP trace. */
  minusTraceAt(t: number): number {
    return this.minusTrace * Math.exp(-(t - this.traceAtMs) / STDP.tauMinusMs);
  }

  /** Adds this step's spike to the STDP traces (after every pairing of the step has read them). */
  addToTraces(t: number): void {
    this.plusTrace = this.plusTraceAt(t) + 1;
    this.minusTrace = this.minusTraceAt(t) + 1;
    this.traceAtMs = t;
  }

  fire(t: number): void {
    this.spikes += 1;
    this.lastSpikeMs = t;
    this.voltage = NEURON.reset;
    this.refractoryUntilMs = t + NEURON.refractoryMs;
    this.rateTrace = this.rateHz(t) + 1000 / NEURON.rateTauMs;
    this.rateAtMs = t;
    this.activityTrace = this.activityHz(t) + 1000 / STRUCTURE.activityTauMs;
    this.activityAtMs = t;
    const before = this.freqTrace * Math.exp(-(t - this.freqAtMs) / FREQUENCY.rateTauMs);
    const step = 1000 / FREQUENCY.rateTauMs;
    this.presynapticRateHz = before + step / 2;
    this.freqTrace = before + step;
    this.freqAtMs = t;
  }
}
