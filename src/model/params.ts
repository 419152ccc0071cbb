/**
 * Model constants. Fast-clock quantities are in milliseconds of the fast (spike) clock; slow-clock
 * quantities are in seconds of the slow clock (fast time × compression K).
 */

/** Leaky integrate-and-fire neuron, dimensionless voltage (rest 0, threshold 1). */
export const NEURON = {
  /** Membrane time constant (Gerstner et al. 2014, "Neuronal Dynamics", typical cortical 10–30 ms). */
  tauMemMs: 20,
  /** Exponential synaptic current decay (AMPA-like, ~5 ms). */
  tauSynMs: 5,
  /** Absolute refractory period after a spike. */
  refractoryMs: 2,
  threshold: 1,
  reset: 0,
  /**
   * Peak depolarisation per unit response amplitude, as a fraction of threshold: a response of 1
   * brings a resting neuron exactly to threshold. Amplitudes are contacts × q × released fraction.
   */
  peakPerAmplitude: 1,
  /** Time constant of the firing-rate estimate reported as `rateHz` and sensed by homeostasis. */
  rateTauMs: 2000,
} as const;

/** Synaptic transmission delay (axonal + synaptic, ~1 ms for nearby neurons). */
export const SYNAPSE_DELAY_MS = 1;

/** A Tsodyks–Markram short-term plasticity setting (Tsodyks & Markram 1997; Markram et al. 1998). */
export interface StpParams {
  /** Release probability at rest, 0–1. */
  U: number;
  tauRecMs: number;
  tauFacMs: number;
}

/** Presets from SCIENCE.md (Markram, Wang & Tsodyks 1998, facilitating vs depressing cortical synapses). */
export const STP_PRESETS: Readonly<Record<'facilitating' | 'depressing' | 'none', StpParams>> = {
  facilitating: { U: 0.1, tauRecMs: 100, tauFacMs: 1000 },
  depressing: { U: 0.5, tauRecMs: 800, tauFacMs: 0 },
  /** No short-term dynamics: every spike releases U (tau 0 means instant recovery). */
  none: { U: 0.5, tauRecMs: 0, tauFacMs: 0 },
};

/**
 * Pair-based spike-timing-dependent plasticity with all-to-all traces (Bi & Poo 1998: τ+ 16.8 ms,
 * τ− 33.7 ms; Song, Miller & Abbott 2000 traces). Δt = t_post − t_pre. Amplitudes are the change of
 * z per pairing at Δt → 0. A− is kept small enough that 60 pairings at −100 ms (5% of A− each) stay
 * under 2% of the +5 ms peak (SCIENCE.md T6).
 */
export const STDP = {
  tauPlusMs: 16.8,
  tauMinusMs: 33.7,
  aPlus: 0.01,
  aMinus: 0.0015,
} as const;

/**
 * Presynaptic frequency term: each presynaptic spike moves z by `perSpike × (ν/νθ − 1)`, ν being
 * the presynaptic rate over the last `rateTauMs`. Low-frequency stimulation depresses, high-frequency
 * potentiates, the crossover near 10 Hz (Dudek & Bear 1992, PNAS: 900 pulses at 1 Hz → LTD, 10 Hz →
 * no change, ≥ 50 Hz → LTP; the BCM frequency–response curve, Bienenstock, Cooper & Munro 1982).
 * Spike timing alone cannot give this: without postsynaptic spikes STDP changes nothing. Small, so that
 * 60 spikes at 1 Hz stay well under 2% of the timing peak (SCIENCE.md T6).
 */
export const FREQUENCY = {
  rateTauMs: 500,
  crossoverHz: 10,
  /** Change of z per presynaptic spike at zero rate (and −perSpike × 9 at 100 Hz). */
  perSpike: 4e-5,
} as const;

/**
 * Long-term change z (efficacy multiplier m = 1 + z) with the bounds of Bi & Poo 1998: potentiation
 * is soft-bounded (× (1 − z/zMax): less LTP in strong synapses) and depression is proportional to m
 * (the percentage of LTD does not depend on initial strength).
 */
export const LONG_TERM = {
  zMax: 3,
  /** The multiplier never falls below this through depression (pruning removes weak synapses). */
  mMin: 0.05,
  /** Default fraction of a long-term change expressed presynaptically (U) rather than postsynaptically (q). */
  presynapticFraction: 0.5,
} as const;

/**
 * Early → late consolidation, tag and capture (Frey & Morris 1997; Clopath, Ziegler, Vasilaki,
 * Büsing & Gerstner 2008). Slow-clock seconds.
 */
export const CONSOLIDATION = {
  /** Early changes fade over hours (Frey & Morris 1997: E-LTP lasts 2–3 h). */
  tauEarlyS: 4_500,
  /** A synapse is tagged while |early| exceeds this. */
  tagThreshold: 0.02,
  /** Plasticity-related proteins are made while the neuron's summed |early| exceeds this. */
  triggerThreshold: 0.45,
  /** Protein availability decays over about an hour (Clopath et al. 2008: τp = 60 min). */
  tauProteinS: 3_600,
  /** Rise of protein availability once triggered. */
  tauProteinRiseS: 300,
  /** Transfer from early to late while tagged and proteins are present (~10 min at full supply). */
  tauCaptureS: 600,
  /** Late changes last months to years. */
  tauLateS: 365 * 86_400,
} as const;

/** Homeostatic synaptic scaling of q (Turrigiano et al. 1998; Turrigiano 2008). Slow-clock seconds. */
export const SCALING = {
  /** About a day (Turrigiano 2008: scaling develops over 24–48 h). */
  tauS: 86_400,
  /** Firing rate above which a neuron scales its receptors down. */
  targetHz: 5,
  /** Lowest scaling factor. */
  minFactor: 0.05,
} as const;

/**
 * Structural plasticity: contacts sprout under correlated activity, shrink when weak or unused; new
 * synapses between candidates that fire together (Le Bé & Markram 2006; Butz & van Ooyen 2013).
 * Rates are per slow-clock day at plasticity gain 1.
 */
export const STRUCTURE = {
  /** Coincidence window: a postsynaptic spike within this after a presynaptic one counts as together. */
  coincidenceWindowMs: 25,
  /** Rate of coincidences beyond chance at which sprouting and formation run at full speed. */
  coincidenceRefHz: 2,
  /** Filter of the coincidence rate (fast clock). */
  coincidenceTauMs: 10_000,
  sproutPerDay: 0.5,
  shrinkPerDay: 0.5,
  /**
   * Below this long-term multiplier a contact is at risk of removal (LTD shrinks and removes spines:
   * Zhou, Homma & Poo 2004). Homeostatic scaling does not count: it is reversible by design.
   */
  weakMultiplier: 0.7,
  /**
   * Window of the activity estimate that decides "unused" and "silent" (fast clock): long enough that
   * a sparse but steady input (0.5 Hz) is not mistaken for silence even in a time-lapse, where a week
   * of slow time may hold a single spike. Each neuron starts at `initialActivityHz` (no evidence of
   * disuse yet), so a silent one is first judged unused after about 7 s of fast time.
   */
  activityTauMs: 10_000,
  initialActivityHz: 0.1,
  /** A presynaptic rate below this counts as unused. */
  unusedHz: 0.05,
  /**
   * An unused contact onto a quiet target is removed at this fraction of `shrinkPerDay` (weeks per
   * contact). Onto an active target the unused input loses the competition and goes at the full rate
   * (synapse elimination by competition: Lichtman & Colman 2000; Butz & van Ooyen 2013).
   */
  unusedRisk: 0.25,
  formPerDay: 0.5,
  maxContacts: 12,
  /** A neuron whose rate stays below `silentHz` this long (slow clock, gain 1) is lost. */
  lossAfterS: 30 * 86_400,
  silentHz: 0.01,
} as const;

/** Plasticity gain g by development stage (SCIENCE.md: juvenile 5–10× adult). */
export const STAGE_GAIN = { juvenile: 8, adult: 1 } as const;

/** Transient post-injury boost: g × (1 + peak·(t/τ)·e^(1−t/τ)), largest after τ (weeks; Nudo 2006). */
export const INJURY = {
  peakBoost: 2,
  riseS: 14 * 86_400,
} as const;

/**
 * Slow-clock step: at most this fraction of the shortest slow time constant integrated with Euler
 * steps (K·dt/τ ≤ 0.1, DESIGN.md). Linear decays use exact exponentials and tolerate longer steps.
 */
export const SLOW_STEP = {
  maxFractionOfTau: 0.1,
  minFastMs: 1,
  maxFastMs: 1000,
} as const;
