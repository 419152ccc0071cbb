/**
 * The one quantity everything the kit says and shows about a synapse's strength refers to: its
 * **efficacy** (contacts × release × receptors: the response one isolated action potential causes once
 * short-term plasticity has recovered) relative to its **reference**, the efficacy it had at the
 * exhibit's starting state (where every visit starts; a synapse formed since: when it formed).
 * "Stronger" and "weaker" in captions, the warm and cool hue on the strip and in the class view, the
 * docent charts' baseline and the lessons' checks all read this, so none can disagree with another.
 * Pure.
 */

/** Changes smaller than this fraction of the reference read as "about the same". */
export const SAME_WITHIN = 0.05;

/**
 * The renderer's stated mapping from relative efficacy to hue: a synapse a quarter stronger than its
 * reference (or more) is fully warm, one a fifth weaker (1/1.25) fully cool, on a logarithmic scale in
 * between (so +10% and −9% look equally far from neutral). The model's changes are as large as in
 * brains (field LTP of tens of percent); the mapping makes them visible. It is no part of the model.
 */
export const HUE_FULL_RATIO = 1.25;

export type Direction = 'stronger' | 'weaker' | 'same';

/** Efficacy now over the reference (1 = unchanged); 1 when there is no reference (nothing to compare). */
export function relativeEfficacy(efficacy: number, reference: number): number {
  return reference > 0 ? efficacy / reference : 1;
}

/** Which way a relative efficacy has moved from its reference, with the "about the same" band. */
export function direction(relative: number): Direction {
  const change = relative - 1;
  return Math.abs(change) < SAME_WITHIN ? 'same' : change > 0 ? 'stronger' : 'weaker';
}

/** Hue shift for a relative efficacy: −1 fully cool (depressed) … 0 neutral … +1 fully warm (potentiated). */
export function hueShift(relative: number): number {
  return Math.max(-1, Math.min(1, Math.log(Math.max(relative, 1e-6)) / Math.log(HUE_FULL_RATIO)));
}

/** A change as a whole percentage with its sign: +23, −9 (what captions print, always with its direction word). */
export function signedPercent(relative: number): number {
  return Math.round((relative - 1) * 100);
}

/**
 * The legend's words for the hue, said once: what "the start" is depends on whether the exhibit goes
 * back to its starting state after each visit (`idle.mode` "reset", the default) or keeps a day's
 * changes ("keep").
 */
export function legendWords(mode: 'reset' | 'keep' = 'reset'): { warm: string; neutral: string; cool: string } {
  const start = mode === 'keep' ? 'when the exhibit was last reset' : 'when your visit began';
  return {
    warm: `Warm: stronger than ${start} (fully warm at a quarter stronger).`,
    neutral: 'Pale: about as strong as then.',
    cool: 'Cool: weaker than then (fully cool at a fifth weaker).',
  };
}
