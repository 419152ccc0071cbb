import { CAUSES, type Cause } from '../model/ledger.js';
import { relativeEfficacy } from './strength.js';

/** One synapse as the story reads it. */
export interface StorySynapse {
  efficacy: number;
  contacts: number;
  exists: boolean;
  /** The early (fading) and late (consolidated) parts of its long-term change. */
  early: number;
  late: number;
  /** Release probability and receptors of each contact: the presynaptic and postsynaptic sides of its efficacy. */
  release: number;
  receptors: number;
  /** Its efficacy, contacts, release and receptors at its reference (story/strength.ts); 0 when it has none yet. */
  reference: number;
  referenceContacts: number;
  referenceRelease: number;
  referenceReceptors: number;
  /** Efficacy the model's ledger booked to each cause since the reference, in CAUSES order. */
  causes: ArrayLike<number>;
  /** The responses (amplitudes) its last two action potentials caused, when it has had two. */
  responses?: { previous: number; last: number };
}

/**
 * What everything that talks reads from the model at one board time: the synapses' efficacy with
 * their reference, the ledger since it, and which neurons are alive. Plain data, pure.
 */
export interface StoryView {
  tMs: number;
  synapses: Record<string, StorySynapse>;
  neurons: Record<string, { alive: boolean }>;
}

/** A synapse's efficacy relative to its reference (1 = unchanged). */
export function relativeOf(s: Pick<StorySynapse, 'efficacy' | 'reference'>): number {
  return relativeEfficacy(s.efficacy, s.reference);
}

/** Efficacy booked to `cause` since the reference. */
export function bookedTo(s: Pick<StorySynapse, 'causes'>, cause: Cause): number {
  return s.causes[CAUSES.indexOf(cause)] ?? 0;
}

/**
 * Mechanisms that add up to one story: a change the timing rule made and its fading or consolidation;
 * homeostatic scaling and its easing back; contacts gained and lost.
 */
export const FAMILIES: ReadonlyArray<readonly Cause[]> = [
  ['pre-before-post', 'triplet', 'post-before-pre', 'early-decay', 'consolidation', 'late-decay'],
  ['scaling', 'scaling-saturation'],
  ['growth', 'retraction', 'weak-removal', 'formation', 'cut', 'lost'],
];

/**
 * The cause with the largest share of a change in the direction `sign` (+1 stronger, −1 weaker), from
 * two readings of a synapse's ledger (`before` may be null: since the reference); null when no cause
 * moved it that way. Causes are first summed by family (FAMILIES), so a potentiation that came and
 * faded again is not taken for the reason a synapse is weaker: the family with the largest net share
 * in that direction is chosen, then its cause with the largest share in it.
 */
export function mainCause(now: ArrayLike<number>, before: ArrayLike<number> | null, sign: number): { cause: Cause; amount: number } | null {
  const amountOf = (cause: Cause) => {
    const c = CAUSES.indexOf(cause);
    return (now[c] ?? 0) - (before?.[c] ?? 0);
  };
  let family: readonly Cause[] | null = null;
  let net = 0;
  for (const f of FAMILIES) {
    const sum = f.reduce((s, c) => s + amountOf(c), 0);
    if (sum * sign > 0 && Math.abs(sum) > Math.abs(net)) {
      family = f;
      net = sum;
    }
  }
  if (!family) return null;
  let best: { cause: Cause; amount: number } | null = null;
  for (const cause of family) {
    const amount = amountOf(cause);
    if (amount * sign > 0 && (!best || Math.abs(amount) > Math.abs(best.amount))) best = { cause, amount };
  }
  return best;
}
