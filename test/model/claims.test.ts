import { describe, expect, it } from 'vitest';
import { amplitudes, at, change, final, pair, run } from '../helpers/simulate.js';

/** One test per claim the kit teaches, in the claim's own words, through the `simulate` code path. */

const MONTH = 300_000; // compression: a month of slow change in ~9 s of fast time
const DAY_AT_MONTH = 86_400 / MONTH; // fast seconds per slow day at that compression
/** A pathway: enough contacts to fire the target (see reference.test.ts). */
const PATHWAY = { contacts: 10 };

describe('1. Often-used synapses and chains grow stronger; rarely used ones grow weaker', () => {
  it('an often-used chain A→B→C grows stronger: each action potential then causes a larger response', () => {
    const network = {
      neurons: [{ id: 'A' }, { id: 'B' }, { id: 'C' }],
      synapses: [{ from: 'A', to: 'B', ...PATHWAY }, { from: 'B', to: 'C', ...PATHWAY }],
    };
    // A is used often: bursts at 50 Hz every 5 s, and each burst runs down the chain.
    const bursts = Array.from({ length: 20 }, (_, i) => ({ at: `${2 + i * 5}s`, train: 'A', hz: 50, count: 10 }));
    const r = run({ network, events: [{ at: 0, spike: 'A' }, ...bursts, { at: '10.5min', spike: 'A' }], until: '11min', record: { responses: ['A->B', 'B->C'] } });
    // Both links are stronger; the first, whose target each burst fires, by more than a tenth (the
    // second link's target fires only now and then, so it changes less).
    for (const id of ['A->B', 'B->C']) {
      const amps = amplitudes(r, id);
      expect(amps.at(-1)!, id).toBeGreaterThan(amps[0]!);
      expect(change(r, id), id).toBeGreaterThan(0);
    }
    const first = amplitudes(r, 'A->B');
    expect(first.at(-1)!).toBeGreaterThan(first[0]! * 1.1);
  });

  it('a synapse used out of step with its target (arriving just after the target fired) grows weaker', () => {
    const r = run({ network: pair(), events: [{ at: '1s', pair: { pre: 'A', post: 'B', dt: '-10ms' }, hz: 1, count: 100 }], until: '102s', record: { responses: ['A->B'] } });
    const amps = amplitudes(r, 'A->B');
    expect(amps.at(-1)!).toBeLessThan(amps[0]! * 0.95);
  });

  it('an input that takes no part while its target is kept busy by another loses its contacts (competition)', () => {
    const r = competition();
    expect(final(r, 'B->C').contacts).toBeLessThan(2);
    expect(final(r, 'A->C').contacts).toBeGreaterThanOrEqual(2);
  });
});

/**
 * C has two inputs of two contacts, and a set point of 5 Hz. For 20 slow days A fires C at twice C's
 * set point (A is used, B is silent); then for 20 days A fires C at 2 Hz, below its set point.
 */
function competition(seed = 1, stage = 'juvenile') {
  const days = (d: number) => `${d * DAY_AT_MONTH}s`;
  return run({
    network: {
      neurons: [{ id: 'A' }, { id: 'B' }, { id: 'C', targetHz: 5 }],
      synapses: [{ from: 'A', to: 'C', contacts: 2, receptors: 1 }, { from: 'B', to: 'C', contacts: 2, receptors: 1 }],
    },
    stage,
    compression: MONTH,
    events: [
      { at: 0, train: 'A', hz: 10, count: Math.round(10 * 20 * DAY_AT_MONTH) },
      { at: days(20), train: 'A', hz: 2, count: Math.round(2 * 20 * DAY_AT_MONTH) },
    ],
    until: days(40),
    record: { every: days(1), responses: false },
  }, seed);
}

describe('2. Presynaptic (more transmitter released) and postsynaptic (more receptors) mechanisms, visible apart', () => {
  // Paired pulses, then pre-before-post pairings (LTP), then paired pulses again.
  const tetanusThenPairedPulses = (expression: number) =>
    run({
      network: pair({ stp: 'facilitating', expression }),
      events: [
        { at: 0, spike: 'A' }, { at: '50ms', spike: 'A' },
        { at: '2s', pair: { pre: 'A', post: 'B', dt: '5ms' }, hz: 5, count: 60 },
        { at: '20s', spike: 'A' }, { at: '20.05s', spike: 'A' },
      ],
      until: '21s',
    });
  const ppr = (amps: number[], i: number) => amps[i + 1]! / amps[i]!;

  it('presynaptic expression: LTP raises release probability, not receptors, and lowers the paired-pulse ratio', () => {
    const r = tetanusThenPairedPulses(1);
    const s = final(r, 'A->B');
    expect(s.release).toBeGreaterThan(0.1 * 1.2);
    expect(s.receptors).toBeCloseTo(0.15, 4);
    const amps = amplitudes(r, 'A->B');
    expect(ppr(amps, amps.length - 2)).toBeLessThan(ppr(amps, 0) - 0.05);
  });

  it('postsynaptic expression: LTP adds receptors, leaves release and the paired-pulse ratio unchanged', () => {
    const r = tetanusThenPairedPulses(0);
    const s = final(r, 'A->B');
    expect(s.receptors).toBeGreaterThan(0.15 * 1.2);
    expect(s.release).toBeCloseTo(0.1, 6);
    const amps = amplitudes(r, 'A->B');
    expect(Math.abs(ppr(amps, amps.length - 2) / ppr(amps, 0) - 1)).toBeLessThan(0.01);
  });

  it('homeostatic scaling is postsynaptic: receptors change, release does not', () => {
    const r = run({ network: { ...pair(), neurons: [{ id: 'A' }, { id: 'B', targetHz: 5 }] }, compression: 8640, events: [{ at: 0, drive: 'B', hz: 30, for: '10s' }], until: '10s', record: { responses: false } });
    const s = final(r, 'A->B');
    // A day at six times its set point: receptors down by about a fifth, as a day of bicuculline moves
    // mEPSCs (−30% at 48 h, Turrigiano et al. 1998); no faster, however hard the cell is driven.
    const before = r.samples[0]!.synapses['A->B']!.receptors;
    expect(s.receptors / before).toBeLessThan(0.85);
    expect(s.receptors / before).toBeGreaterThan(0.65);
    expect(s.release).toBeCloseTo(0.5, 6);
  });
});

describe('3. Structural plasticity', () => {
  for (const seed of [1, 2, 3]) {
    const r = competition(seed);
    const contactsOf = (id: string) => r.samples.map((s) => s.synapses[id]!.contacts);
    it(`contacts shrink on an input that is inactive while its target is busy, until the synapse is pruned (seed ${seed})`, () => {
      expect(Math.min(...contactsOf('B->C'))).toBe(0);
      expect(final(r, 'B->C').exists).toBe(false);
    });
    it(`and grow on the input that fires together with its target once the target is below its set point (seed ${seed})`, () => {
      const a = contactsOf('A->C');
      expect(a.at(-1)!).toBeGreaterThan(a[20]!);
      expect(a.at(-1)!).toBeGreaterThan(2);
    });
  }

  it('neurons that fire together form a new connection; a pair that fires independently does not', () => {
    for (const seed of [1, 2, 3]) {
      const r = run({
        network: { neurons: [{ id: 'A' }, { id: 'D' }, { id: 'C' }, { id: 'E' }], synapses: [], candidates: [['A', 'D'], ['C', 'E']] },
        stage: 'juvenile',
        compression: MONTH,
        events: [
          { at: 0, pair: { pre: 'A', post: 'D', dt: '8ms' }, hz: 5, count: 5 * 20 },
          { at: 0, drive: 'C', hz: 5, for: '20s' },
          { at: 0, drive: 'E', hz: 5, for: '20s' },
        ],
        until: '20s',
        record: { responses: false },
      }, seed);
      const last = r.samples.at(-1)!;
      expect(last.synapses['A->D']?.exists, `seed ${seed}`).toBe(true);
      expect(r.samples[0]!.synapses['A->D']).toBeUndefined();
      expect(last.synapses['C->E'], `seed ${seed}`).toBeUndefined();
    }
  });

  it('a neuron that hardly fires for a long time during development is lost; active ones, and quiet adult ones, are kept', () => {
    const month = (stage: string) =>
      run({
        network: { neurons: [{ id: 'A' }, { id: 'Q' }, { id: 'S' }], synapses: [{ from: 'A', to: 'Q' }] },
        stage,
        compression: MONTH,
        events: [{ at: 0, drive: 'A', hz: 2, for: '9s' }],
        until: '9s',
        record: { responses: false },
      }).samples.at(-1)!.neurons;
    const young = month('juvenile');
    expect(young.Q!.alive).toBe(false);
    expect(young.S!.alive).toBe(false);
    expect(young.A!.alive).toBe(true);
    const adult = month('adult');
    for (const id of ['A', 'Q', 'S']) expect(adult[id]!.alive, id).toBe(true);
  });
});

describe('4. Time scales: short-term changes last seconds to minutes; long-term ones months and more', () => {
  it('short-term facilitation and depression are gone within seconds', () => {
    for (const stp of ['facilitating', 'depressing']) {
      const r = run({ network: pair({ stp }), events: [{ at: 0, train: 'A', hz: 20, count: 10 }, { at: '10s', spike: 'A' }], until: '11s' });
      const amps = amplitudes(r, 'A->B');
      expect(Math.abs(amps.at(-1)! / amps[0]! - 1), stp).toBeLessThan(0.02);
    }
  });

  it('a consolidated change lasts months, while early changes fade in hours; contacts change only over days', () => {
    const r = run({
      network: { neurons: [{ id: 'A' }, { id: 'B' }, { id: 'C' }, { id: 'D' }], synapses: [{ from: 'A', to: 'B', ...PATHWAY }, { from: 'C', to: 'D', ...PATHWAY }] },
      events: [
        ...[0, 10, 20].map((m) => ({ at: `${m}min`, train: 'A', hz: 100, count: 100 })),
        { at: '20min', train: 'C', hz: 100, count: 21 },
        { at: '6h', set: { compression: MONTH } },
      ],
      until: '21609s',
      record: { every: '1h', responses: false },
    });
    const strong = at(r, 3 * 3600, 'A->B');
    const weak = at(r, 3 * 3600, 'C->D');
    expect(strong.late).toBeGreaterThan(0.5);
    expect(weak.early + weak.late).toBeLessThan(0.05);
    expect(strong.contacts).toBe(10);
    expect(final(r, 'A->B').late).toBeGreaterThan(0.9 * strong.late);
  });
});

describe('5. Plasticity is highest during development, present throughout life, and transiently increases after injury', () => {
  const pairings = (stage: string | number, extra: unknown[] = [], startS = 1) =>
    change(run({ network: pair(), stage, events: [...extra, { at: `${startS}s`, pair: { pre: 'A', post: 'B', dt: '10ms' }, hz: 1, count: 10 }], until: `${startS + 11}s`, record: { responses: false } }), 'A->B');

  it('a juvenile synapse changes 5–10× more than an adult one; an adult one still changes', () => {
    const adult = pairings('adult');
    expect(adult).toBeGreaterThan(0.01);
    expect(pairings('juvenile') / adult).toBeGreaterThan(5);
    expect(pairings('juvenile') / adult).toBeLessThan(10.5);
  });

  it('juvenile structural turnover is faster than adult', () => {
    // The first 20 days of the competition above: the unused input loses contacts faster when young.
    const unusedContacts = (stage: string) =>
      at(competition(1, stage), 20 * DAY_AT_MONTH, 'B->C').contacts;
    expect(unusedContacts('juvenile')).toBeLessThan(unusedContacts('adult'));
  });

  it('plasticity rises for weeks after an injury and returns close to normal months later', () => {
    // The same weeks or months pass with and without an injury; then the same pairings.
    const after = (seconds: number, injury: boolean) => [
      { at: 0, set: { injury, compression: MONTH } },
      { at: `${seconds}s`, set: { compression: 1 } },
    ];
    // 4 s ≈ 2 weeks, 35 s ≈ 4 months of slow time.
    const twoWeeks = pairings('adult', after(4, true), 5) / pairings('adult', after(4, false), 5);
    const fourMonths = pairings('adult', after(35, true), 36) / pairings('adult', after(35, false), 36);
    expect(twoWeeks).toBeGreaterThan(2);
    expect(Math.abs(fourMonths - 1)).toBeLessThan(0.35);
  });

  it('after a lesion the deprived cell grows contacts on the inputs it has left (rewiring)', () => {
    const r = run({
      network: {
        neurons: [{ id: 'A', spontaneousHz: 2 }, { id: 'B', spontaneousHz: 2 }, { id: 'D', spontaneousHz: 2 }, { id: 'C', targetHz: 0.5 }],
        synapses: [{ from: 'A', to: 'C', contacts: 4 }, { from: 'B', to: 'C', contacts: 2 }, { from: 'D', to: 'C', contacts: 2 }],
      },
      compression: 86_400,
      events: [{ at: '1s', lesion: 'A' }],
      until: '60s',
      record: { responses: false },
    });
    const last = r.samples.at(-1)!;
    expect(last.neurons.A!.alive).toBe(false);
    expect(last.synapses['A->C']!.exists).toBe(false);
    expect(last.synapses['B->C']!.contacts + last.synapses['D->C']!.contacts).toBeGreaterThan(4);
  });
});

describe('6. Paired-pulse facilitation and tolerance', () => {
  it('a second action potential soon after the first releases more transmitter (residual calcium)', () => {
    const r = run({ network: pair({ stp: 'facilitating' }), events: [{ at: 0, spike: 'A' }, { at: '30ms', spike: 'A' }], until: '50ms' });
    const [first, second] = amplitudes(r, 'A->B');
    expect(second! / first!).toBeGreaterThan(1.5);
  });

  it('sustained abnormal stimulation makes the target down-regulate its receptors; removing it leaves a temporary undershoot', () => {
    // Compression 8640: 10 s of fast time are a day of slow change. B's set point is 5 Hz. A keeps
    // firing at a low background rate; its synapse has no short-term dynamics, so each response shows
    // the synapse's efficacy.
    const r = run({
      network: { ...pair(), neurons: [{ id: 'A' }, { id: 'B', targetHz: 5 }] },
      compression: 8640,
      events: [{ at: 0, drive: 'A', hz: 1, for: '200s' }, { at: '1s', drive: 'B', hz: 30, for: '10s' }],
      until: '200s',
      record: { every: '1s', responses: ['A->B'] },
    });
    const responseAt = (t: number) => r.responses.filter((x) => x.t <= t).at(-1)!.amplitude;
    const [before, withdrawal, recovered] = [responseAt(1), responseAt(13), responseAt(200)];
    // A day of overdrive turns the receptors down by about a fifth (Turrigiano et al. 1998: −30% at 48 h of
    // bicuculline); right after, the same input does that much less (withdrawal); weeks later it is back.
    expect(at(r, 11, 'A->B').receptors / at(r, 1, 'A->B').receptors).toBeLessThan(0.85);
    expect(withdrawal).toBeLessThan(0.85 * before);
    expect(withdrawal).toBeGreaterThan(0.6 * before);
    expect(recovered).toBeGreaterThan(0.9 * before);
  });
});
