import { beforeAll, describe, expect, test } from 'vitest';
import { bundled } from '../../src/cli/paths.js';
import { loadExhibit, type Exhibit } from '../../src/exhibit/index.js';
import { FOCUS_MS, Narrator, type NarratorSample } from '../../src/web/captions.js';
import type { Caption, CaptionKind } from '../../src/web/protocol.js';

// The default exhibit: A "Touch" and B "Light" have buttons, C "Move" does not; A->C and B->C exist,
// A->B is a candidate; the injury button cuts A->C.
let exhibit: Exhibit;
beforeAll(async () => {
  exhibit = await loadExhibit(bundled('exhibits', 'default.json'));
});

type Syn = NarratorSample['synapses'][string];
const syn = (efficacy: number, more: Partial<Syn> = {}): Syn => ({ efficacy, contacts: 3, exists: true, multiplier: 1, early: 0, ...more });
const sample = (tMs: number, synapses: Record<string, Syn>, scaling: Record<string, number> = {}): NarratorSample => ({ tMs, synapses, scaling: { C: 1, ...scaling } });

/** A scenario drives a fresh narrator and returns every caption it gave, in order. */
type Scenario = (n: Narrator) => Array<Caption | null>;

/** The A->C synapse starts at 0.5, then one sample moves it (and its causes) to `then`. */
const acMoves = (then: Syn, scaling: Record<string, number> = {}): Scenario => (n) => [
  ...n.onSample(sample(0, { 'A->C': syn(0.5) })),
  ...n.onSample(sample(2000, { 'A->C': then }, scaling)),
];

const cases: Array<[CaptionKind, Scenario, string]> = [
  ['press', (n) => [n.onPress('A', 100)], 'You fired Touch: its action potential runs along its axon to Move.'],
  ['injury', (n) => [n.onModelEvent({ kind: 'cut', tMs: 50, synapse: 'A->C', contacts: 3 }), n.onInjury(['A->C'], 900)],
    'Injury: the Touch → Move synapse was already cut, but plasticity is boosted again for a while.'],
  ['age', (n) => { n.onAge(0.05, 0); return n.onSample(sample(400, {})); }, 'Age set to newborn: synapses change 8.9× as much as in an adult.'],
  ['cut', (n) => [n.onInjury(['A->C'], 10), n.onModelEvent({ kind: 'cut', tMs: 11, synapse: 'A->C', contacts: 3 })],
    'Injury: the Touch → Move synapse was cut (its 3 contacts gone at once). Plasticity is boosted for a while as the network reroutes.'],
  ['formed', (n) => [n.onModelEvent({ kind: 'formed', tMs: 5, synapse: 'A->B' })],
    'A new connection grew: the Touch → Light synapse, because Touch and Light fired together.'],
  ['regrown', (n) => [n.onModelEvent({ kind: 'cut', tMs: 5, synapse: 'A->C', contacts: 3 }), n.onModelEvent({ kind: 'formed', tMs: 9, synapse: 'A->C' })],
    'The Touch → Move synapse grew back with one contact: the network is rewiring.'],
  ['pruned-disuse', (n) => [n.onModelEvent({ kind: 'pruned', tMs: 5, synapse: 'B->C', contacts: 0 })],
    'The Light → Move synapse was pruned for disuse: it did little to make Move fire, so Move withdrew its last contact. Its light fades out.'],
  ['pruned-weak', (n) => [...n.onSample(sample(0, { 'B->C': syn(0.1, { multiplier: 0.3, early: -0.7 }) })), n.onModelEvent({ kind: 'pruned', tMs: 5, synapse: 'B->C', contacts: 0 })],
    'The Light → Move synapse was pruned: it had been depressed so far that its last contact withdrew. Its light fades out.'],
  ['pruned-lost', (n) => [n.onModelEvent({ kind: 'lost', tMs: 5, neuron: 'C', cause: 'silence' }), n.onModelEvent({ kind: 'pruned', tMs: 5, synapse: 'A->C', contacts: 3 })],
    'The Touch → Move synapse went with Move, which was lost.'],
  ['contact-gained', (n) => [n.onModelEvent({ kind: 'contacts', tMs: 5, synapse: 'B->C', contacts: 4 })],
    'The Light → Move synapse grew a new contact (4 now): Move was firing less than its usual rate and took more input from Light.'],
  ['contact-lost', (n) => [n.onModelEvent({ kind: 'contacts', tMs: 5, synapse: 'B->C', contacts: 2 })],
    'The Light → Move synapse lost a contact (2 left): Move was firing more than its usual rate and withdrew a contact it used least.'],
  ['lost-development', (n) => [n.onModelEvent({ kind: 'lost', tMs: 5, neuron: 'C', cause: 'silence' })],
    'Move stayed silent too long while the brain was still developing and was lost: its light goes dark.'],
  ['lost-lesion', (n) => [n.onModelEvent({ kind: 'lost', tMs: 5, neuron: 'C', cause: 'lesion' })],
    'Move was destroyed by a lesion: its light goes dark.'],
  ['potentiated', acMoves(syn(0.7, { multiplier: 1.4, early: 0.4 })),
    'The Touch → Move synapse was potentiated: Touch fired just before Move, so each action potential now causes a response 40% larger than at the start, and rising.'],
  ['depressed', acMoves(syn(0.4, { multiplier: 0.8, early: -0.2 })),
    'The Touch → Move synapse was depressed: Touch fired just after Move, not before, so each action potential now causes a response 20% smaller than at the start, and falling.'],
  ['fading', (n) => [
    ...n.onSample(sample(0, { 'A->C': syn(0.5) })),
    ...n.onSample(sample(2000, { 'A->C': syn(0.75, { multiplier: 1.5, early: 0.5 }) })),
    ...n.onSample(sample(4000, { 'A->C': syn(0.67, { multiplier: 1.34, early: 0.34 }) })),
  ], 'The Touch → Move synapse is losing the potentiation it has not consolidated: each action potential now causes a response 34% larger than at the start, and falling.'],
  ['recovering', (n) => [
    ...n.onSample(sample(0, { 'A->C': syn(0.5) })),
    ...n.onSample(sample(2000, { 'A->C': syn(0.25, { multiplier: 0.5, early: -0.5 }) })),
    ...n.onSample(sample(4000, { 'A->C': syn(0.4, { multiplier: 0.8, early: -0.2 }) })),
  ], 'The Touch → Move synapse is recovering from its depression: each action potential now causes a response 20% smaller than at the start, and rising.'],
  ['scaled-up', acMoves(syn(0.6), { C: 1.2 }),
    'Move was firing less than its usual rate, so homeostasis scaled up all its inputs: through the Touch → Move synapse each action potential now causes a response 20% larger than at the start, and rising.'],
  ['scaled-down', acMoves(syn(0.4), { C: 0.8 }),
    'Move was firing more than its usual rate, so homeostasis scaled down all its inputs: through the Touch → Move synapse each action potential now causes a response 20% smaller than at the start, and falling.'],
  ['reset', (n) => [n.onPress('A', 100), n.onReset('docent', 900)],
    'The exhibit was reset: every synapse, contact and neuron is back as it started, and the lights ease back to it.'],
];

/** The visitor view's sentence for each case above: plain words, short enough for its three lines. */
const plain: Record<CaptionKind, string> = {
  press: 'You fired Touch: watch the light run to Move.',
  reset: 'The exhibit starts afresh.',
  injury: 'Touch → Move is already cut. The rest can still rewire.',
  age: 'Age: newborn. A young brain changes faster than an adult\'s.',
  cut: 'Touch → Move was cut. Watch Move use what is left.',
  formed: 'A new connection grew: Touch → Light. They fired together!',
  regrown: 'Touch → Move grew back: the network is rewiring.',
  'pruned-disuse': 'Light → Move was hardly used, so it was removed.',
  'pruned-weak': 'Light → Move got so weak that it was removed.',
  'pruned-lost': 'Touch → Move is gone: Move was lost.',
  'contact-gained': 'Light → Move grew a new contact: one more light.',
  'contact-lost': 'Light → Move lost a contact: one light fewer.',
  'lost-development': 'Move was too quiet while young, so it was lost.',
  'lost-lesion': 'Move was destroyed: its light goes dark.',
  potentiated: 'Touch → Move got stronger: Touch helped Move fire.',
  depressed: 'Touch → Move got weaker: Touch fired just after Move.',
  fading: 'Touch → Move is getting weaker again: the change is fading.',
  recovering: 'Touch → Move is getting stronger again.',
  'scaled-up': 'Move was too quiet, so all its inputs got stronger.',
  'scaled-down': 'Move was too busy, so all its inputs got weaker.',
};
/** The model's terms a visitor has not learnt: the visitor view never shows them. */
const JARGON = /potentiat|depress|consolidat|homeosta|efficacy|synapse|action potential|plasticity|->/i;

describe('every caption kind is told from what the model did, with the kit\'s names', () => {
  test('the table covers every kind', () => {
    const kinds: Record<CaptionKind, true> = {
      press: true, injury: true, age: true, reset: true, cut: true, formed: true, regrown: true, 'pruned-disuse': true, 'pruned-weak': true,
      'pruned-lost': true, 'contact-gained': true, 'contact-lost': true, 'lost-development': true, 'lost-lesion': true,
      potentiated: true, depressed: true, fading: true, recovering: true, 'scaled-up': true, 'scaled-down': true,
    };
    expect(new Set(cases.map(([k]) => k))).toEqual(new Set(Object.keys(kinds)));
  });

  test.each(cases)('%s', (kind, scenario, text) => {
    const told = scenario(new Narrator(exhibit)).filter((c): c is Caption => c !== null);
    const last = told[told.length - 1]!;
    expect(last.kind).toBe(kind);
    expect(last.text).toBe(text);
    // No synapse is named by its ids.
    for (const c of told) expect(c.text).not.toMatch(/[ABC]→[ABC]|->/);
  });

  test.each(cases.map(([kind, scenario]) => [kind, scenario] as const))('%s, for a visitor: one plain short sentence', (kind, scenario) => {
    const told = scenario(new Narrator(exhibit)).filter((c): c is Caption => c !== null);
    const last = told[told.length - 1]!;
    expect(last.plain).toBe(plain[kind]);
    for (const c of told) {
      expect(c.plain).not.toMatch(JARGON);
      expect(c.plain).not.toMatch(/[ABC]→[ABC]/);
      // Three lines of the visitor view's type at 1024×768 hold about 80 characters.
      expect(c.plain.length).toBeLessThanOrEqual(64);
    }
  });
});

describe('captions put the visitor first', () => {
  test('potentiation fading is "what you did" only after a visitor pressed one of its neurons', () => {
    const n = new Narrator(exhibit);
    n.onPress('A', 100);
    const told = [
      ...n.onSample(sample(0, { 'A->C': syn(0.5) })),
      ...n.onSample(sample(2000, { 'A->C': syn(0.75, { multiplier: 1.5, early: 0.5 }) })),
      ...n.onSample(sample(4000, { 'A->C': syn(0.67, { multiplier: 1.34, early: 0.34 }) })),
    ].filter((c): c is Caption => c !== null);
    expect(told.at(-1)).toMatchObject({ kind: 'fading', plain: 'Touch → Move is getting weaker again: what you did is fading.' });
  });

  test('the injury press is told once, from the model\'s cut, never as pruning', () => {
    const n = new Narrator(exhibit);
    const told = [n.onInjury(['A->C'], 10), n.onModelEvent({ kind: 'cut', tMs: 11, synapse: 'A->C', contacts: 3 })].filter(Boolean);
    expect(told.map((c) => c!.kind)).toEqual(['cut']);
  });

  test('while the visitor hammers Touch, a change of the Light synapse waits until they pause', () => {
    const n = new Narrator(exhibit);
    n.onSample(sample(0, { 'A->C': syn(0.5), 'B->C': syn(0.3) }));
    expect(n.onPress('A', 1000)?.kind).toBe('press');
    expect(n.onPress('A', 1200)).toBeNull();
    const busy = n.onSample(sample(3000, { 'A->C': syn(0.7, { multiplier: 1.4, early: 0.4 }), 'B->C': syn(0.36) }, { C: 1.2 }));
    expect(busy.map((c) => c.text)).toEqual([expect.stringContaining('The Touch → Move synapse was potentiated')]);
    const later = n.onSample(sample(1200 + FOCUS_MS, { 'A->C': syn(0.7, { multiplier: 1.4, early: 0.4 }), 'B->C': syn(0.36) }, { C: 1.2 }));
    expect(later.map((c) => c.kind)).toEqual(['scaled-up']);
  });

  test('a step is told once; moving back is told with its direction', () => {
    const n = new Narrator(exhibit);
    n.onSample(sample(0, { 'A->C': syn(0.5) }));
    expect(n.onSample(sample(2000, { 'A->C': syn(0.52, { multiplier: 1.04, early: 0.04 }) }))).toEqual([]);
    expect(n.onSample(sample(4000, { 'A->C': syn(0.7, { multiplier: 1.4, early: 0.4 }) }))).toHaveLength(1);
    // Within the quiet period a further step waits.
    expect(n.onSample(sample(5000, { 'A->C': syn(0.8, { multiplier: 1.6, early: 0.6 }) }))).toEqual([]);
    expect(n.onSample(sample(6000, { 'A->C': syn(0.71, { multiplier: 1.42, early: 0.42 }) }))).toEqual([]);
    const [back] = n.onSample(sample(8000, { 'A->C': syn(0.51, { multiplier: 1.02, early: 0.02 }) }));
    expect(back!.text).toContain('about the same as at the start, and falling');
  });

  test('a change carried by contacts is left to the contact events', () => {
    const n = new Narrator(exhibit);
    n.onSample(sample(0, { 'A->C': syn(0.5) }));
    expect(n.onModelEvent({ kind: 'contacts', tMs: 1000, synapse: 'A->C', contacts: 4 })?.kind).toBe('contact-gained');
    expect(n.onSample(sample(2000, { 'A->C': syn(0.667, { contacts: 4 }) }))).toEqual([]);
  });

  test('after a reset the way back to the start is not told as depression or pruning, and what was cut exists again', () => {
    const n = new Narrator(exhibit);
    n.onSample(sample(0, { 'A->C': syn(0.5) }));
    n.onModelEvent({ kind: 'cut', tMs: 10, synapse: 'A->C', contacts: 3 });
    n.onSample(sample(2000, { 'A->C': syn(0.8, { multiplier: 1.6, early: 0.6 }) }));
    expect(n.onReset('idle', 3000).plain).toBe('The exhibit is back at its start, ready for you.');
    expect(n.onSample(sample(3200, { 'A->C': syn(0.5) }))).toEqual([]);
    expect(n.onSample(sample(6000, { 'A->C': syn(0.5) }))).toEqual([]);
    expect(n.onPress('A', 6100)?.text).toBe('You fired Touch: its action potential runs along its axon to Move.');
  });

  test('a press of a neuron with no connection left says so', () => {
    const n = new Narrator(exhibit);
    n.onModelEvent({ kind: 'cut', tMs: 1, synapse: 'A->C', contacts: 3 });
    const told = n.onPress('A', 10);
    expect(told?.text).toBe('You fired Touch: it has no connection left to pass its action potential on.');
    expect(told?.plain).toBe('You fired Touch, but it has no connection left.');
  });
});
