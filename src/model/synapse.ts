import { LONG_TERM, type StpParams } from './params.js';

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
  /** Receptors q (postsynaptic), > 0. Default 1. */
  receptors?: number;
  /** Fraction of long-term change expressed presynaptically (U), the rest postsynaptically (q). */
  presynapticFraction?: number;
}

/** The state of one synapse. Times are fast-clock milliseconds. */
export class Synapse {
  readonly id: string;
  readonly pre: number;
  readonly post: number;
  readonly stp: StpParams;
  /** U before any long-term change. */
  readonly baseRelease: number;
  /** q before any long-term change or scaling. */
  readonly baseReceptors: number;
  readonly presynapticFraction: number;
  contacts: number;
  exists = true;
  /** Was created by structural plasticity from a candidate pair. */
  readonly formed: boolean;

  // Short-term plasticity (Tsodyks–Markram), evaluated lazily at presynaptic spikes.
  u: number;
  x = 1;
  lastStpMs = -Infinity;

  /** Long-term change z: early (decays over hours) and late (consolidated) parts. */
  early = 0;
  late = 0;

  /** Filtered rate of pre → post coincidences (Hz). */
  coincidenceHz = 0;
  constructor(id: string, pre: number, post: number, spec: SynapseSpec, stp: StpParams, formed = false) {
    this.id = id;
    this.pre = pre;
    this.post = post;
    this.stp = stp;
    this.baseRelease = spec.release ?? stp.U;
    this.baseReceptors = spec.receptors ?? 1;
    this.presynapticFraction = spec.presynapticFraction ?? LONG_TERM.presynapticFraction;
    this.contacts = spec.contacts ?? 1;
    this.formed = formed;
    this.u = this.baseRelease;
  }

  /** Long-term efficacy multiplier m = 1 + early + late (1 = unchanged), never below mMin. */
  multiplier(): number {
    return Math.max(LONG_TERM.mMin, 1 + this.early + this.late);
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

  /**
   * A presynaptic spike arrives: returns the released fraction u·x taken before the update, then
   * depletes x ← x(1−u) and facilitates u ← u + U(1−u) (Tsodyks & Markram 1997; SCIENCE.md).
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
 * Applies a long-term change to a synapse's early part: dz = potentiate·(1 − z/zMax) − depress·m
 * (Bi & Poo 1998 bounds). Amounts are non-negative and already scaled by the plasticity gain.
 */
export function applyLongTerm(syn: Synapse, potentiate: number, depress: number): void {
  const z = syn.early + syn.late;
  const room = Math.max(0, 1 - z / LONG_TERM.zMax);
  syn.early += potentiate * room - depress * syn.multiplier();
  const floor = LONG_TERM.mMin - 1 - syn.late;
  if (syn.early < floor) syn.early = floor;
}
