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
 * A fitted set of the triplet spike-timing-dependent plasticity rule (Pfister & Gerstner 2006, J
 * Neurosci 26:9673). Each spike leaves traces: presynaptic r1 (τ+), postsynaptic o1 (τ−) and o2 (τy).
 * At a postsynaptic spike w += r1·(A2+ + A3+·o2), o2 taken before the spike's own increment; at a
 * presynaptic spike w −= A2−·o1. The minimal models have no presynaptic triplet term (A3− = 0, so τx
 * does not appear). `nearest`: the nearest-spike interaction (a spike sets its traces to 1, so a burst's
 * traces do not pile up); otherwise all-to-all (a spike adds 1). The amplitudes are relative changes of
 * a unitary connection of the reference strength (WEIGHT_DEPENDENCE).
 */
export interface TripletSet {
  tauPlusMs: number;
  tauMinusMs: number;
  tauYMs: number;
  a2Plus: number;
  a3Plus: number;
  a2Minus: number;
  nearest: boolean;
}

/**
 * Which experiments a network's long-term rule was fitted to. Hippocampal cultures (Bi & Poo 1998; Wang
 * et al. 2005) and cortical slices (Sjöström, Turrigiano & Nelson 2001) disagree where it matters: at
 * low pairing rates cortex shows no potentiation without cooperative input, and its triplets differ.
 */
export type Preparation = 'hippocampal-culture' | 'cortical-slice';

export const TRIPLET_SETS: Readonly<Record<Preparation, TripletSet>> = {
  /**
   * Hippocampal cultures (Bi & Poo 1998; Wang et al. 2005): Pfister & Gerstner 2006, Table 4, the
   * nearest-spike model (its A3− of 7.5·10⁻⁹ is left out: it changes nothing measurable). With
   * nearest-spike interactions a 100 Hz tetanus's traces stay at most 1, so a weak tetanus tags part of
   * a pathway and a strong one most of it, as in Frey & Morris's experiments, where the all-to-all fit
   * piles traces up until any train saturates.
   */
  'hippocampal-culture': { tauPlusMs: 16.8, tauMinusMs: 33.7, tauYMs: 47, a2Plus: 4.6e-3, a3Plus: 9.1e-3, a2Minus: 3.0e-3, nearest: true },
  /**
   * Visual cortex slices (Sjöström, Turrigiano & Nelson 2001): Pfister & Gerstner 2006, Table 3, the
   * minimal all-to-all model. No pair potentiation (A2+ = 0): one pairing at a time potentiates nothing,
   * so at 0.1 Hz only depression remains, and both orders potentiate at 40–50 Hz.
   */
  'cortical-slice': { tauPlusMs: 16.8, tauMinusMs: 33.7, tauYMs: 114, a2Plus: 0, a3Plus: 6.5e-3, a2Minus: 7.1e-3, nearest: false },
};

/** The long-term rule a network uses unless its protocol names a preparation: the hippocampal fit. */
export const DEFAULT_PREPARATION: Preparation = 'hippocampal-culture';

/**
 * Weight dependence after van Rossum, Bi & Turrigiano 2000 (J Neurosci 20:8812): potentiation adds a
 * fixed amount of efficacy, depression removes a fraction, so the relative change of LTP is largest at
 * weak synapses (Bi & Poo 1998: "significant LTP occurred only at synapses with relatively low initial
 * strength, whereas the extent of LTD did not show obvious dependence on the initial synaptic
 * strength"). The triplet amplitudes are read as relative changes of a unitary connection of the
 * reference strength; a unitary connection of strength w gains w_ref/w times as much, in percent.
 */
export const WEIGHT_DEPENDENCE = {
  /**
   * The reference: a unitary connection of U 0.5 and q DEFAULT_RECEPTORS, 1.3 mV (Markram et al. 1997),
   * an EPSC of roughly 130–290 pA in a cell of 33–71 MΩ (Brette & Gerstner 2005's gL, C): within the
   * range where Bi & Poo saw LTP.
   */
  referencePerUnitary: 0.5 * 0.15,
  /** Default fraction of a long-term change expressed presynaptically (U) rather than postsynaptically (q). */
  presynapticFraction: 0.5,
} as const;

/**
 * Early and late phases, tags, proteins and capture (Clopath, Ziegler, Vasilaki, Büsing & Gerstner
 * 2008, PLoS Comput Biol 4:e1000248; the values of the authors' code, ModelDB 118199, tagtric.py).
 * Clopath's synapse has binary early states (a potentiation tag h, a depression tag l) and a bistable
 * late state z, and weighs wo + g_h·h − g_l·l + g_z·z. A kit synapse stands for many such sites: it
 * keeps the fraction of its sites in each state (tags H and L, late state Z), so its multiplier is
 * (1 + g_h·H − g_l·L + g_z·Z) / (1 + g_z·Z0). Slow-clock seconds.
 */
export const CONSOLIDATION = {
  /** Weights of an early potentiation tag, an early depression tag and the late state, in units of the residual weight wo. */
  gH: 1,
  gL: 0.5,
  gZ: 2,
  /** Fraction of sites in the late up state before any plasticity (Clopath: 30% of synapses start potentiated). */
  z0: 0.3,
  /**
   * Each tag is lost at a fixed rate, whatever the size of the change (mean life 1 h for potentiation,
   * 1.5 h for depression): E-LTP fades within 2–3 h (Frey & Morris 1997), and a tag that has gone
   * captures nothing ("the synaptic tag decays in less than three hours", Frey & Morris 1997).
   */
  tagLtpLifeS: 3_600,
  tagLtdLifeS: 5_400,
  /**
   * Plasticity-related proteins are made while more than this fraction of the cell's sites are tagged
   * (Clopath: θp = 60 of the neuron's 200 synapses), unless protein synthesis is blocked.
   */
  triggerFraction: 60 / 200,
  /** Protein availability rises with τ 6 min while triggered, and decays with τ 1 h always (a pool made earlier outlasts a later block). */
  tauProteinRiseS: 360,
  tauProteinS: 3_600,
  /**
   * Capture: Clopath's late state moves as τz·dz/dt = z(1−z)(z−κ) + γ·(h + l)·p, bistable around κ. A
   * tagged site crosses the barrier only while the protein drive γp exceeds the barrier's height
   * β = max z(1−z)(κ−z) on [0, κ] (p ≳ 0.48): scarce proteins, hours after a strong tetanus, capture
   * nothing. Above it the kit moves its tagged sites into the late state with Clopath's τz, in
   * proportion to the drive's excess, (γp − β)/(γ − β) (CAPTURE_RATE). This is faster than a single
   * site of Clopath's crosses (about 45 min at full protein, which leaves half of a strong tetanus's
   * tags to fade, as their own code shows): consolidation is complete within an hour of a strong
   * tetanus (Frey, Krug, Reymann & Matthies 1988: a protein-synthesis inhibitor given after that
   * spares the late phase), and a strong tetanus's potentiation holds its size for hours (Frey &
   * Morris 1997).
   */
  tauZS: 360,
  kappa: 0.5,
  gamma: 0.1,
  /** Late changes last months to years (the kit lets the late state relax over a year). */
  tauLateS: 365 * 86_400,
  /** Capture is integrated in steps of at most this much slow time (a tenth of τz), whatever the time-lapse. */
  maxCaptureStepS: 36,
} as const;

/** The height of the capture barrier, β = max over z in [0, κ] of z(1 − z)(κ − z) (derived from κ). */
export const CAPTURE_BARRIER = (() => {
  const k = CONSOLIDATION.kappa;
  let best = 0;
  for (let i = 0; i <= 1000; i++) {
    const z = (k * i) / 1000;
    best = Math.max(best, z * (1 - z) * (k - z));
  }
  return best;
})();

/** How fast a tagged site is captured into the late state while proteins are at `p` (0–1), per slow second. */
export function captureRate(p: number): number {
  const { gamma, tauZS } = CONSOLIDATION;
  return Math.max(0, gamma * p - CAPTURE_BARRIER) / (gamma - CAPTURE_BARRIER) / tauZS;
}

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
  /**
   * The activity error 1 − r/r_target is bounded below by −saturation: a cell firing far above its set
   * point scales its inputs down no faster than a silenced cell scales them up (error +1). Scaling is
   * slow both ways, over days, however hard a cell is driven: TTX and bicuculline move mEPSCs by
   * comparable amounts in 48 h (Turrigiano et al. 1998), and no faster scaling down has been reported.
   */
  saturation: 1,
  /**
   * How many spikes beyond what saturation lets through a cell's scaling still counts later: a quiet
   * cell's few spikes are all counted (at their own pace, not one tick's), a long burst's excess is not.
   * A count of spikes, so independent of the compression (the brief's rule for slow processes).
   */
  debtSpikes: 3,
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
  /** Weak contacts (multiplier below this, of a range 0.31–2.5) are removed at `weakRemovalPerDay` (Zhou, Homma & Poo 2004). */
  weakMultiplier: 0.6,
  weakRemovalPerDay: 0.5,
  /**
   * A synapse whose sites are mostly consolidated up (late state past Clopath's unstable point κ) keeps
   * its contacts when its target retracts: spines stabilised by LTP are the ones that enlarged
   * lastingly (Matsuzaki et al. 2004; Hill & Zito 2013).
   */
  stableLateState: 0.5,
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
   * leakScale). Proteins, tags and vacant elements decay exactly; capture, faster, is sub-stepped on its
   * own (CONSOLIDATION.maxCaptureStepS).
   */
  shortestTauS: 86 * 3_600,
} as const;

/**
 * The largest compression K the slow clock integrates faithfully: at the shortest fast step (1 ms) a
 * slow step still keeps K·dt/τ ≤ maxFractionOfTau. Beyond it the Euler-stepped slow variables would
 * step past their own time constant, and capture's sub-steps per tick would grow without bound, so
 * exhibits and protocols are refused above it (about 3·10^7: a year of slow time in a second).
 */
export const MAX_COMPRESSION = (SLOW_STEP.maxFractionOfTau * SLOW_STEP.shortestTauS * 1000) / SLOW_STEP.minFastMs;
