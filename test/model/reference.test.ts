import { describe, expect, it } from 'vitest';
import { amplitudes, at, change, pair, run } from '../helpers/simulate.js';

/** Reference protocols of SCIENCE.md, through the same code path as `neuron-kit simulate`. */

const within = (actual: number, expected: number, tolerance: number) =>
  expect(Math.abs(actual / expected - 1), `${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);

function pairedPulseRatio(stp: string, gapMs: number): number {
  const r = run({ network: pair({ stp }), events: [{ at: 0, spike: 'A' }, { at: `${gapMs}ms`, spike: 'A' }], until: `${gapMs + 10}ms` });
  const [first, second] = amplitudes(r, 'A->B');
  return second! / first!;
}

describe('T1: paired pulses at a facilitating synapse', () => {
  const expected: Array<[number, number]> = [[20, 1.73], [50, 1.74], [100, 1.75], [200, 1.71], [500, 1.55], [1000, 1.33], [2000, 1.12]];
  for (const [gapMs, ppr] of expected) {
    it(`paired-pulse ratio at ${gapMs} ms is ${ppr} ± 5%`, () => within(pairedPulseRatio('facilitating', gapMs), ppr, 0.05));
  }
});

describe('T3: a depressing synapse', () => {
  const expected: Array<[number, number]> = [[20, 0.51], [100, 0.56], [500, 0.73], [2000, 0.96]];
  for (const [gapMs, ppr] of expected) {
    it(`paired-pulse ratio at ${gapMs} ms is ${ppr} ± 5%`, () => within(pairedPulseRatio('depressing', gapMs), ppr, 0.05));
  }

  const train = (probeAfterMs: number) =>
    run({ network: pair({ stp: 'depressing' }), events: [{ at: 0, train: 'A', hz: 20, count: 20 }, { at: `${950 + probeAfterMs}ms`, spike: 'A' }], until: '4s' });

  it('a 20 Hz train settles near 0.12× the first response', () => {
    const amps = amplitudes(train(1000), 'A->B');
    within(amps[19]! / amps[0]!, 0.12, 0.1);
  });

  for (const [afterMs, recovered] of [[1000, 0.71], [2000, 0.92]] as const) {
    it(`~${recovered * 100}% recovered ${afterMs / 1000} s after the train`, () => {
      const amps = amplitudes(train(afterMs), 'A->B');
      const [first, last, probe] = [amps[0]!, amps[19]!, amps[20]!];
      within((probe - last) / (first - last), recovered, 0.05);
    });
  }
});

describe('T6: 60 pre/post pairs at 1 Hz', () => {
  const window = new Map<number, number>();
  for (const dt of [5, 10, 20, 40, 100]) {
    for (const sign of [1, -1]) {
      const r = run({ network: pair(), events: [{ at: '1s', pair: { pre: 'A', post: 'B', dt: `${sign * dt}ms` }, hz: 1, count: 60 }], until: '62s', record: { responses: false } });
      window.set(sign * dt, change(r, 'A->B'));
    }
  }
  const peak = Math.max(...[...window.values()].map(Math.abs));

  it('pre-before-post potentiates', () => {
    for (const dt of [5, 10, 20, 40]) expect(window.get(dt)).toBeGreaterThan(0);
  });
  it('post-before-pre depresses', () => {
    for (const dt of [5, 10, 20, 40]) expect(window.get(-dt)).toBeLessThan(0);
  });
  it('magnitude falls with |Δt|', () => {
    for (const sign of [1, -1]) {
      const mags = [5, 10, 20, 40, 100].map((dt) => Math.abs(window.get(sign * dt)!));
      for (let i = 1; i < mags.length; i++) expect(mags[i]).toBeLessThan(mags[i - 1]!);
    }
  });
  it('< 2% of peak at ±100 ms', () => {
    expect(Math.abs(window.get(100)!)).toBeLessThan(0.02 * peak);
    expect(Math.abs(window.get(-100)!)).toBeLessThan(0.02 * peak);
  });
});

describe('T9: presynaptic stimulation rate', () => {
  const stimulate = (count: number, hz: number) =>
    change(run({ network: pair(), events: [{ at: '1s', train: 'A', hz, count }], until: `${count / hz + 2}s`, record: { responses: false } }), 'A->B');
  const ltd = stimulate(900, 1);
  const ltp = stimulate(100, 100);
  const ten = stimulate(900, 10);

  it('900 pulses at 1 Hz give LTD', () => expect(ltd).toBeLessThan(0));
  it('100 pulses at 100 Hz give LTP', () => expect(ltp).toBeGreaterThan(0));
  it('900 pulses at 10 Hz give about zero', () => {
    expect(Math.abs(ten)).toBeLessThan(0.1 * Math.abs(ltd));
    expect(Math.abs(ten)).toBeLessThan(0.01 * ltp);
  });
});

describe('T10: weak vs strong tetanus, watched for 5 h', () => {
  const watch = (events: unknown[]) => run({ network: pair(), events, until: '5h', record: { every: '10min', responses: false } });
  const total = (s: { early: number; late: number }) => s.early + s.late;
  const peakOf = (r: ReturnType<typeof watch>) => Math.max(...r.samples.map((s) => total(s.synapses['A->B']!)));

  it('weak (21 pulses at 100 Hz): ≤ 15% of its peak change left at 3 h', () => {
    const r = watch([{ at: 0, train: 'A', hz: 100, count: 21 }]);
    const peak = peakOf(r);
    expect(peak).toBeGreaterThan(0);
    expect(total(at(r, 3 * 3600, 'A->B'))).toBeLessThanOrEqual(0.15 * peak);
  });

  it('strong (3 × 100 pulses at 100 Hz, 10 min apart): ≥ 80% left at 5 h', () => {
    const r = watch([0, 10, 20].map((m) => ({ at: `${m}min`, train: 'A', hz: 100, count: 100 })));
    const peak = peakOf(r);
    expect(peak).toBeGreaterThan(0);
    expect(total(at(r, 5 * 3600, 'A->B'))).toBeGreaterThanOrEqual(0.8 * peak);
  });
});
