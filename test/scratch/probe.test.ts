import { test } from 'vitest';
import { readProtocol } from '../../src/protocol/protocol.js';
import { simulate } from '../../src/protocol/simulate.js';

const run = (doc: unknown) => simulate(readProtocol(doc));
const last = (r: ReturnType<typeof run>, id = 'A->B') => r.samples.at(-1)!.synapses[id]!;
const net = (stp = 'none', extra = {}) => ({ neurons: [{ id: 'A' }, { id: 'B' }], synapses: [{ from: 'A', to: 'B', stp, ...extra }] });

test('probe', () => {
  // T6
  const t6: Record<number, number> = {};
  for (const dt of [-100, -40, -20, -10, -5, 5, 10, 20, 40, 100]) {
    const r = run({ network: net(), events: [{ at: '1s', pair: { pre: 'A', post: 'B', dt: `${dt}ms` }, hz: 1, count: 60 }], until: '62s', record: { responses: false } });
    t6[dt] = last(r).early;
  }
  console.log('T6', JSON.stringify(t6));
  for (const [n, hz] of [[900, 1], [100, 100], [900, 10]]) {
    const r = run({ network: net(), events: [{ at: '1s', train: 'A', hz, count: n }], until: `${n / hz + 2}s`, record: { responses: false } });
    console.log('T9', n, hz, last(r).early, 'B spikes', r.spikes.B);
  }
  for (const strong of [false, true]) {
    const events = strong ? [0, 10, 20].map((m) => ({ at: `${m}min`, train: 'A', hz: 100, count: 100 })) : [{ at: 0, train: 'A', hz: 100, count: 21 }];
    const r = run({ network: net(), events, until: '5h', record: { every: '10min', responses: false } });
    console.log(strong ? 'strong' : 'weak', r.samples.map((s) => `${(s.t / 3600).toFixed(2)}h:${(s.synapses['A->B']!.early + s.synapses['A->B']!.late).toFixed(3)}/${s.synapses['A->B']!.late.toFixed(3)}`).join(' '));
  }
});
