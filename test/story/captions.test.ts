import { beforeAll, describe, expect, test } from 'vitest';
import { bundled } from '../../src/package-files.js';
import { loadExhibit, type Exhibit } from '../../src/exhibit/index.js';
import { CAUSES, type Cause } from '../../src/model/index.js';
import { FOCUS_MS, Narrator } from '../../src/story/captions.js';
import type { StorySynapse, StoryView } from '../../src/story/view.js';
import type { Caption, CaptionKind } from '../../src/web/messages.js';

// The default exhibit: A "Touch" and B "Light" have buttons, C "Move" does not; A->C and B->C exist,
// A->B is a candidate; the injury button cuts A->C.
let exhibit: Exhibit;
beforeAll(async () => {
  exhibit = await loadExhibit(bundled('exhibits', 'default.json'));
});

/** A synapse in a story view: efficacy against a reference of 0.5, with what the ledger booked since it. */
const syn = (efficacy: number, causes: Partial<Record<Cause, number>> = {}, more: Partial<StorySynapse> = {}): StorySynapse => ({
  efficacy, contacts: 3, exists: true, early: 0, late: 0, release: 0.5, receptors: 1, reference: 0.5, referenceContacts: 3, referenceRelease: 0.5, referenceReceptors: 1,
  causes: CAUSES.map((c) => causes[c] ?? 0), ...(more as object),
});
const view = (tMs: number, synapses: Record<string, StorySynapse>): StoryView => ({ tMs, synapses, neurons: {} });

/** A scenario drives a fresh narrator and returns every caption it gave, in order. */
type Scenario = (n: Narrator) => Array<Caption | null>;

/** A->C starts at its reference, then one look later it has moved (with its causes). */
const acMoves = (then: StorySynapse): Scenario => (n) => [...n.onSample(view(0, { 'A->C': syn(0.5) })), ...n.onSample(view(2000, { 'A->C': then }))];

const cases: Array<[string, CaptionKind, Scenario, string, string]> = [
  ['press', 'press', (n) => [n.onPress('A', 100)], 'You fired Touch: its action potential runs along its axon to Move.', 'You fired Touch: watch the light run to Move.'],
  ['injury', 'injury', (n) => [n.onModelEvent({ kind: 'cut', tMs: 50, synapse: 'A->C', contacts: 3 }), n.onInjury(['A->C'], 900)],
    'Injury: the Touch → Move synapse was already cut, but plasticity is boosted again for a while.', 'Touch → Move is already cut. The rest can still rewire.'],
  ['age', 'age', (n) => { n.onAge(0.05, 0); return n.onSample(view(400, {})); }, 'Age set to newborn: synapses change 8.9× as much as in an adult.', 'Age: newborn. A young brain changes faster than an adult\'s.'],
  ['cut', 'cut', (n) => [n.onInjury(['A->C'], 10), n.onModelEvent({ kind: 'cut', tMs: 11, synapse: 'A->C', contacts: 3 })],
    'Injury: the Touch → Move synapse was cut (its 3 contacts gone at once). Plasticity is boosted for a while as the network reroutes.', 'Touch → Move was cut. Watch Move use what is left.'],
  ['formed', 'formed', (n) => [n.onModelEvent({ kind: 'formed', tMs: 5, synapse: 'A->B' })],
    'A new connection grew: the Touch → Light synapse, because Touch and Light fired together.', 'A new connection grew: Touch → Light. They fired together!'],
  ['regrown', 'regrown', (n) => [n.onModelEvent({ kind: 'cut', tMs: 5, synapse: 'A->C', contacts: 3 }), n.onModelEvent({ kind: 'formed', tMs: 9, synapse: 'A->C' })],
    'The Touch → Move synapse grew back with one contact: the network is rewiring.', 'Touch → Move grew back: the network is rewiring.'],
  ['pruned by retraction', 'pruned', (n) => [n.onModelEvent({ kind: 'pruned', tMs: 5, synapse: 'B->C', contacts: 1, cause: 'retraction' })],
    'The Light → Move synapse was pruned: Move, firing above its set point, withdrew its last contact, from the input that did least to make it fire. Its light fades out.', 'Light → Move was hardly used, so it was removed.'],
  ['pruned as weak', 'pruned', (n) => [n.onModelEvent({ kind: 'pruned', tMs: 5, synapse: 'B->C', contacts: 1, cause: 'weak-removal' })],
    'The Light → Move synapse was pruned: it had been depressed so far that its last contact shrank away. Its light fades out.', 'Light → Move got so weak that it was removed.'],
  ['pruned with its neuron', 'pruned', (n) => [n.onModelEvent({ kind: 'lost', tMs: 5, neuron: 'C', cause: 'silence' }), n.onModelEvent({ kind: 'pruned', tMs: 5, synapse: 'A->C', contacts: 3, cause: 'retraction' })],
    'The Touch → Move synapse went with Move, which was lost.', 'Touch → Move is gone: Move was lost.'],
  ['contact gained', 'contact-gained', (n) => [n.onModelEvent({ kind: 'contacts', tMs: 5, synapse: 'B->C', contacts: 4, cause: 'growth' })],
    'The Light → Move synapse grew a new contact (4 now): Move, firing below its set point, grew one onto the input that fired with it most.', 'Light → Move grew a new contact: one more light.'],
  ['contact withdrawn', 'contact-lost', (n) => [n.onModelEvent({ kind: 'contacts', tMs: 5, synapse: 'B->C', contacts: 2, cause: 'retraction' })],
    'The Light → Move synapse lost a contact (2 left): Move, firing above its set point, withdrew a contact from the input that did least to make it fire.', 'Light → Move lost a contact: one light fewer.'],
  ['lost in development', 'lost-development', (n) => [n.onModelEvent({ kind: 'lost', tMs: 5, neuron: 'C', cause: 'silence' })],
    'Move stayed silent too long while the brain was still developing and was lost: its light goes dark.', 'Move was too quiet while young, so it was lost.'],
  ['lesion', 'lost-lesion', (n) => [n.onModelEvent({ kind: 'lost', tMs: 5, neuron: 'C', cause: 'lesion' })],
    'Move was destroyed by a lesion: its light goes dark.', 'Move was destroyed: its light goes dark.'],
  ['stronger by pre-before-post pairing', 'stronger', acMoves(syn(0.7, { 'pre-before-post': 0.25, triplet: 0.03, scaling: -0.08 })),
    'The Touch → Move synapse is now 40% stronger than at the start, and rising: Touch fired just before Move, again and again (spike-timing-dependent potentiation).', 'Touch → Move got stronger: Touch fired just before Move.'],
  ['stronger by the triplet term', 'stronger', acMoves(syn(0.7, { 'pre-before-post': 0.05, triplet: 0.15 })),
    'The Touch → Move synapse is now 40% stronger than at the start, and rising: Move fired in quick succession while Touch was firing (at high rates the timing rule potentiates whichever fires first).', 'Touch → Move got stronger: Move fired fast while Touch fired.'],
  ['weaker by post-before-pre pairing', 'weaker', acMoves(syn(0.4, { 'post-before-pre': -0.1 })),
    'The Touch → Move synapse is now 20% weaker than at the start, and falling: Touch fired just after Move, not before (spike-timing-dependent depression).', 'Touch → Move got weaker: Touch fired just after Move.'],
  ['weaker by scaling', 'weaker', acMoves(syn(0.4, { 'pre-before-post': 0.06, 'early-decay': -0.05, scaling: -0.11 })),
    'The Touch → Move synapse is now 20% weaker than at the start, and falling: Move has been firing above its set point, so homeostasis scaled down all its inputs (tolerance).', 'Touch → Move got weaker: Move fired more than usual.'],
  ['stronger by scaling', 'stronger', acMoves(syn(0.6, { scaling: 0.1 })),
    'The Touch → Move synapse is now 20% stronger than at the start, and rising: Move has been firing below its set point, so homeostasis scaled up all its inputs.', 'Touch → Move got stronger: Move fired less than usual.'],
  ['still stronger, fading', 'stronger', (n) => [
    ...n.onSample(view(0, { 'A->C': syn(0.5) })),
    ...n.onSample(view(2000, { 'A->C': syn(0.75, { 'pre-before-post': 0.25 }) })),
    ...n.onSample(view(4000, { 'A->C': syn(0.67, { 'pre-before-post': 0.25, 'early-decay': -0.08 }) })),
  ], 'The Touch → Move synapse is now 34% stronger than at the start, and falling: the part of its change that was not consolidated is fading.', 'Touch → Move is still stronger, but fading back.'],
  ['still weaker, recovering', 'weaker', (n) => [
    ...n.onSample(view(0, { 'A->C': syn(0.5) })),
    ...n.onSample(view(2000, { 'A->C': syn(0.25, { scaling: -0.25 }) })),
    ...n.onSample(view(4000, { 'A->C': syn(0.4, { scaling: -0.25, 'scaling-saturation': 0.15 }) })),
  ], 'The Touch → Move synapse is now 20% weaker than at the start, and rising: Move\'s homeostatic scaling is easing back toward none.', 'Touch → Move is still weaker, but recovering.'],
  ['back to the start', 'same', (n) => [
    ...n.onSample(view(0, { 'A->C': syn(0.5) })),
    ...n.onSample(view(2000, { 'A->C': syn(0.7, { 'pre-before-post': 0.2 }) })),
    ...n.onSample(view(4000, { 'A->C': syn(0.51, { 'pre-before-post': 0.2, 'early-decay': -0.19 }) })),
  ], 'The Touch → Move synapse is now about as strong as at the start, and falling: the part of its change that was not consolidated is fading.', 'Touch → Move is back to about where it started.'],
  ['reset', 'reset', (n) => [n.onPress('A', 100), n.onReset('docent', 900)],
    'The exhibit was reset: every synapse, contact and neuron is back as it started, and the lights ease back to it.', 'The exhibit starts afresh.'],
];

/** The model's terms a visitor has not learnt: the visitor view never shows them. */
const JARGON = /potentiat|depress|consolidat|homeosta|efficacy|synapse|action potential|plasticity|->/i;

describe('every caption is told from what the model recorded, with the kit\'s names', () => {
  test('the cases cover every kind', () => {
    const kinds: Record<CaptionKind, true> = {
      press: true, injury: true, age: true, reset: true, cut: true, formed: true, regrown: true, pruned: true,
      'contact-gained': true, 'contact-lost': true, 'lost-development': true, 'lost-lesion': true, stronger: true, weaker: true, same: true,
    };
    expect(new Set(cases.map(([, k]) => k))).toEqual(new Set(Object.keys(kinds)));
  });

  test.each(cases)('%s', (_name, kind, scenario, text, plain) => {
    const told = scenario(new Narrator(exhibit)).filter((c): c is Caption => c !== null);
    const last = told.at(-1)!;
    expect(last.kind).toBe(kind);
    expect(last.text).toBe(text);
    expect(last.plain).toBe(plain);
    for (const c of told) {
      // No synapse is named by its ids; a visitor reads no jargon, in three lines of the visitor view.
      expect(c.text).not.toMatch(/[ABC]→[ABC]|->/);
      expect(c.plain).not.toMatch(JARGON);
      expect(c.plain.length).toBeLessThanOrEqual(64);
    }
  });
});

describe('a strength caption carries the sign it states, and the cause the ledger booked', () => {
  test('its number, its words and its direction agree', () => {
    for (const [, kind, scenario] of cases.filter(([, k]) => k === 'stronger' || k === 'weaker' || k === 'same')) {
      const c = scenario(new Narrator(exhibit)).filter((x): x is Caption => x !== null).at(-1)!;
      const { percent, direction } = c.strength!;
      expect(direction).toBe(kind);
      if (kind === 'same') expect(c.text).toContain('about as strong as at the start');
      else expect(c.text).toContain(`${Math.abs(percent)}% ${kind} than at the start`);
      expect(Math.sign(percent)).toBe(kind === 'stronger' ? 1 : kind === 'weaker' ? -1 : Math.sign(percent));
      expect(c.plain).toMatch(kind === 'same' ? /about where it started/ : new RegExp(`\\b${kind}\\b`));
    }
  });

  test('a potentiation that came and faded is not the reason a synapse is weaker', () => {
    const [c] = acMoves(syn(0.4, { 'pre-before-post': 0.3, 'early-decay': -0.28, scaling: -0.12 }))(new Narrator(exhibit)).filter((x): x is Caption => x !== null);
    expect(c!.cause).toBe('scaling');
  });

  test('no cause the ledger did not book in that direction is named', () => {
    // Pairing booked nothing, so "fired just before" is never said; nothing booked downward: nothing said.
    const told = acMoves(syn(0.4, { 'pre-before-post': 0.01 }))(new Narrator(exhibit)).filter((x): x is Caption => x !== null);
    expect(told).toEqual([]);
  });
});

describe('captions put the visitor first', () => {
  test('the injury press is told once, from the model\'s cut, never as pruning', () => {
    const n = new Narrator(exhibit);
    const told = [n.onInjury(['A->C'], 10), n.onModelEvent({ kind: 'cut', tMs: 11, synapse: 'A->C', contacts: 3 })].filter(Boolean);
    expect(told.map((c) => c!.kind)).toEqual(['cut']);
  });

  test('while the visitor hammers Touch, a change of the Light synapse waits until they pause', () => {
    const n = new Narrator(exhibit);
    n.onSample(view(0, { 'A->C': syn(0.5), 'B->C': syn(0.5) }));
    expect(n.onPress('A', 1000)?.kind).toBe('press');
    expect(n.onPress('A', 1200)).toBeNull();
    const busy = n.onSample(view(3000, { 'A->C': syn(0.7, { 'pre-before-post': 0.2 }), 'B->C': syn(0.4, { scaling: -0.1 }) }));
    expect(busy.map((c) => c.text)).toEqual([expect.stringContaining('The Touch → Move synapse is now 40% stronger')]);
    const later = n.onSample(view(1200 + FOCUS_MS, { 'A->C': syn(0.7, { 'pre-before-post': 0.2 }), 'B->C': syn(0.4, { scaling: -0.1 }) }));
    expect(later.map((c) => [c.subject, c.kind, c.cause])).toEqual([['B->C', 'weaker', 'scaling']]);
  });

  test('a step is told once; moving back is told with its direction', () => {
    const n = new Narrator(exhibit);
    n.onSample(view(0, { 'A->C': syn(0.5) }));
    expect(n.onSample(view(2000, { 'A->C': syn(0.52, { 'pre-before-post': 0.02 }) }))).toEqual([]);
    expect(n.onSample(view(4000, { 'A->C': syn(0.7, { 'pre-before-post': 0.2 }) }))).toHaveLength(1);
    // Within the quiet period a further step waits.
    expect(n.onSample(view(5000, { 'A->C': syn(0.8, { 'pre-before-post': 0.3 }) }))).toEqual([]);
    expect(n.onSample(view(6000, { 'A->C': syn(0.71, { 'pre-before-post': 0.3, 'early-decay': -0.09 }) }))).toEqual([]);
    const [back] = n.onSample(view(8000, { 'A->C': syn(0.51, { 'pre-before-post': 0.3, 'early-decay': -0.29 }) }));
    expect(back!.text).toContain('about as strong as at the start, and falling');
  });

  test('a change carried by contacts is left to the contact events', () => {
    const n = new Narrator(exhibit);
    n.onSample(view(0, { 'A->C': syn(0.5) }));
    expect(n.onModelEvent({ kind: 'contacts', tMs: 1000, synapse: 'A->C', contacts: 4, cause: 'growth' })?.kind).toBe('contact-gained');
    expect(n.onSample(view(2000, { 'A->C': syn(0.667, { growth: 0.167 }, { contacts: 4 }) }))).toEqual([]);
  });

  test('after a reset the way back to the start is not told as weakening or pruning, and what was cut exists again', () => {
    const n = new Narrator(exhibit);
    n.onSample(view(0, { 'A->C': syn(0.5) }));
    n.onModelEvent({ kind: 'cut', tMs: 10, synapse: 'A->C', contacts: 3 });
    n.onSample(view(2000, { 'A->C': syn(0.8, { 'pre-before-post': 0.3 }) }));
    expect(n.onReset('idle', 3000).plain).toBe('The exhibit is back at its start, ready for you.');
    expect(n.onSample(view(3200, { 'A->C': syn(0.5) }))).toEqual([]);
    expect(n.onSample(view(6000, { 'A->C': syn(0.5) }))).toEqual([]);
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
