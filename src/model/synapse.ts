import { CONSOLIDATION, DEFAULT_RECEPTORS, WEIGHT_DEPENDENCE, type StpParams } from './params.js';

/** Everything of a synapse that changes as the model runs: what a snapshot keeps (network.ts). */
export const SYNAPSE_STATE_KEYS = ['contacts', 'exists', 'u', 'x', 'lastStpMs', 'tagLtp', 'tagLtd', 'capturedLtp', 'capturedLtd', 'lateState', 'coincidenceHz'] as const;

const { gH, gL, gZ, z0 } = CONSOLIDATION;
/** The mean weight of a site before any plasticity, in units of the residual weight: 1 + g_z·Z0. */
const SITE_MEAN = 1 + gZ * z0;

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
  /**
   * How many unitary connections one contact stands for (an exhibit's pathway: several; a protocol's
   * synapse: 1). Weight dependence reads the strength of each of them. Default 1.
   */
  unitaryPerContact?: number;
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
  /**
   * Weight dependence (van Rossum, Bi & Turrigiano 2000): how much more a potentiation of this synapse
   * adds, in percent, than one of the reference unitary connection, w_ref / w of one of its unitary
   * connections as declared.
   */
  readonly potentiationScale: number;
  /** Unitary connections per contact: the sites a contact stands for (consolidation counts them). */
  readonly unitaryPerContact: number;
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

  /**
   * Fractions of its sites carrying an early potentiation tag (H) and an early depression tag (L), and
   * in the late up state (Z): Clopath et al. 2008's binary site states, averaged over the synapse.
   */
  tagLtp = 0;
  tagLtd = 0;
  /**
   * Tags of sites already captured into the late state: they stay until they decay, as in Clopath's
   * model, and still count toward protein synthesis, but the site's weight is now its late state's.
   */
  capturedLtp = 0;
  capturedLtd = 0;
  lateState: number = z0;

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
    this.unitaryPerContact = spec.unitaryPerContact ?? 1;
    const perUnitary = (this.baseRelease * this.baseReceptors) / this.unitaryPerContact;
    this.potentiationScale = WEIGHT_DEPENDENCE.referencePerUnitary / Math.max(perUnitary, 1e-6);
    this.contacts = spec.contacts ?? 1;
    this.formed = formed;
    this.u = this.baseRelease;
  }

  /** The early part of the long-term change of the multiplier: its tags, (g_h·H − g_l·L) / (1 + g_z·Z0). */
  get early(): number {
    return (gH * this.tagLtp - gL * this.tagLtd) / SITE_MEAN;
  }

  /** The late (consolidated) part: g_z·(Z − Z0) / (1 + g_z·Z0). */
  get late(): number {
    return (gZ * (this.lateState - z0)) / SITE_MEAN;
  }

  /**
   * Long-term efficacy multiplier m = 1 + early + late (1 = unchanged): between 0.31 (every site
   * depressed, none consolidated up) and 2.5 (every site tagged and consolidated up), the bounds of
   * Clopath et al. 2008's synapse.
   */
  multiplier(): number {
    return 1 + this.early + this.late;
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
 * Potentiation that the timing rule asks for, `relative` (its relative change of a reference unitary
 * connection). Sites move at rates that change the multiplier by `relative` × potentiationScale while
 * the change is small (van Rossum et al. 2000: additive, larger in percent at weak synapses): untagged
 * sites take an early potentiation tag, depression tags are taken off. As sites run out the change
 * saturates (Clopath et al. 2008's bound).
 */
export function potentiate(syn: Synapse, relative: number): void {
  const r = relative * syn.potentiationScale * SITE_MEAN;
  const free = 1 - syn.tagLtp - syn.tagLtd - syn.capturedLtp - syn.capturedLtd;
  syn.tagLtp += (1 - Math.exp(-r / gH)) * free;
  syn.tagLtd -= (1 - Math.exp(-r / gL)) * syn.tagLtd;
}

/**
 * Depression that the timing rule asks for, `relative`: untagged sites take an early depression tag,
 * potentiation tags are taken off, at rates that change the multiplier by −`relative` while the change
 * is small (van Rossum et al. 2000: the same fraction at any strength).
 */
export function depress(syn: Synapse, relative: number): void {
  const r = relative * SITE_MEAN;
  const free = 1 - syn.tagLtp - syn.tagLtd - syn.capturedLtp - syn.capturedLtd;
  syn.tagLtd += (1 - Math.exp(-r / gL)) * free;
  syn.tagLtp -= (1 - Math.exp(-r / gH)) * syn.tagLtp;
}
