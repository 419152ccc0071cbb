import { describe, expect, it } from 'vitest';
import { yRange } from '../../src/web/page/charts.js';

describe('the docent charts\' y range', () => {
  it('a change of a fraction of a percent stays a flat line: at least ±5% of the value is shown', () => {
    const [lo, hi] = yRange(0.5008, 0.5012);
    expect(hi - lo).toBeGreaterThanOrEqual(0.05);
    expect(lo).toBeLessThan(0.5008);
    expect(hi).toBeGreaterThan(0.5012);
  });
  it('a real change is shown whole, with a little room', () => {
    const [lo, hi] = yRange(0.2, 1.6);
    expect(lo).toBeLessThan(0.2);
    expect(hi).toBeGreaterThan(1.6);
    expect(hi - lo).toBeLessThan(1.6);
  });
  it('no data yet: a plain 0–1', () => {
    expect(yRange(null, null)).toEqual([0, 1]);
  });
});
