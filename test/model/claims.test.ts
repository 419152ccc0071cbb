import { describe, expect, it } from 'vitest';
import { amplitudes, at, change, final, pair, run } from '../helpers/simulate.js';

/** One test per claim of SCIENCE.md "Claims the kit teaches", in the claim's own words. */

const MONTH = 300_000; // compression: a month of slow change in ~9 s of fast time
const FOUR_MONTHS_S = 36;

describe('1. Often-used synapses and chains grow stronger; rarely used ones grow weaker', () => {
  const network = {
    neurons: [{ id: 'A' }, { id: 'B' }, { id: 'C' }, { id: 'R' }, { id: 'T' }],
    synapses: [
      { from: 'A', to: 'B', contacts: 3 },
      { from: 'B', to: 'C', contacts: 3 },
      { from: 'R', to: 'T' },
    ],
  };
  // A is used often (bursts at 50 Hz every 5 s); R rarely (one action potential a second).
  const bursts = Array.from({ length: 20 }, (_, i) => ({ at: `${2 + i * 5}s`, train: 'A', hz: 50, count: 10 }));
  const result = run({
    network,
    events: [{ at: 0, spike: 'A' }, { at: 0, spike: 'R' }, ...bursts, { at: '1s', train: 'R', hz: 1, count: 600 }, { at: '10.5min', spike: 'A' }, { at: '10.5min', spike: 'R' }],
    until: '11min',
    record: { responses: ['A->B', 'B->C', 'R->T'] },
  });
  const firstAndLast = (id: string): [number, number] => {
    const amps = amplitudes(result, id);
    return [amps[0]!, amps.at(-1)!];
  };

  it('an often-used chain A→B→C grows stronger: each action potential then causes a larger response', () => {
    for (const id of ['A->B', 'B->C']) {
      const [before, after] = firstAndLast(id);
      expect(after, id).toBeGreaterThan(before * 1.1);
      expect(change(result, id), id).toBeGreaterThan(0);
    }
  });

  it('a rarely used synapse grows weaker (depression)', () => {
    const [before, after] = firstAndLast('R->T');
    expect(after).toBeLessThan(before);
    expect(change(result, 'R->T')).toBeLessThan(0);
  });
});

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
    expect(s.receptors).toBeCloseTo(1, 6);
    const amps = amplitudes(r, 'A->B');
    expect(ppr(amps, amps.length - 2)).toBeLessThan(ppr(amps, 0) - 0.05);
  });

  it('postsynaptic expression: LTP adds receptors, leaves release and the paired-pulse ratio unchanged', () => {
    const r = tetanusThenPairedPulses(0);
    const s = final(r, 'A->B');
    expect(s.receptors).toBeGreaterThan(1.2);
    expect(s.release).toBeCloseTo(0.1, 6);
    const amps = amplitudes(r, 'A->B');
    expect(Math.abs(ppr(amps, amps.length - 2) / ppr(amps, 0) - 1)).toBeLessThan(0.01);
  });

  it('homeostatic scaling is postsynaptic: receptors change, release does not', () => {
    const r = run({ network: pair(), compression: 8640, events: [{ at: 0, drive: 'B', hz: 30, for: '10s' }], until: '10s', record: { responses: false } });
    const s = final(r, 'A->B');
    expect(s.receptors).toBeLessThan(0.6);
    expect(s.release).toBeCloseTo(0.5, 6);
  });
});

describe('3. Structural plasticity', () => {
  // Four months of slow time: a silent neuron is judged unused after weeks and lost after months.
  const months = (seed: number) =>
    run({
      network: {
        neurons: [{ id: 'A' }, { id: 'B' }, { id: 'C' }, { id: 'D' }, { id: 'E' }],
        synapses: [{ from: 'A', to: 'C', contacts: 2 }, { from: 'B', to: 'C', contacts: 2 }],
        candidates: [['A', 'D'], ['C', 'E']],
      },
      compression: MONTH,
      events: [
        { at: 0, pair: { pre: 'A', post: 'C', dt: '5ms' }, hz: 5, count: 5 * FOUR_MONTHS_S },
        { at: '8ms', train: 'D', hz: 5, count: 5 * FOUR_MONTHS_S },
        { at: '100ms', drive: 'E', hz: 5, for: `${FOUR_MONTHS_S}s` },
      ],
      until: `${FOUR_MONTHS_S}s`,
      record: { every: '1s', responses: false },
    }, seed);

  for (const seed of [1, 2, 3]) {
    const r = months(seed);
    const last = r.samples.at(-1)!;
    it(`the number of contacts grows when two neurons fire together (seed ${seed})`, () => {
      expect(final(r, 'A->C').contacts).toBeGreaterThan(2);
    });
    it(`and shrinks when they are inactive, until the synapse is pruned (seed ${seed})`, () => {
      const contacts = r.samples.map((s) => s.synapses['B->C']!.contacts);
      expect(contacts.at(-1)).toBeLessThan(2);
      expect(final(r, 'B->C').exists).toBe(false);
    });
    it(`neurons that fire together form a new connection; a pair that does not, does not (seed ${seed})`, () => {
      expect(last.synapses['A->D']?.exists).toBe(true);
      expect(r.samples[0]!.synapses['A->D']).toBeUndefined();
      expect(last.synapses['C->E']).toBeUndefined();
    });
    it(`a neuron that hardly fires for a long time is lost, active ones are not (seed ${seed})`, () => {
      expect(last.neurons.B!.alive).toBe(false);
      for (const id of ['A', 'C', 'D', 'E']) expect(last.neurons[id]!.alive, id).toBe(true);
    });
  }
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
      network: { neurons: [{ id: 'A' }, { id: 'B' }, { id: 'C' }, { id: 'D' }], synapses: [{ from: 'A', to: 'B' }, { from: 'C', to: 'D' }] },
      events: [
        ...[0, 10, 20].map((m) => ({ at: `${m}min`, train: 'A', hz: 100, count: 100 })),
        { at: '20min', train: 'C', hz: 100, count: 21 },
        { at: '6h', set: { compression: MONTH } },
        ...['A', 'B', 'C', 'D'].map((id) => ({ at: '6h', drive: id, hz: 0.5, for: '9s' })),
      ],
      until: '21609s',
      record: { every: '1h', responses: false },
    });
    const strong = at(r, 3 * 3600, 'A->B');
    const weak = at(r, 3 * 3600, 'C->D');
    expect(strong.late).toBeGreaterThan(0.5);
    expect(weak.early + weak.late).toBeLessThan(0.05);
    expect(strong.contacts).toBe(1);
    const afterMonth = final(r, 'A->B');
    expect(afterMonth.late).toBeGreaterThan(0.9 * strong.late);
  });
});

describe('5. Plasticity is highest during development, present throughout life, and transiently increases after injury', () => {
  const tetanus = (stage: string | number, extra: unknown[] = []) =>
    change(run({ network: pair(), stage, events: [...extra, { at: '1s', train: 'A', hz: 100, count: 21 }], until: '2s', record: { responses: false } }), 'A->B');

  it('a juvenile synapse changes 5–10× more than an adult one; an adult one still changes', () => {
    const adult = tetanus('adult');
    expect(adult).toBeGreaterThan(0.05);
    expect(tetanus('juvenile') / adult).toBeGreaterThan(5);
  });

  it('juvenile structural turnover is faster than adult', () => {
    const turnover = (stage: string) => {
      const r = run({
        network: { neurons: [{ id: 'A' }, { id: 'B' }], synapses: [{ from: 'A', to: 'B', contacts: 2 }] },
        stage, compression: MONTH,
        events: [{ at: 0, pair: { pre: 'A', post: 'B', dt: '5ms' }, hz: 5, count: 5 }],
        until: '1s', record: { responses: false },
      });
      return final(r, 'A->B').contacts;
    };
    expect(turnover('juvenile')).toBeGreaterThan(turnover('adult'));
  });

  it('plasticity rises for weeks after an injury and returns close to normal months later', () => {
    const background = ['A', 'B'].map((id) => ({ at: 0, drive: id, hz: 0.5, for: '40s' }));
    const after = (seconds: number) => [
      ...background,
      { at: 0, set: { injury: true, compression: MONTH } },
      { at: `${seconds}s`, set: { compression: 1 } },
    ];
    const baseline = tetanus('adult');
    // 4 s ≈ 2 weeks, 35 s ≈ 4 months of slow time.
    const twoWeeks = change(run({ network: pair(), events: [...after(4), { at: '5s', train: 'A', hz: 100, count: 21 }], until: '6s', record: { responses: false } }), 'A->B');
    const fourMonths = change(run({ network: pair(), events: [...after(35), { at: '36s', train: 'A', hz: 100, count: 21 }], until: '37s', record: { responses: false } }), 'A->B');
    expect(twoWeeks).toBeGreaterThan(2 * baseline);
    expect(Math.abs(fourMonths / baseline - 1)).toBeLessThan(0.35);
  });
});

describe('6. Paired-pulse facilitation and tolerance', () => {
  it('a second action potential soon after the first releases more transmitter (residual calcium)', () => {
    const r = run({ network: pair({ stp: 'facilitating' }), events: [{ at: 0, spike: 'A' }, { at: '30ms', spike: 'A' }], until: '50ms' });
    const [first, second] = amplitudes(r, 'A->B');
    expect(second! / first!).toBeGreaterThan(1.5);
  });

  it('sustained abnormal stimulation makes the target down-regulate its receptors; removing it leaves a temporary undershoot', () => {
    // Compression 8640: 10 s of fast time are a day of slow change.
    // A keeps firing at a low background rate; its synapse has no short-term dynamics, so each
    // response shows the synapse's efficacy at that moment.
    const r = run({
      network: pair(),
      compression: 8640,
      events: [{ at: 0, drive: 'A', hz: 1, for: '46s' }, { at: '1s', drive: 'B', hz: 30, for: '10s' }],
      until: '46s',
      record: { every: '1s', responses: ['A->B'] },
    });
    const responseAt = (t: number) => r.responses.filter((x) => x.t <= t).at(-1)!.amplitude;
    const [before, withdrawal, recovered] = [responseAt(1), responseAt(13), responseAt(46)];
    expect(at(r, 11, 'A->B').receptors).toBeLessThan(0.5);
    expect(withdrawal!).toBeLessThan(0.6 * before!);
    expect(recovered!).toBeGreaterThan(0.9 * before!);
    expect(recovered!).toBeLessThanOrEqual(before! * 1.0001);
  });
});
