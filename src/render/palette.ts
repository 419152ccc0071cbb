/** An RGB colour, 0–255 per channel, logical (before the strip's gamma). */
export type Rgb = readonly [number, number, number];

/** The colours of the visual language (DESIGN.md "What a visitor sees"). */
export interface Palette {
  /** A travelling action potential. */
  actionPotential: Rgb;
  /** An axon at rest: a faint line so visitors can see the path. */
  axonRest: Rgb;
  /** A synapse at its starting strength. */
  synapseNeutral: Rgb;
  /** Potentiated relative to where it started (warm). */
  potentiated: Rgb;
  /** Depressed relative to where it started (cool). */
  depressed: Rgb;
  /** A soma at rest, and flashing when its neuron fires. */
  somaRest: Rgb;
  somaFlash: Rgb;
}

/** Default: warm red-orange vs cool blue, white pulses. */
export const DEFAULT_PALETTE: Palette = {
  actionPotential: [255, 230, 170],
  axonRest: [40, 40, 60],
  synapseNeutral: [200, 190, 150],
  potentiated: [255, 70, 10],
  depressed: [20, 110, 255],
  somaRest: [70, 50, 90],
  somaFlash: [255, 255, 255],
};

/**
 * Colour-blind-safe: the Okabe–Ito orange and blue (Okabe & Ito 2008, "Color Universal Design"),
 * distinguishable with protanopia, deuteranopia and tritanopia; brightness still carries efficacy.
 */
export const COLORBLIND_PALETTE: Palette = {
  actionPotential: [255, 255, 255],
  axonRest: [40, 40, 40],
  synapseNeutral: [200, 200, 200],
  potentiated: [230, 159, 0],
  depressed: [0, 114, 178],
  somaRest: [60, 60, 60],
  somaFlash: [240, 228, 66],
};

export const PALETTES = { default: DEFAULT_PALETTE, colorblind: COLORBLIND_PALETTE } as const;
export type PaletteName = keyof typeof PALETTES;

/** Linear mix of two colours, t in [0, 1]. */
export function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/** A colour scaled by a brightness in [0, 1]. */
export function scale(c: Rgb, brightness: number): Rgb {
  return [c[0] * brightness, c[1] * brightness, c[2] * brightness];
}
