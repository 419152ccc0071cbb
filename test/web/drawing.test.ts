import { describe, expect, test } from 'vitest';
import { drawKit, HEIGHT, spread, WIDTH } from '../../src/web/page/drawing.js';
import type { ExhibitSummary } from '../../src/web/messages.js';

const exhibit: ExhibitSummary = {
  name: 'draw', about: null, invitation: null, idleMode: 'reset',
  neurons: [{ id: 'A', label: 'Touch', pressable: true }, { id: 'B', label: 'Light', pressable: true }, { id: 'C', label: 'Move', pressable: false }, { id: 'D', label: 'Act', pressable: false }],
  synapses: ['A->C', 'B->C', 'C->D', 'A->B'],
  candidates: ['A->B'],
  strips: [{ pin: 6, length: 40 }],
  segments: [
    { shows: 'soma', of: 'A', strip: 0, first: 0, last: 0 },
    { shows: 'axon', of: 'A->C', strip: 0, first: 1, last: 8 },
    { shows: 'synapse', of: 'A->C', strip: 0, first: 9, last: 12 },
    { shows: 'axon', of: 'C->D', strip: 0, first: 13, last: 20 },
    { shows: 'synapse', of: 'C->D', strip: 0, first: 21, last: 24 },
    { shows: 'soma', of: 'D', strip: 0, first: 25, last: 25 },
  ],
  age: null, injury: null, compression: 600, layout: [],
};

describe('the visitor view\'s drawing of the kit', () => {
  test('without a layout: inputs in the left column, each target right of its inputs, every path inside the drawing', () => {
    const { neurons, paths } = drawKit(exhibit);
    const x = (id: string) => neurons.get(id)![0];
    expect(x('A')).toBe(x('B'));
    expect(x('C')).toBeGreaterThan(x('A'));
    expect(x('D')).toBeGreaterThan(x('C'));
    for (const path of paths) {
      expect(path.length).toBeGreaterThanOrEqual(2);
      for (const [px, py] of path) expect(px >= 0 && px <= WIDTH && py >= 0 && py <= HEIGHT).toBe(true);
    }
    // The synapse sits near its target, after its axon.
    const end = (i: number) => paths[i]![paths[i]!.length - 1]!;
    expect(end(2)[0]).toBeGreaterThan(end(1)[0]);
  });

  test('the exhibit\'s layout places what it names, in drawing units', () => {
    const { neurons, paths } = drawKit({ ...exhibit, layout: [{ segment: 0, path: [[0.5, 0.5], [0.5, 0.5]] }, { segment: 1, path: [[0.1, 0.1], [0.9, 0.1], [0.9, 0.9]] }] });
    expect(neurons.get('A')).toEqual([WIDTH / 2, HEIGHT / 2]);
    expect(paths[1]).toEqual([[0.1 * WIDTH, 0.1 * HEIGHT], [0.9 * WIDTH, 0.1 * HEIGHT], [0.9 * WIDTH, 0.9 * HEIGHT]]);
  });

  test('pixels are spread evenly along a bent path', () => {
    const points = spread([[0, 0], [100, 0], [100, 100]], 5);
    expect(points).toEqual([[0, 0], [50, 0], [100, 0], [100, 50], [100, 100]]);
  });
});
