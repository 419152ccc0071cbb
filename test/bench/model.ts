/**
 * Model speed as a multiple of real time (`npm run bench:model`; `-- --json` for one JSON document).
 * (a) a 3-neuron exhibit network, (b) 1000 neurons × 100 synapses at ~5 Hz, (c) one simulated month
 * of structural turnover for 1000 neurons at compression 3·10^5.
 */
import { performance } from 'node:perf_hooks';
import { Network, Rng, type NetworkSpec } from '../../src/model/index.js';

interface Case {
  name: string;
  simulatedS: number;
  wallS: number;
  speedX: number;
  spikesPerNeuronHz: number;
  extra?: string;
}

function time(net: Network, ms: number): number {
  const start = performance.now();
  net.advance(ms);
  return (performance.now() - start) / 1000;
}

function spikeRate(net: Network, seconds: number): number {
  return net.neurons.reduce((sum, n) => sum + n.spikes, 0) / net.neurons.length / seconds;
}

function exhibit(): Case {
  const spec: NetworkSpec = {
    neurons: [{ id: 'A' }, { id: 'B' }, { id: 'C' }],
    synapses: [{ from: 'A', to: 'C', contacts: 3 }, { from: 'B', to: 'C', contacts: 3 }],
    candidates: [['A', 'B']],
  };
  const net = new Network(spec, { compression: 600 });
  net.setDrive('A', 2);
  net.setDrive('B', 0.5);
  const simulatedS = 600;
  const wallS = time(net, simulatedS * 1000);
  return { name: '(a) 3-neuron exhibit, K=600', simulatedS, wallS, speedX: simulatedS / wallS, spikesPerNeuronHz: spikeRate(net, simulatedS) };
}

/** 1000 neurons, each with 100 random inputs, each neuron driven at ~5 Hz. */
function large(compression: number): Network {
  const rng = new Rng(42);
  const n = 1000;
  const neurons = Array.from({ length: n }, (_, i) => ({ id: `N${i}` }));
  const synapses: NetworkSpec['synapses'] = [];
  for (let post = 0; post < n; post++) {
    const pres = new Set<number>();
    while (pres.size < 100) {
      const pre = Math.floor(rng.next() * n);
      if (pre !== post) pres.add(pre);
    }
    // Weak inputs (amplitude 0.01 of threshold each), so the network stays near its driven rate.
    for (const pre of pres) synapses.push({ from: `N${pre}`, to: `N${post}`, contacts: 1, release: 0.5, receptors: 0.02 });
  }
  const net = new Network({ neurons, synapses }, { compression, seed: 7 });
  for (const { id } of neurons) net.setDrive(id, 5);
  return net;
}

function dense(): Case {
  const net = large(1);
  const simulatedS = 10;
  const wallS = time(net, simulatedS * 1000);
  return { name: '(b) 1000 neurons × 100 synapses, ~5 Hz', simulatedS, wallS, speedX: simulatedS / wallS, spikesPerNeuronHz: spikeRate(net, simulatedS) };
}

function month(): Case {
  const compression = 3e5;
  const net = large(compression);
  const monthS = 30 * 86_400;
  const fastMs = Math.round((monthS / compression) * 1000);
  const contactsBefore = net.synapses.reduce((s, x) => s + x.contacts, 0);
  const wallS = time(net, fastMs);
  const contactsAfter = net.synapses.reduce((s, x) => s + x.contacts, 0);
  const pruned = net.synapses.filter((s) => !s.exists).length;
  return {
    name: '(c) 1 month of turnover, 1000 neurons, K=3e5',
    simulatedS: monthS,
    wallS,
    speedX: monthS / wallS,
    spikesPerNeuronHz: spikeRate(net, fastMs / 1000),
    extra: `contacts ${contactsBefore} → ${contactsAfter}, ${pruned} synapses pruned`,
  };
}

const cases = [exhibit(), dense(), month()];
if (process.argv.includes('--json')) {
  process.stdout.write(`${JSON.stringify({ cases })}\n`);
} else {
  const targets = ['≥ 1000×', '≥ 1×', '≤ 10 s wall'];
  process.stdout.write('Model speed (Node ' + process.version + ')\n');
  cases.forEach((c, i) => {
    process.stdout.write(
      `${c.name.padEnd(48)} simulated ${c.simulatedS.toExponential(2).padStart(9)} s in ${c.wallS.toFixed(2).padStart(6)} s wall = ${c.speedX.toExponential(2)}× real time` +
        ` (target ${targets[i]}); ${c.spikesPerNeuronHz.toFixed(1)} Hz per neuron${c.extra ? `; ${c.extra}` : ''}\n`,
    );
  });
}
