import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExhibit } from '../../src/exhibit/index.js';
import {
  awgAmps,
  awgOhmsPerMetre,
  MAX_STRIP_DROP_VOLTS,
  powerReport,
  stripOhmsPerMetre,
  SUPPLY_SIZES_AMPS,
} from '../../src/hardware/index.js';
import { frameMilliamps, GAMMA_TABLE, LED_POWER, limitFrames, stripBudgetMilliamps, worstCaseMilliamps } from '../../src/render/power.js';
import { twoStrips } from './fixtures.js';

const root = join(import.meta.dirname, '..', '..');

/**
 * Drops along a strip solved independently of src/hardware: the resistor ladder (one link of copper
 * between neighbouring pixels, every pixel sinking the same current, feed pixels held at the supply)
 * as a dense linear system. Returns the drop at every pixel in units of one link's drop.
 */
function ladderDrops(pixels: number, feeds: number[]): number[] {
  const free = Array.from({ length: pixels }, (_, i) => i).filter((i) => !feeds.includes(i));
  const index = new Map(free.map((p, k) => [p, k]));
  const n = free.length;
  const a = Array.from({ length: n }, () => new Array<number>(n + 1).fill(0));
  free.forEach((p, k) => {
    const row = a[k]!;
    for (const q of [p - 1, p + 1]) {
      if (q < 0 || q >= pixels) continue;
      row[k]! += 1;
      const j = index.get(q);
      if (j !== undefined) row[j]! -= 1;
    }
    row[n] = 1; // each pixel's current, in units
  });
  for (let c = 0; c < n; c++) {
    const pivot = a[c]![c]!;
    for (let r = 0; r < n; r++) {
      if (r === c || a[r]![c] === 0) continue;
      const f = a[r]![c]! / pivot;
      for (let k = c; k <= n; k++) a[r]![k]! -= f * a[c]![k]!;
    }
  }
  const drops = new Array<number>(pixels).fill(0);
  free.forEach((p, k) => (drops[p] = a[k]![n]! / a[k]![k]!));
  return drops;
}

describe('power report: the same numbers as the renderer', () => {
  it('the default exhibit: 921 mA worst case at the 0.6 cap, 1700 mA budget, nothing dimmed, a 2 A supply', async () => {
    const exhibit = await loadExhibit(join(root, 'exhibits', 'default.json'));
    const r = powerReport(exhibit);
    expect(r.pixels).toBe(60);
    expect(r.worstCaseMilliamps).toBe(worstCaseMilliamps(60, 0.6));
    expect(r.fullWhiteMilliamps).toBe(worstCaseMilliamps(60, 1));
    expect(r.budgetMilliamps).toBe(stripBudgetMilliamps(2));
    expect(Math.round(r.worstCaseMilliamps)).toBe(921);
    expect(r.fullWhiteMilliamps).toBe(3660);
    expect(r.budgetMilliamps).toBe(1700);
    expect(r.limitedMilliamps).toBe(r.worstCaseMilliamps);
    expect(r.limiterDims).toBe(false);
    expect(r.recommendedSupplyAmps).toBe(2);
    expect(r.leads.awg).toBe(18);
    expect(r.strips[0]!.feedPixels).toEqual([0]);
    expect(r.strips[0]!.dropVolts).toBeLessThanOrEqual(MAX_STRIP_DROP_VOLTS);
  });

  it('the worst case is what the renderer measures for an all-white frame at the cap', async () => {
    const exhibit = await loadExhibit(join(root, 'exhibits', 'default.json'));
    const cap = Math.round(255 * exhibit.power.maxBrightness);
    const frame = new Uint8Array(60 * 3).fill(cap);
    expect(powerReport(exhibit).worstCaseMilliamps).toBeCloseTo(frameMilliamps(frame), 9);
    expect(powerReport(exhibit).strips[0]!.pixelMilliamps).toBeCloseTo((GAMMA_TABLE[cap]! / 255) * LED_POWER.fullWhiteMilliamps + LED_POWER.idleMilliampsPerPixel, 9);
  });

  it('with too small a supply, the limited current is the budget the limiter dims to', () => {
    const exhibit = twoStrips(); // 50 pixels at 0.8 on a 1 A supply
    const r = powerReport(exhibit);
    expect(r.limiterDims).toBe(true);
    expect(r.limitedMilliamps).toBe(stripBudgetMilliamps(1));
    const frames = exhibit.strips.map((s) => new Uint8Array(s.length * 3).fill(Math.round(255 * 0.8)));
    limitFrames(frames, r.budgetMilliamps);
    const drawn = frames.reduce((sum, f) => sum + frameMilliamps(f), 0);
    expect(drawn).toBeLessThanOrEqual(r.limitedMilliamps);
  });

  it('the recommended supply is the smallest common size whose budget covers the worst case', () => {
    for (const brightness of [0.2, 0.5, 0.8, 1]) {
      const r = powerReport(twoStrips((d) => (d.power.maxBrightness = brightness)));
      const i = SUPPLY_SIZES_AMPS.indexOf(r.recommendedSupplyAmps as (typeof SUPPLY_SIZES_AMPS)[number]);
      expect(stripBudgetMilliamps(r.recommendedSupplyAmps)).toBeGreaterThanOrEqual(r.worstCaseMilliamps);
      if (i > 0) expect(stripBudgetMilliamps(SUPPLY_SIZES_AMPS[i - 1]!)).toBeLessThan(r.worstCaseMilliamps);
    }
  });
});

describe('copper', () => {
  it('AWG resistance and ratings match the published tables', () => {
    // Ω/km of 22, 18, 16, 14 AWG: 52.96, 20.95, 13.17, 8.28; 700 cmil/A: 0.92, 2.3, 3.7, 5.9 A.
    expect(awgOhmsPerMetre(22) * 1000).toBeCloseTo(52.96, 0);
    expect(awgOhmsPerMetre(18) * 1000).toBeCloseTo(20.95, 1);
    expect(awgOhmsPerMetre(16) * 1000).toBeCloseTo(13.17, 1);
    expect(awgOhmsPerMetre(14) * 1000).toBeCloseTo(8.28, 1);
    expect(awgAmps(22)).toBeCloseTo(0.92, 1);
    expect(awgAmps(18)).toBeCloseTo(2.3, 1);
    expect(awgAmps(16)).toBeCloseTo(3.7, 1);
    expect(awgAmps(14)).toBeCloseTo(5.9, 1);
  });

  it('a strip rail pair of 35 µm × 2.5 mm copper is about 0.39 Ω per metre', () => {
    expect(stripOhmsPerMetre()).toBeCloseTo(0.394, 3);
  });
});

describe('where to feed power', () => {
  const linkVolts = (pixelMilliamps: number, pixelsPerMetre: number) => (pixelMilliamps / 1000) * (stripOhmsPerMetre() / pixelsPerMetre);

  it('the drops agree with an independent solution of the resistor ladder', () => {
    for (const [length, brightness, ppm] of [[30, 1, 60], [144, 1, 60], [216, 1, 144], [72, 0.5, 30]] as const) {
      const exhibit = twoStrips((d) => {
        d.strips = [{ pin: 6, length, order: 'GRB' }];
        d.segments = [{ shows: 'soma', of: 'D', strip: 0, first: 0, last: 0 }];
        d.power.maxBrightness = brightness;
      });
      const s = powerReport(exhibit, { pixelsPerMetre: ppm }).strips[0]!;
      const unit = linkVolts(s.pixelMilliamps, ppm);
      const drops = ladderDrops(length, s.feedPixels).map((d) => d * unit);
      expect(Math.max(...drops)).toBeCloseTo(s.dropVolts, 9);
      expect(drops[s.worstPixel]).toBeCloseTo(s.dropVolts, 9);
      expect(Math.max(...ladderDrops(length, [0])) * unit).toBeCloseTo(s.oneEndDropVolts, 9);
      expect(s.dropVolts).toBeLessThanOrEqual(MAX_STRIP_DROP_VOLTS);
    }
  });

  it('a 60/m strip at full white needs a feed about every 40 pixels; at the exhibits\' 0.6 cap, about every 80', () => {
    const strip = (brightness: number) =>
      powerReport(
        twoStrips((d) => {
          d.strips = [{ pin: 6, length: 200, order: 'GRB' }];
          d.segments = [];
          d.power.maxBrightness = brightness;
        }),
      ).strips[0]!;
    const full = strip(1);
    const capped = strip(0.6);
    const spacing = (s: typeof full) => Math.max(...s.feedPixels.slice(1).map((f, i) => f - s.feedPixels[i]!));
    expect(full.feedPixels.length).toBeGreaterThan(capped.feedPixels.length);
    // Between two feeds the drop is a quarter of a one-ended run of the same length: 2× the pixels per feed.
    expect(spacing(full)).toBeGreaterThanOrEqual(39);
    expect(spacing(full)).toBeLessThanOrEqual(80);
    expect(spacing(capped)).toBeGreaterThan(spacing(full));
  });

  it('feeds as few points as it can: one fewer evenly spaced feed would lose more than 0.3 V', () => {
    for (const length of [60, 100, 150, 216]) {
      const exhibit = twoStrips((d) => {
        d.strips = [{ pin: 6, length, order: 'GRB' }];
        d.segments = [];
        d.power.maxBrightness = 1;
      });
      const s = powerReport(exhibit).strips[0]!;
      const k = s.feedPixels.length - 1;
      if (k === 0) continue;
      const fewer = k === 1 ? [0] : Array.from({ length: k }, (_, j) => Math.round((j * (length - 1)) / (k - 1)));
      expect(Math.max(...ladderDrops(length, [...new Set(fewer)])) * linkVolts(s.pixelMilliamps, 60)).toBeGreaterThan(MAX_STRIP_DROP_VOLTS);
    }
  });

  it('the wall version (30/m, 72-pixel strips, cap 0.5, 3 A) feeds every strip at both ends', async () => {
    const wall = await loadExhibit(join(root, 'hardware', 'wall', 'neuron-wall.json'));
    const r = powerReport(wall, { pixelsPerMetre: 30 });
    expect(r.pixels).toBe(216);
    expect(r.limiterDims).toBe(false);
    expect(r.recommendedSupplyAmps).toBe(3);
    for (const s of r.strips) {
      expect(s.metres).toBeCloseTo(2.4, 9);
      expect(s.oneEndDropVolts).toBeGreaterThan(MAX_STRIP_DROP_VOLTS);
      expect(s.feedPixels).toEqual([0, 71]);
    }
  });
});
