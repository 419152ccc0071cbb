import { readExhibit, type Exhibit } from '../../src/exhibit/index.js';

/** An exhibit with two strips and several buttons, the injury button and the age dial. */
export function twoStrips(edit: (doc: any) => void = () => {}): Exhibit {
  const doc = {
    name: 'Two strips & <buttons>',
    board: { kind: 'uno' },
    neurons: [
      { id: 'A', label: 'Touch', button: 2, holdHz: 40 },
      { id: 'B', label: 'Light', button: 3 },
      { id: 'C', label: 'Sound', button: 7 },
      { id: 'D', label: 'Move' },
    ],
    synapses: [
      { from: 'A', to: 'D', contacts: 2 },
      { from: 'B', to: 'D', contacts: 2 },
      { from: 'C', to: 'D', contacts: 3 },
    ],
    candidates: [['A', 'B']],
    strips: [
      { pin: 6, length: 30, order: 'GRB' },
      { pin: 9, length: 20, order: 'RGB' },
    ],
    segments: [
      { shows: 'soma', of: 'A', strip: 0, first: 0, last: 0 },
      { shows: 'axon', of: 'A->D', strip: 0, first: 1, last: 10 },
      { shows: 'synapse', of: 'A->D', strip: 0, first: 11, last: 14 },
      { shows: 'synapse', of: 'A->B', strip: 0, first: 20, last: 25 },
      { shows: 'soma', of: 'D', strip: 0, first: 29, last: 29 },
      { shows: 'axon', of: 'C->D', strip: 1, first: 0, last: 9 },
      { shows: 'synapse', of: 'C->D', strip: 1, first: 10, last: 14 },
      { shows: 'synapse', of: 'B->D', strip: 1, first: 15, last: 19 },
    ],
    controls: { age: { analog: 2 }, injury: { button: 4, cuts: ['A->D', 'B->D'] } },
    power: { supplyAmps: 1, maxBrightness: 0.8 },
  };
  edit(doc);
  return readExhibit(doc);
}
