import type { Check } from '../lessons/checks.js';
import { compareSegment, isLit, light, warmth, type Rgb } from './visibility.js';

/** One look at a segment: its pixels, and whether an action potential's flash was on it then. */
export interface Look {
  pixels: readonly Rgb[];
  flashing: boolean;
}

/** The mean warmth of a segment's lit pixels (visibility.ts), or null when none is lit. */
function meanWarmth(pixels: readonly Rgb[]): number | null {
  const lit = pixels.filter(isLit);
  return lit.length === 0 ? null : lit.reduce((s, p) => s + warmth(p), 0) / lit.length;
}

const litCount = (pixels: readonly Rgb[]) => pixels.filter(isLit).length;

/**
 * Whether what a check says of a synapse or neuron is what its segment shows, comparing a look now
 * with a look at the start: stronger is warmer, weaker cooler (and, when no flash is on either look,
 * the light does not say the opposite), fewer or more contacts are fewer or more lit pixels, gone is dark,
 * there is lit, a lost neuron's soma is dark. `other` is the look at the synapse a `strongerThan` check
 * compares with. Returns what disagrees, or null when the strip agrees. Stronger is warmer and not
 * less light; weaker is cooler and not more light (a weakened synapse may already rest at the strip's
 * least glow, `restingBrightness`, and look no dimmer).
 */
export function stripDisagrees(check: Check, start: Look, now: Look, other?: { start: Look; now: Look }): string | null {
  if ('neuron' in check || 'gone' in check) return litCount(now.pixels) === 0 ? null : 'its segment is still lit';
  if ('present' in check) return litCount(now.pixels) > 0 ? null : 'its segment is dark';
  if ('contacts' in check) {
    const [a, b] = [litCount(start.pixels), litCount(now.pixels)];
    return (check.contacts === 'more' ? b > a : b < a) ? null : `it lights ${b} pixels, ${a} at the start`;
  }
  // The strip shows a synapse's efficacy, not its sides nor single responses: the model alone answers those.
  if ('response' in check || 'release' in check || 'receptors' in check) return null;
  const [w0, w1] = [meanWarmth(start.pixels), meanWarmth(now.pixels)];
  if (w0 === null || w1 === null) return 'its segment is dark';
  // About the same: no visible difference from the start (when no flash is on either look).
  if ('same' in check) return start.flashing || now.flashing || !compareSegment(start.pixels, now.pixels).visible ? null : 'it looks visibly different from the start';
  if ('strongerThan' in check) {
    const o0 = other ? meanWarmth(other.start.pixels) : null;
    const o1 = other ? meanWarmth(other.now.pixels) : null;
    if (o0 === null || o1 === null) return null;
    return w1 - w0 > o1 - o0 ? null : 'its hue did not warm more than the other synapse\'s';
  }
  const up = 'stronger' in check;
  if (up ? !(w1 > w0) : !(w1 < w0)) return `its hue is ${w1 > w0 ? 'warmer' : w1 < w0 ? 'cooler' : 'the same'} than at the start`;
  if (start.flashing || now.flashing) return null;
  // Its light must not say the opposite (a weak synapse may rest at the strip's least glow, as bright as before).
  const [l0, l1] = [light(start.pixels), light(now.pixels)];
  return (up ? l1 >= l0 : l1 <= l0) ? null : `it gives ${up ? 'less' : 'more'} light than at the start (${l1.toFixed(2)} vs ${l0.toFixed(2)})`;
}
