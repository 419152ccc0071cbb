import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readExhibit } from '../../src/exhibit/index.js';
import { ExhibitModel } from '../../src/runtime/exhibit-model.js';
import { final, run } from '../helpers/simulate.js';

/** Slow outcomes do not depend on the time-lapse, and an exhibit left alone stays as it is. */

const within = (actual: number, expected: number, tolerance: number) =>
  expect(Math.abs(actual / expected - 1), `${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);

describe('T20: the same slow protocol at K = 8640 and K = 3·10^5', () => {
  const DAY_S = 86_400;
  /** A juvenile pair, B silenced for 30 slow days while A fires at 2 Hz. */
  const silencedJuvenile = (k: number) => {
    const untilS = (30 * DAY_S) / k;
    return run({
      network: { neurons: [{ id: 'A' }, { id: 'B' }, { id: 'C', targetHz: 5 }], synapses: [{ from: 'A', to: 'B' }, { from: 'A', to: 'C', contacts: 10 }] },
      stage: 'juvenile',
      compression: k,
      events: [{ at: 0, silence: 'B', for: `${untilS}s` }, { at: 0, drive: 'A', hz: 2, for: `${untilS}s` }],
      until: `${untilS}s`,
      record: { every: `${untilS / 300}s`, responses: false },
    });
  };
  const dayLost = (r: ReturnType<typeof run>) => r.samples.find((s) => !s.neurons.B!.alive)!.slowT / DAY_S;

  it('a silenced juvenile neuron is lost on the same day', () => {
    within(dayLost(silencedJuvenile(3e5)), dayLost(silencedJuvenile(8640)), 0.3);
  });

  it('an untouched synapse onto it is pruned with it on the same day; one onto a living cell stays', () => {
    for (const k of [8640, 3e5]) {
      const r = silencedJuvenile(k);
      expect(final(r, 'A->B').exists).toBe(false);
      expect(final(r, 'A->C').exists).toBe(true);
    }
  });

  it('48 h of silence scale receptors up by the same amount', () => {
    const scaled = (k: number) =>
      final(run({ network: { neurons: [{ id: 'A' }, { id: 'B', targetHz: 5 }], synapses: [{ from: 'A', to: 'B' }] }, compression: k, events: [{ at: 0, block: 'spikes', for: `${(2 * DAY_S) / k}s` }], until: `${(2 * DAY_S) / k}s`, record: { responses: false } }), 'A->B').receptors;
    within(scaled(3e5), scaled(8640), 0.3);
  });

  it('changing K mid-run finishes the pending slow step at the old K: early LTP is not wiped', () => {
    const early = (switchK: boolean) =>
      final(run({
        network: { neurons: [{ id: 'A' }, { id: 'B' }], synapses: [{ from: 'A', to: 'B' }] },
        events: [{ at: '1s', pair: { pre: 'A', post: 'B', dt: '10ms' }, hz: 5, count: 20 }, ...(switchK ? [{ at: '5.9s', set: { compression: 3e5 } }] : [])],
        until: '5.901s',
        record: { responses: false },
      }), 'A->B').early;
    expect(early(true)).toBeGreaterThan(0.9 * early(false));
  });
});

describe('T19: every bundled exhibit left alone for a simulated month at its own time-lapse', () => {
  const names = ['default', 'fire-together-wire-together', 'short-and-long-term', 'use-it-or-lose-it'];
  for (const name of names) {
    it(`${name}: every neuron alive, every synapse within ±25% of its starting efficacy`, () => {
      const exhibit = readExhibit(JSON.parse(readFileSync(new URL(`../../exhibits/${name}.json`, import.meta.url), 'utf8')));
      for (const seed of [1, 2]) {
        const model = new ExhibitModel(exhibit, { seed });
        model.setAge(exhibit.controls.age?.start ?? 1);
        const start = new Map(model.network.synapses.map((s) => [s.id, model.network.synapseState(s).efficacy]));
        model.advanceTo((30 * 86_400 * 1000) / exhibit.compression);
        for (const n of model.network.neurons) expect(n.alive, `${n.id} (seed ${seed})`).toBe(true);
        for (const s of model.network.synapses) {
          const state = model.network.synapseState(s);
          expect(state.exists, `${s.id} (seed ${seed})`).toBe(true);
          within(state.efficacy, start.get(s.id)!, 0.25);
        }
      }
    });
  }
});

describe('the fastest time-lapse the slow clock integrates', () => {
  it('a network refuses a compression beyond MAX_COMPRESSION, where a slow step would outrun scaling', async () => {
    const { MAX_COMPRESSION, Network } = await import('../../src/model/index.js');
    const net = new Network({ neurons: [{ id: 'A' }, { id: 'B' }], synapses: [{ from: 'A', to: 'B' }] });
    expect(() => net.setCompression(MAX_COMPRESSION)).not.toThrow();
    expect(() => net.setCompression(MAX_COMPRESSION * 2)).toThrow(/at most 30960000/);
    expect(net.compression).toBe(MAX_COMPRESSION);
  });
});
