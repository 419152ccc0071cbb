import { DEFAULT_RECEPTORS, WEIGHT_DEPENDENCE, type StpParams } from './params.js';

/** Everything of a synapse that changes as the model runs: what a snapshot keeps (network.ts). */
export const SYNAPSE_STATE_KEYS = ['contacts', 'exists', 'u', 'x', 'lastStpMs', 'early', 'late', 'lateSwitch', 'tagSize', 'coincidenceHz'] as const;

/** The changing state of one synapse as plain data. */
export type SynapseStateData = Pick<Synapse, (typeof SYNAPSE_STATE_KEYS)[number]>;

/** How a synapse is declared: contacts, short-term dynamics, U and q at rest. */
export interface SynapseSpec {
  from: string;
  to: string;
  /** Number of synaptic contacts (structural), integer ≥ 0. Default 1. */
  contacts?: number;
  /** Short-term plasticity. Default `none`. */
  stp?: StpParams;
  /** Release probability U at rest, 0–1. Default: the STP preset's U. */
  release?: number;
  /** Receptors q (postsynaptic), > 0. Default DEFAULT_RECEPTORS. */
  receptors?: number;
  /** Fraction of long-term change expressed presynaptically (U), the rest postsynaptically (q). */
  presynapticFraction?: number;
}

/** The state of one synapse. Times are fast-clock milliseconds. */
export class Synapse {
  readonly id: string;
  /** Place in the network's list of synapses (its row in the ledger). */
  readonly index: number;
  readonly pre: number;
  readonly post: number;
  readonly stp: StpParams;
  /** U before any long-term change. */
  readonly baseRelease: number;
  /** q before any long-term change or scaling. */
  readonly baseReceptors: number;
  readonly presynapticFraction: number;
  /** Inhibitory (its presynaptic neuron is): its response lowers the target's voltage. */
  readonly inhibitory: boolean;
  contacts: number;
  exists = true;
  /** Was created by structural plasticity from a candidate pair. */
  readonly formed: boolean;

  // Short-term plasticity (Tsodyks–Markram), evaluated lazily at presynaptic spikes.
  u: number;
  x = 1;
  lastStpMs = -Infinity;

  /** Long-term change of the multiplier m = 1 + early + late: early (decays over hours) and late (consolidated). */
  early = 0;
  late = 0;
  /** The bistable late switch z ∈ [0, 1] and the early change it was tagged with (Clopath et al. 2008). */
  lateSwitch = 0;
  tagSize = 0;

  /** Filtered rate of pre → post coincidences (Hz): how much this input leads its target's spikes. */
  coincidenceHz = 0;

  constructor(id: string, index: number, pre: number, post: number, spec: SynapseSpec, stp: StpParams, inhibitory: boolean, formed = false) {
    this.id = id;
    this.index = index;
    this.pre = pre;
    this.post = post;
    this.stp = stp;
    this.inhibitory = inhibitory;
    this.baseRelease = spec.release ?? stp.U;
    this.baseReceptors = spec.receptors ?? DEFAULT_RECEPTORS;
    this.presynapticFraction = spec.presynapticFraction ?? WEIGHT_DEPENDENCE.presynapticFraction;
    this.contacts = spec.contacts ?? 1;
    this.formed = formed;
    this.u = this.baseRelease;
  }

  /** Long-term efficacy multiplier m = 1 + early + late (1 = unchanged), within [mMin, mMax]. */
  multiplier(): number {
    return Math.min(WEIGHT_DEPENDENCE.mMax, Math.max(WEIGHT_DEPENDENCE.mMin, 1 + this.early + this.late));
  }

  /** Release probability U now (long-term presynaptic expression included), capped at 1. */
  release(): number {
    return Math.min(1, this.baseRelease * share(this.multiplier(), this.presynapticFraction));
  }

  /** Receptors q now: long-term postsynaptic expression × homeostatic scaling of the target. */
  receptors(scaling: number): number {
    return this.baseReceptors * share(this.multiplier(), 1 - this.presynapticFraction) * scaling;
  }

  /** Response to an isolated action potential with short-term plasticity recovered: contacts × U × q. */
  efficacy(scaling: number): number {
    return this.exists ? this.contacts * this.release() * this.receptors(scaling) : 0;
  }

  /** Its factors in the ledger's order (ledger.ts FACTORS), given its target's scaling. */
  readFactors(scaling: number, out: Float64Array): void {
    out[0] = this.efficacy(scaling);
    out[1] = this.release();
    out[2] = this.receptors(scaling);
    out[3] = this.contacts;
    out[4] = this.early;
    out[5] = this.late;
  }

  /**
   * A presynaptic spike arrives: returns the released fraction u·x taken before the update, then
   * depletes x ← x(1−u) and facilitates u ← u + U(1−u) (Tsodyks & Markram 1997).
   */
  transmit(nowMs: number): number {
    const U = this.release();
    const { tauRecMs, tauFacMs } = this.stp;
    const gapMs = nowMs - this.lastStpMs;
    // Between spikes u relaxes to U (τfac) and x to 1 (τrec); τ = 0 means instant relaxation.
    this.u = tauFacMs > 0 ? U + (this.u - U) * Math.exp(-gapMs / tauFacMs) : U;
    this.x = tauRecMs > 0 ? 1 - (1 - this.x) * Math.exp(-gapMs / tauRecMs) : 1;
    const released = this.u * this.x;
    this.x -= this.u * this.x;
    this.u += U * (1 - this.u);
    this.lastStpMs = nowMs;
    return released;
  }
}

/** m^f: the part of a multiplicative change m expressed on one side (sqrt for the usual even split). */
function share(m: number, f: number): number {
  return f === 0.5 ? Math.sqrt(m) : f === 1 ? m : f === 0 ? 1 : Math.pow(m, f);
}

/**
 * Potentiation by a relative amount `relative` of a reference contact of strength `referencePerContact`
 * (van Rossum et al. 2000: additive in efficacy): the multiplier rises by relative × (reference / this
 * contact's declared strength), so a synapse weaker than the reference gains more in percent.
 */
export function potentiate(syn: Synapse, relative: number, referencePerContact: number): void {
  const declared = syn.baseRelease * syn.baseReceptors;
  syn.early += (relative * referencePerContact) / Math.max(declared, 1e-6);
  const ceiling = WEIGHT_DEPENDENCE.mMax - 1 - syn.late;
  if (syn.early > ceiling) syn.early = ceiling;
}

/** Depression by a fraction of the current strength (van Rossum et al. 2000: multiplicative). */
export function depress(syn: Synapse, fraction: number): void {
  syn.early -= fraction * syn.multiplier();
  const floor = WEIGHT_DEPENDENCE.mMin - 1 - syn.late;
  if (syn.early < floor) syn.early = floor;
}
