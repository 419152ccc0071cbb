import { describe, expect, test } from 'vitest';
import { AGE_WEIGHT_PER_MS, changeSize, pickNext, type PixelState } from '../../src/link/index.js';
import { FILL_REPAIR, NORMAL, URGENT } from '../../src/link/order.js';

function state(board: number[], wanted: number[], dirtySinceMs: number[], klass: number[] = board.map(() => NORMAL)): PixelState {
  return { board: Uint32Array.from(board), wanted: Uint32Array.from(wanted), dirtySinceMs: Float64Array.from(dirtySinceMs), klass: Uint8Array.from(klass) };
}

describe('which changed pixel goes next', () => {
  test('the biggest visible change first: a soma flash before a dim tail', () => {
    const s = state([0x000000, 0x000000, 0x050505], [0x000002, 0xffffff, 0x030303], [0, 0, 0]);
    expect(pickNext(s, 0)).toBe(1);
    expect(changeSize(0x000000, 0xffffff)).toBe(255);
  });

  test('an urgent pixel beats any other change, however small', () => {
    const s = state([0, 0, 0], [0x000001, 0xffffff, 0], [0, 0, NaN], [URGENT, NORMAL, NORMAL]);
    expect(pickNext(s, 0)).toBe(0);
  });

  test('pixels a fill got wrong go before normal ones, after urgent ones', () => {
    const s = state([0, 0, 0], [0x000001, 0xffffff, 0x000001], [0, 0, 0], [FILL_REPAIR, NORMAL, URGENT]);
    expect(pickNext(s, 0)).toBe(2);
    s.klass[2] = NORMAL;
    expect(pickNext(s, 0)).toBe(0);
  });

  test('a small change that waited long enough outranks a fresh big one (no starvation)', () => {
    const waitedMs = 255 / AGE_WEIGHT_PER_MS + 1;
    const s = state([0, 0], [0x000001, 0xffffff], [0, waitedMs], [NORMAL, NORMAL]);
    expect(pickNext(s, waitedMs)).toBe(0);
  });

  test('nothing changed: -1', () => {
    expect(pickNext(state([7, 8], [7, 8], [NaN, NaN]), 0)).toBe(-1);
  });
});
