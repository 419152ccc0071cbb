import { describe, expect, test } from 'vitest';
import { CountWatch } from '../../src/ops/count-watch.js';

describe('CountWatch: faults told at most once a minute, none lost', () => {
  test('growth is reported at once, then held back for the interval and added to the next report', () => {
    const w = new CountWatch(60_000);
    expect(w.update(0, 0)).toBeNull();
    expect(w.update(1, 1_000)).toBe(1);
    expect(w.update(5, 2_000)).toBeNull();
    expect(w.update(9, 30_000)).toBeNull();
    expect(w.update(9, 61_000)).toBe(8);
    expect(w.update(9, 200_000)).toBeNull();
  });

  test('a new connection counts from 0 again, still within the interval', () => {
    const w = new CountWatch(60_000);
    expect(w.update(3, 0)).toBe(3);
    w.reset();
    expect(w.update(2, 10_000)).toBeNull();
    expect(w.update(2, 60_000)).toBe(2);
  });
});
