/**
 * Model constants, each from the paper named beside it. Fast-clock quantities are in milliseconds of
 * the fast (spike) clock; slow-clock quantities are in seconds of the slow clock (fast time × K).
 */

/** Leaky integrate-and-fire neuron, dimensionless voltage (rest 0, threshold 1). */
export const NEURON = {
  /** Membrane time constant (Gerstner et al. 2014, "Neuronal Dynamics", typical cortical 10–30 ms). */
  tauMemMs: 20,
  /** Exponential synaptic current decay (AMPA-like, ~5 ms; Hestrin et al. 1990). */
  tauSynMs: 5,
  /** Absolute refractory period after a spike (Gerstner et al. 2014: 1–5 ms). */
  refractoryMs: 2,
  threshold: 1,
  reset: 0,
  /**
   * Peak depolarisation per unit response amplitude, as a fraction of threshold: a response of 1
   * brings a resting neuron exactly to threshold. Amplitudes are contacts × q × released fraction.
   */
  peakPerAmplitude: 1,
  /** Time constant of the firing-rate estimate reported as `rateHz` (display only). */
  rateTauMs: 2000,
  /**
   * Spike-frequency adaptation (the adaptive exponential integrate-and-fire neuron of Brette &
   * Gerstner 2005, regular-spiking parameters as in Clopath et al. 2010): each spike adds a current of
   * b = 80.5 pA that decays with τw = 144 ms. With gL = 30 nS it holds the voltage b/gL = 2.68 mV lower,
   * 0.133 of the 20.2 mV from rest (−70.6) to threshold (−50.4): a neuron driven to fire at hundreds of
   * hertz slows down within a few spikes, one firing a few times a second hardly notices.
   */
  adaptationPerSpike: 2.68 / 20.2,
  tauAdaptationMs: 144,
} as const;

/**
 * Receptors q of a synapse that does not say: one contact with U 0.5 then gives a unitary EPSP 7.5% of
 * the way from rest to threshold, about 1.3 mV of ~17 mV (Markram, Lübke, Frotscher, Roth & Sakmann
 * 1997, J Physiol 500:409: layer-5 pyramidal pairs, 1.3 ± 1.1 mV). One input alone does not fire its
 * target; many together, or an exhibit's strong contacts, do.
 */
export const DEFAULT_RECEPTORS = 0.15;

/** Synaptic transmission delay (axonal + synaptic, ~1 ms for nearby neurons). */
export const SYNAPSE_DELAY_MS = 1;

/** A Tsodyks–Markram short-term plasticity setting (Tsodyks & Markram 1997; Markram et al. 1998). */
export interface StpParams {
  /** Release probability at rest, 0–1. */
  U: number;
  tauRecMs: number;
  tauFacMs: number;
}

/** Presets (Markram, Wang & Tsodyks 1998, facilitating vs depressing cortical synapses). */
export const STP_PRESETS: Readonly<Record<'facilitating' | 'depressing' | 'none', StpParams>> = {
  facilitating: { U: 0.1, tauRecMs: 100, tauFacMs: 1000 },
  depressing: { U: 0.5, tauRecMs: 800, tauFacMs: 0 },
  /** No short-term dynamics: every spike releases U (tau 0 means instant recovery). */
  none: { U: 0.5, tauRecMs: 0, tauFacMs: 0 },
};

/**
 * Triplet spike-timing-dependent plasticity, all-to-all interactions (Pfister & Gerstner 2006,
 * J Neurosci 26:9673, Table 4: the minimal model fitted to the hippocampal data of Bi & Poo 1998 and
 * Wang et al. 2005). Each spike leaves traces: presynaptic r1 (τ+), postsynaptic o1 (τ−) and o2 (τy).
 * At a postsynaptic spike w += r1·(A2+ + A3+·o2), o2 taken before the spike's own increment; at a
 * presynaptic spike w −= A2−·o1. In the minimal model the presynaptic triplet term A3− is zero (so τx
 * does not appear). The amplitudes are relative changes of a synapse of the reference strength
 * (WEIGHT_DEPENDENCE).
 */
export const TRIPLET = {
  tauPlusMs: 16.8,
  tauMinusMs: 33.7,
  tauYMs: 40,
  a2Plus: 5.3e-3,
  a3Plus: 8.0e-3,
  a2Minus: 3.5e-3,
} as const;

/**
 * Weight dependence after van Rossum, Bi & Turrigiano 2000 (J Neurosci 20:8812): potentiation adds
 * a fixed amount of efficacy, depression removes a fixed fraction, so the relative change of LTP is
 * largest at weak synapses (Bi & Poo 1998, Fig. 5) while LTD is the same percentage at any strength.
 * The triplet amplitudes are read as relative changes of a contact of the reference strength. Adapted:
 * the reference is the typical input of the target cell (the mean declared U·q of its excitatory
 * contacts), so a synapse weaker than its neighbours gains more in percent, and a cell whose inputs
 * are all alike keeps them in balance where they were declared; a cell with no declared inputs takes
 * the default synapse.
 */
export const WEIGHT_DEPENDENCE = {
  /** The long-term multiplier never falls below this (pruning removes weak synapses). */
  mMin: 0.05,
  /** Nor rises above this: a contact's spine head can grow only so far (Matsuzaki et al. 2004: ~3–4×). */
  mMax: 4,
  /** Default fraction of a long-term change expressed presynaptically (U) rather than postsynaptically (q). */
  presynapticFraction: 0.5,
} as const;

/**
 * Early → late consolidation, tag and capture (Frey & Morris 1997, 1998; Clopath, Ziegler, Vasilaki,
 * Büsing & Gerstner 2008, PLoS Comput Biol 4:e1000248). Slow-clock seconds.
 */
export const CONSOLIDATION = {
  /** Early changes fade over hours (Frey & Morris 1997: E-LTP lasts 2–3 h). */
  tauEarlyS: 4_500,
  /** A synapse is tagged while |early| exceeds this (Clopath et al. 2008: the tag needs a clear change). */
  tagThreshold: 0.02,
  /**
   * Plasticity-related proteins are made while the neuron's summed |early| exceeds this (Clopath et al.
   * 2008: a trigger threshold on the cell's total early change). In this model's units: half the
   * range a synapse can be potentiated (mMax − 1 = 3), so one synapse potentiated half-way, or several
   * a little, trigger it; a single weak tetanus does not (Frey & Morris 1997).
   */
  triggerThreshold: 1.5,
  /** Protein availability decays over about an hour (Clopath et al. 2008: τp = 60 min). */
  tauProteinS: 3_600,
  /** Rise of protein availability once triggered. */
  tauProteinRiseS: 300,
  /** Capture: the late switch z of a tagged synapse moves at p/τ while proteins p are present (Clopath et al. 2008). */
  tauCaptureS: 600,
  /**
   * The late component is bistable (Clopath et al. 2008; Petersen et al. 1998: all-or-none steps at
   * single synapses): a switch z ∈ [0, 1] in a double well, τ dz/dt = p·tag − κ·z(1 − z)(½ − z). A
   * synapse keeps, as late change, z times the early change it was tagged with. With κ = 4 the barrier
   * is crossed only while p exceeds ~0.19: scarce proteins, hours after a strong tetanus, capture
   * nothing, and an untagged synapse stays where it is. (κ is the model's own: the height of the
   * barrier in units of full protein availability.)
   */
  barrier: 4,
  /** The late switch is integrated in Euler steps of at most this (half of τ capture: stable for κ = 4). */
  maxSwitchStepS: 300,
  /** Late changes last months to years. */
  tauLateS: 365 * 86_400,
} as const;

/**
 * Homeostatic synaptic scaling of q, both directions (Turrigiano et al. 1998, Nature 391:892): every
 * incoming q of a cell is multiplied by the same factor h (ratios kept). A leaky integral controller on
 * the cell's spike count (van Rossum, Bi & Turrigiano 2000 use an integral controller; the leak keeps h
 * bounded, as scaling saturates in the data): τ d ln h/dt = (1 − r/r_target) − ln h / L. It reads how
 * many spikes fell in a stretch of slow time, not how fast the clock ran.
 */
export const SCALING = {
  /** About a few days (Turrigiano et al. 1998: clear after 24 h, larger at 48 h; Turrigiano 2008). */
  tauS: 86 * 3_600,
  /**
   * The leak: silence drives ln h toward L. With L = 1, 48 h of TTX give h = e^(1 − e^(−48/86)) ≈ 1.54,
   * the +50–100% of Turrigiano et al. 1998, Fig. 1, and scaling never exceeds e (~2.7×).
   */
  leakScale: 1,
  /** Default homeostatic target rate for protocol neurons (cortical pyramidal cells: a few Hz; Hromádka et al. 2008). */
  targetHz: 5,
  minFactor: 0.05,
  maxFactor: 20,
  /**
   * An exhibit neuron without a `targetHz` takes its own activity as set point (Hengen et al. 2016,
   * Cell 165:180: each neuron returns to its own baseline rate): at least a slow day and this many of
   * its spikes measure it (400 spikes: ±5%).
   */
  setPointS: 86_400,
  setPointSpikes: 400,
} as const;

/**
 * Homeostatic structural plasticity (Butz & van Ooyen 2013, PLoS Comput Biol 9:e1003259; the linear
 * growth curve of NEST's implementation, Diaz-Pier et al. 2016): each neuron grows dendritic elements
 * (spines) while its activity is below its set point and retracts them above it,
 * dz/dt = ν·g·(1 − r/r_target). Bound elements are contacts; a retraction removes a contact, the
 * weakest first (spines of depressed synapses shrink and go: Zhou, Homma & Poo 2004); a free element
 * becomes a contact from an active partner, chosen by how much its spikes lead this cell's spikes
 * (Le Bé & Markram 2006: connections form between cells that fire together). Slow-clock days.
 */
export const STRUCTURE = {
  /**
   * ν, elements per slow day at gain 1 and full deprivation, and τ of the decay of vacant elements
   * (Butz & van Ooyen 2013 and NEST let unbound elements decay). Free elements settle at
   * ν·τ·(1 − r/r_target): a contact is added below half the set point and removed above 1.5×, over days
   * to weeks (Holtmaat et al. 2005: spines appear and vanish over days; Keck et al. 2008: rewiring over
   * weeks after a lesion), and the few spikes of a time-lapsed day do not move contacts by chance.
   */
  growthPerDay: 0.2,
  vacantTauDays: 10,
  /**
   * Two cells "fire together" when one fires within this of the other (about the width of the LTP side
   * of the STDP window, 1.5τ+): what makes a candidate pair connect.
   */
  coincidenceWindowMs: 25,
  /**
   * An input "leads" its target's spike when it fired at most this before it: the latency from an
   * EPSP to the spike it causes, a few ms (Fetz & Gustafsson 1983). Inputs that lead their target's
   * spikes beyond chance keep their contacts when the target retracts.
   */
  leadWindowMs: 5,
  /** Filter of the coincidence rate (fast clock: a statistic of spike timing, like the STDP traces). */
  coincidenceTauMs: 10_000,
  /** Coincidences beyond chance needed within the filter's memory before they count as firing together. */
  evidenceCoincidences: 3,
  /**
   * New contacts or connections per day at full correlation and gain 1 (Le Bé & Markram 2006:
   * stimulation made new connections appear within about 12 h).
   */
  sproutPerDay: 0.5,
  maxContacts: 12,
  /** Weak contacts (multiplier below this) are removed at `weakRemovalPerDay` (Zhou, Homma & Poo 2004). */
  weakMultiplier: 0.6,
  weakRemovalPerDay: 0.5,
  /**
   * A consolidated potentiation at least this large (late change of the multiplier) keeps a synapse's
   * contacts when its target retracts: spines stabilised by LTP are the ones that enlarged lastingly,
   * doubling or more (Matsuzaki et al. 2004; Hill & Zito 2013).
   */
  stableLate: 1,
  /**
   * Developmental loss of neurons that stay silent (Oppenheim 1991; Yamaguchi & Miura 2015: activity-
   * dependent cell death in a postnatal window). Only while the plasticity gain is above adult: adults
   * keep quiet neurons. A neuron whose rate stays below `silentHz` this long (slow clock) is lost.
   */
  lossAfterS: 7 * 86_400,
  silentHz: 0.01,
} as const;

/** Plasticity gain g by development stage (Hensch 2005: critical-period plasticity; juvenile 5–10× adult). */
export const STAGE_GAIN = { juvenile: 8, adult: 1 } as const;

/** Transient post-injury boost: g × (1 + peak·(t/τ)·e^(1−t/τ)), largest after τ (weeks; Nudo 2006; Murphy & Corbett 2009). */
export const INJURY = {
  peakBoost: 2,
  riseS: 14 * 86_400,
} as const;

/**
 * Slow-clock step: at most this fraction of the shortest slow time constant integrated with Euler
 * steps (K·dt/τ ≤ 0.1). Linear decays use exact exponentials and tolerate longer steps.
 */
export const SLOW_STEP = {
  maxFractionOfTau: 0.1,
  minFastMs: 1,
  maxFastMs: 1000,
  /**
   * The shortest Euler-stepped slow time constant: homeostatic scaling with its leak (SCALING.tauS ×
   * leakScale). Protein, early and late changes and vacant elements decay exactly; the late switch,
   * faster, is sub-stepped on its own (CONSOLIDATION.maxSwitchStepS).
   */
  shortestTauS: 86 * 3_600,
} as const;
