import type { Exhibit } from '../exhibit/index.js';
import { LED_POWER, stripBudgetMilliamps, worstCaseMilliamps } from '../render/power.js';
import { choosePowerWire, stripOhmsPerMetre, type WireChoice } from './copper.js';

/**
 * The power budget of an exhibit: what its strips can draw, the supply to buy, the wire for the leads and
 * where to feed 5 V into each strip. Currents come from src/render/power.ts, the same model the renderer's
 * limiter uses, so the numbers printed are the numbers enforced.
 */

/**
 * Most voltage lost along a strip's own copper, V. The WS2812B datasheet characterises the pixel at
 * VDD 4.5–5.5 V; 5.0 V − 0.3 V (strip) − 0.2 V (leads) = 4.5 V. Below that, the blue and green dies
 * (3.0–3.4 V forward voltage, datasheet) lose driver headroom first and white turns yellow-pink.
 */
export const MAX_STRIP_DROP_VOLTS = 0.3;

/** Most voltage lost in the +5 V and GND leads from the supply to a feed point, V (see above). */
export const MAX_LEAD_DROP_VOLTS = 0.2;

/** Ratings 5 V supplies are commonly sold in, A. */
export const SUPPLY_SIZES_AMPS = [1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 40, 60] as const;

/** The BOM's strip: 60 pixels per metre. */
export const DEFAULT_PIXELS_PER_METRE = 60;
/** Leads from a supply inside the exhibit's base to the strip's input, one way, m. */
export const DEFAULT_LEAD_METRES = 1.5;

export interface PowerOptions {
  /** Pixel pitch of the strips, pixels per metre. Default 60 (the BOM's strip). */
  pixelsPerMetre?: number;
  /** One-way length of the power leads from the supply to the farthest feed point, m. Default 1.5. */
  leadMetres?: number;
}

export interface StripPower {
  /** Index in exhibit.strips. */
  strip: number;
  pin: number;
  pixels: number;
  metres: number;
  /** Worst-case current of one pixel at the brightness cap (idle current included), mA. */
  pixelMilliamps: number;
  /** Every pixel of this strip full white at the cap, mA. */
  worstCaseMilliamps: number;
  /** Largest drop along the strip if 5 V is fed at pixel 0 only, V. */
  oneEndDropVolts: number;
  /** Pixels where +5 V and GND must be fed so no pixel sees more than MAX_STRIP_DROP_VOLTS; always starts at 0. */
  feedPixels: number[];
  /** Largest drop along the strip with those feeds, V, and the pixel where it happens. */
  dropVolts: number;
  worstPixel: number;
}

export interface PowerReport {
  pixels: number;
  pixelsPerMetre: number;
  maxBrightness: number;
  /** The rating of the supply in the exhibit config, A. */
  supplyAmps: number;
  /** Every pixel full white with no cap: what stray data on the line can light up, mA. */
  fullWhiteMilliamps: number;
  /** Every pixel full white at the brightness cap: the most the renderer may ask for, mA. */
  worstCaseMilliamps: number;
  /** What the limiter lets the strips draw from this supply (stripBudgetMilliamps), mA. */
  budgetMilliamps: number;
  /** The most the strips will draw: the worst case, or the budget when the limiter dims, mA. */
  limitedMilliamps: number;
  /** Whether the limiter will dim some frames (the worst case exceeds the budget). */
  limiterDims: boolean;
  /** Kept for the board on the same supply, mA. */
  boardMilliamps: number;
  /** Limited strip current plus the board, mA. */
  supplyMilliamps: number;
  /** Supply rating the worst case needs so that the limiter never dims, A (before rounding up). */
  neededAmps: number;
  /** The smallest common supply rating ≥ neededAmps, A. */
  recommendedSupplyAmps: number;
  /** Leads from the supply to the feed points, sized for the configured supply and the limited current. */
  leads: WireChoice;
  stripOhmsPerMetre: number;
  strips: StripPower[];
}

/** Drop at the worst pixel for feeds at `feeds` (sorted pixel indexes) on a strip of `pixels`, in units of one link's drop. */
function worstDrop(pixels: number, feeds: number[]): { units: number; pixel: number } {
  let worst = { units: 0, pixel: feeds[0] ?? 0 };
  const consider = (units: number, pixel: number) => {
    if (units > worst.units) worst = { units, pixel };
  };
  // A run of m pixels hanging off one feed: link s carries (m − s + 1) pixels' current, so the end sees m(m+1)/2.
  const first = feeds[0]!;
  consider((first * (first + 1)) / 2, 0);
  const tail = pixels - 1 - feeds[feeds.length - 1]!;
  consider((tail * (tail + 1)) / 2, pixels - 1);
  // m pixels between two feeds: pixel k sees k(m+1−k)/2 (the discrete parabola), largest in the middle.
  for (let j = 1; j < feeds.length; j++) {
    const m = feeds[j]! - feeds[j - 1]! - 1;
    const k = Math.floor((m + 1) / 2);
    consider((k * (m + 1 - k)) / 2, feeds[j - 1]! + k);
  }
  return worst;
}

/** k feed points spread evenly from the first pixel to the last (k = 1: the first pixel only). */
function evenFeeds(pixels: number, k: number): number[] {
  if (k === 1) return [0];
  return [...new Set(Array.from({ length: k }, (_, j) => Math.round((j * (pixels - 1)) / (k - 1))))];
}

function stripPower(index: number, exhibit: Exhibit, pixelsPerMetre: number, ohmsPerMetre: number): StripPower {
  const strip = exhibit.strips[index]!;
  const pixelMilliamps = worstCaseMilliamps(1, exhibit.power.maxBrightness);
  // Drop over the copper between two neighbouring pixels when it carries one pixel's current.
  const linkVolts = (pixelMilliamps / 1000) * (ohmsPerMetre / pixelsPerMetre);
  const oneEnd = worstDrop(strip.length, [0]);
  let feedPixels = [0];
  let drop = oneEnd;
  for (let k = 2; drop.units * linkVolts > MAX_STRIP_DROP_VOLTS && k <= strip.length; k++) {
    feedPixels = evenFeeds(strip.length, k);
    drop = worstDrop(strip.length, feedPixels);
  }
  return {
    strip: index,
    pin: strip.pin,
    pixels: strip.length,
    metres: strip.length / pixelsPerMetre,
    pixelMilliamps,
    worstCaseMilliamps: worstCaseMilliamps(strip.length, exhibit.power.maxBrightness),
    oneEndDropVolts: oneEnd.units * linkVolts,
    feedPixels,
    dropVolts: drop.units * linkVolts,
    worstPixel: drop.pixel,
  };
}

/** The power budget of an exhibit (see PowerReport). Pure: same exhibit and options, same report. */
export function powerReport(exhibit: Exhibit, options: PowerOptions = {}): PowerReport {
  // The exhibit records its strips' pitch; a flag may override it (a spare reel of another pitch).
  const pixelsPerMetre = options.pixelsPerMetre ?? exhibit.pixelsPerMetre ?? DEFAULT_PIXELS_PER_METRE;
  const leadMetres = options.leadMetres ?? DEFAULT_LEAD_METRES;
  if (!(pixelsPerMetre > 0)) throw new RangeError(`pixelsPerMetre must be > 0, got ${pixelsPerMetre}`);
  if (!(leadMetres > 0)) throw new RangeError(`leadMetres must be > 0, got ${leadMetres}`);
  const { supplyAmps, maxBrightness } = exhibit.power;
  const pixels = exhibit.strips.reduce((sum, s) => sum + s.length, 0);
  const worst = worstCaseMilliamps(pixels, maxBrightness);
  const budget = stripBudgetMilliamps(supplyAmps);
  const limited = Math.min(worst, budget);
  // Inverse of stripBudgetMilliamps: the rating whose budget just covers the worst case.
  const neededAmps = (worst + LED_POWER.boardMilliamps) / (1000 * LED_POWER.supplyHeadroom);
  const recommendedSupplyAmps = SUPPLY_SIZES_AMPS.find((a) => a >= neededAmps) ?? Math.ceil(neededAmps);
  const ohmsPerMetre = stripOhmsPerMetre();
  return {
    pixels,
    pixelsPerMetre,
    maxBrightness,
    supplyAmps,
    fullWhiteMilliamps: worstCaseMilliamps(pixels, 1),
    worstCaseMilliamps: worst,
    budgetMilliamps: budget,
    limitedMilliamps: limited,
    limiterDims: worst > budget,
    boardMilliamps: LED_POWER.boardMilliamps,
    supplyMilliamps: limited + LED_POWER.boardMilliamps,
    neededAmps,
    recommendedSupplyAmps,
    leads: choosePowerWire({ ratedAmps: supplyAmps, loadMilliamps: limited, metres: leadMetres, maxDropVolts: MAX_LEAD_DROP_VOLTS }),
    stripOhmsPerMetre: ohmsPerMetre,
    strips: exhibit.strips.map((_, i) => stripPower(i, exhibit, pixelsPerMetre, ohmsPerMetre)),
  };
}
