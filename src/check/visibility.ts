/**
 * What a visitor can see change on a strip. A pixel's colour on the wire (after gamma) is its LEDs'
 * duty, linear in light; it is taken as linear-light RGB with sRGB primaries and white (IEC 61966-2-1:
 * an approximation of a WS2812's red, green and blue dies), converted to CIE 1976 L*a*b* with a full
 * white pixel as the white point, and two colours are compared by their distance ΔE*ab (CIE76).
 *
 * One just-noticeable difference is ΔE*ab ≈ 2.3 for colours seen side by side (Sharma 2003, Digital
 * Color Imaging Handbook, ch. 1). A visitor compares a segment with how it looked a minute ago, from
 * memory, with action potentials flashing in between: the kit asks for VISIBLE_DELTA_E, about four
 * such steps, before it calls a change visible. A contact lit or gone (a pixel on or off) is always visible.
 */

export type Rgb = readonly [number, number, number];

/** The least ΔE*ab between two looks at a segment that counts as a change a visitor sees. */
export const VISIBLE_DELTA_E = 10;

/** L*a*b* of a wire colour (0–255 per channel, after gamma: linear duty). */
export function labOf([r, g, b]: Rgb): [number, number, number] {
  const [R, G, B] = [r / 255, g / 255, b / 255];
  // sRGB (linear) → XYZ, D65; the white point is the strip's full white (R = G = B = 1).
  const X = 0.4124 * R + 0.3576 * G + 0.1805 * B;
  const Y = 0.2126 * R + 0.7152 * G + 0.0722 * B;
  const Z = 0.0193 * R + 0.1192 * G + 0.9505 * B;
  const [Xn, Yn, Zn] = [0.9505, 1.0, 1.089];
  const f = (t: number) => (t > (6 / 29) ** 3 ? Math.cbrt(t) : t / (3 * (6 / 29) ** 2) + 4 / 29);
  const [fx, fy, fz] = [f(X / Xn), f(Y / Yn), f(Z / Zn)];
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

/** ΔE*ab (CIE76) between two wire colours. */
export function deltaE(a: Rgb, b: Rgb): number {
  const [l1, a1, b1] = labOf(a);
  const [l2, a2, b2] = labOf(b);
  return Math.hypot(l1 - l2, a1 - a2, b1 - b2);
}

/** A pixel counts as lit when any channel is on. */
export function isLit([r, g, b]: Rgb): boolean {
  return r > 0 || g > 0 || b > 0;
}

/** How a segment differs between two looks: lit pixels before and after, and the largest ΔE*ab of a pixel lit in both. */
export interface SegmentChange {
  litBefore: number;
  litAfter: number;
  deltaE: number;
  visible: boolean;
}

/** Compares two looks at one segment, pixel by pixel. */
export function compareSegment(before: readonly Rgb[], after: readonly Rgb[]): SegmentChange {
  let litBefore = 0;
  let litAfter = 0;
  let largest = 0;
  for (let i = 0; i < before.length; i++) {
    const p = before[i]!;
    const q: Rgb = after[i] ?? [0, 0, 0];
    if (isLit(p)) litBefore++;
    if (isLit(q)) litAfter++;
    if (isLit(p) && isLit(q)) largest = Math.max(largest, deltaE(p, q));
  }
  return { litBefore, litAfter, deltaE: largest, visible: litBefore !== litAfter || largest >= VISIBLE_DELTA_E };
}

/**
 * How warm a wire colour is: the log ratio of its red to its blue light. Both palettes' warm colours
 * raise it and their cool ones lower it, and it does not change when a colour is only dimmed or
 * brightened (the strip's channels are linear in light), so it compares hues of any brightness.
 */
export function warmth([r, , b]: Rgb): number {
  return Math.log((r + 1) / (b + 1));
}

/**
 * Light of a segment: the sum over its pixels of the brightest channel (0–1 each). The renderer sets a
 * synapse pixel's brightness as a scale on its hue, and this reads that scale back (a saturated warm
 * or cool colour looks as bright as a pale one of the same brightest channel).
 */
export function light(pixels: readonly Rgb[]): number {
  return pixels.reduce((sum, [r, g, b]) => sum + Math.max(r, g, b) / 255, 0);
}
