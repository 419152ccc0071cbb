import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readExhibit, type Exhibit } from '../../src/exhibit/index.js';
import { Network, NeuronState, Rng, Synapse, type ModelEvent, type NetworkSpec } from '../../src/model/index.js';
import { NEURON_STATE_KEYS } from '../../src/model/neuron.js';
import { SYNAPSE_STATE_KEYS } from '../../src/model/synapse.js';
import { ExhibitModel } from '../../src/runtime/exhibit-model.js';
import { decodeExact, encodeExact } from '../../src/state/checkpoint.js';

/**
 * The model can be saved and restored exactly: a network restored from a snapshot (through the
 * checkpoint's JSON) goes on step for step, draw for draw, as the original does.
 */

const exhibit = (name: string): Exhibit => readExhibit(JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'exhibits', `${name}.json`), 'utf8')));

/** Through the checkpoint's text and back, as a restart would. */
const viaText = <T>(value: T): T => decodeExact(encodeExact(value)) as T;

/** A network with a bit of everything: an inhibitory cell, candidates, a cut that may regrow, drive, time-lapse. */
const SPEC: NetworkSpec = {
  neurons: [{ id: 'A' }, { id: 'B' }, { id: 'C' }, { id: 'I', inhibitory: true, spontaneousHz: 2 }, { id: 'D', spontaneousHz: 1 }],
  synapses: [
    { from: 'A', to: 'C', contacts: 4, receptors: 1.5 },
    { from: 'B', to: 'C', contacts: 3, receptors: 1.2 },
    { from: 'I', to: 'C', contacts: 2 },
    { from: 'C', to: 'D', contacts: 2, receptors: 1.5 },
  ],
  candidates: [['A', 'B'], ['B', 'D'], ['D', 'A']],
};

/** What a visitor does to a network in the 1 ms step `t`: deterministic in t. */
function act(net: Network, t: number): void {
  if (t % 97 === 0) net.forceSpike('A');
  if (t % 89 === 0) net.forceSpike('B');
  if (t % 250 === 3) (net.forceSpike('A'), net.forceSpike('B'));
  if (t === 4_000) net.setDrive('D', 8);
  if (t === 9_000) net.setDrive('D', 0);
  if (t === 12_000) (net.cut('A->C'), net.injure());
  if (t === 15_000) net.setCompression(20_000);
  if (t === 18_000) net.blocks.protein = true;
  if (t === 22_000) net.blocks.protein = false;
}

function run(net: Network, fromMs: number, toMs: number): ModelEvent[] {
  const events: ModelEvent[] = [];
  for (let t = fromMs; t < toMs; t++) {
    act(net, t);
    events.push(...net.step());
  }
  return events;
}

describe('a network snapshot', () => {
  it('restored through the checkpoint text, runs exactly as the original: every event, every number, every random draw', () => {
    for (const cutAtMs of [1, 4_321, 12_000, 16_789]) {
      const original = new Network(SPEC, { seed: 11, compression: 3_000, learnSetPoints: true });
      run(original, 0, cutAtMs);
      const snapshot = viaText(original.snapshot());
      const copy = Network.fromSnapshot(SPEC, snapshot);
      expect(encodeExact(copy.snapshot()), `restored at ${cutAtMs} ms`).toBe(encodeExact(original.snapshot()));
      const a = run(original, cutAtMs, 30_000);
      const b = run(copy, cutAtMs, 30_000);
      expect(b).toEqual(a);
      // Long enough for the slow side to act: scaling and early changes moved, and matched.
      expect(original.neurons[2]!.scaling).not.toBe(1);
      expect(encodeExact(copy.snapshot())).toBe(encodeExact(original.snapshot()));
    }
  });

  it('keeps what JSON alone would lose: ±Infinity, NaN and −0', () => {
    const value = { a: Infinity, b: -Infinity, c: NaN, d: -0, e: [0, -0, 1.5e-300], f: 'Infinity' };
    const back = viaText(value);
    expect(back.a).toBe(Infinity);
    expect(back.b).toBe(-Infinity);
    expect(back.c).toBeNaN();
    expect(Object.is(back.d, -0)).toBe(true);
    expect(Object.is(back.e[1], -0)).toBe(true);
    expect(back.e[2]).toBe(1.5e-300);
    expect(back.f).toBe('Infinity');
  });

  it('holds every field of a neuron and a synapse that changes (a field added later must be added to the snapshot)', () => {
    const structural = { neuron: ['id', 'incoming', 'outgoing', 'canBeLost', 'inhibitory', 'spontaneousHz'], synapse: ['id', 'index', 'pre', 'post', 'stp', 'baseRelease', 'baseReceptors', 'presynapticFraction', 'potentiationScale', 'unitaryPerContact', 'inhibitory', 'formed'] };
    const neuron = new NeuronState('X', { id: 'X' }, false);
    expect(Object.keys(neuron).filter((k) => !structural.neuron.includes(k)).sort()).toEqual([...NEURON_STATE_KEYS].sort());
    const synapse = new Synapse('A->B', 0, 0, 1, { from: 'A', to: 'B' }, { U: 0.5, tauRecMs: 0, tauFacMs: 0 }, false);
    expect(Object.keys(synapse).filter((k) => !structural.synapse.includes(k)).sort()).toEqual([...SYNAPSE_STATE_KEYS].sort());
  });

  it('of another network, or damaged, is refused with a RangeError', () => {
    const net = new Network(SPEC, { seed: 3, learnSetPoints: true });
    run(net, 0, 2_000);
    const s = net.snapshot();
    expect(() => Network.fromSnapshot({ ...SPEC, neurons: SPEC.neurons.slice(0, 4) }, s)).toThrow(RangeError);
    expect(() => Network.fromSnapshot({ ...SPEC, synapses: SPEC.synapses.slice(1) }, s)).toThrow(RangeError);
    const broken = viaText(s);
    (broken.neurons[0] as { voltage: unknown }).voltage = 'high';
    expect(() => Network.fromSnapshot(SPEC, broken)).toThrow(/neurons\[0\]\.voltage/);
    expect(() => Network.fromSnapshot(SPEC, { ...s, pending: [] })).toThrow(RangeError);
    expect(() => Network.fromSnapshot(SPEC, { ...s, candidates: [{ pre: 0, post: 99, coincidenceHz: 0, regrows: null }] })).toThrow(RangeError);
    expect(() => Network.fromSnapshot(SPEC, { ...s, rng: -1 })).toThrow(RangeError);
  });

  it('a generator put back in a saved state draws the same numbers', () => {
    const r = new Rng(5);
    r.next();
    const state = r.getState();
    const a = [r.next(), r.next()];
    r.setState(state);
    expect([r.next(), r.next()]).toEqual(a);
  });
});

describe('an exhibit model snapshot', () => {
  it('restored on another board clock, mid-way through a held burst, goes on exactly (times shifted by the clocks\' difference)', () => {
    const ex = exhibit('default');
    const original = new ExhibitModel(ex, { seed: 4, startMs: 1_000 });
    original.setAge(0.2);
    original.advanceTo(3_000);
    original.press('A'); // Touch: holdHz 50
    original.advanceTo(3_700);
    const copy = new ExhibitModel(ex, { snapshot: viaText(original.snapshot()), startMs: 50_000 });
    const shift = 50_000 - 3_700;
    expect(copy.nowMs).toBe(50_000);
    expect(copy.age).toBe(0.2);
    const a = original.advanceTo(6_000);
    const b = copy.advanceTo(6_000 + shift);
    expect(b.map((e) => ({ ...e, tMs: e.tMs - shift }))).toEqual(a);
    expect(a.filter((e) => e.kind === 'spike' && e.neuron === 'A').length).toBeGreaterThan(100);
    original.release('A');
    copy.release('A');
    original.advanceTo(9_000);
    copy.advanceTo(9_000 + shift);
    expect(encodeExact(copy.snapshot())).toBe(encodeExact(original.snapshot()));
    expect(copy.view()).toEqual(original.view());
  });

  it('keeps synapses formed since the start, and regrows what was cut, exactly', () => {
    const ex = exhibit('fire-together-wire-together');
    const model = new ExhibitModel(ex, { seed: 9 });
    let t = 0;
    const together = (untilMs: number) => {
      for (; t < untilMs; t += 500) {
        model.press('A');
        model.press('B');
        model.advanceTo(t + 500);
      }
    };
    together(120_000);
    expect(model.network.synapses.some((s) => s.formed && s.exists)).toBe(true);
    const copy = new ExhibitModel(ex, { snapshot: viaText(model.snapshot()), startMs: t });
    const a: ModelEvent[] = [];
    const b: ModelEvent[] = [];
    for (let k = 0; k < 40; k++, t += 500) {
      for (const m of [model, copy]) (m.press('A'), m.press('B'));
      a.push(...model.advanceTo(t + 500));
      b.push(...copy.advanceTo(t + 500));
    }
    expect(b).toEqual(a);
    expect(encodeExact(copy.snapshot())).toBe(encodeExact(model.snapshot()));
  });

  it('restore puts a model back in an earlier state, in place; copy() plays without touching the model', () => {
    const ex = exhibit('default');
    const model = new ExhibitModel(ex, { seed: 2 });
    const start = model.snapshot();
    const ghost = model.copy();
    for (let i = 0; i < 30; i++) {
      ghost.press('A');
      ghost.press('B');
      ghost.advanceTo(ghost.nowMs + 100);
    }
    ghost.injure();
    ghost.advanceTo(ghost.nowMs + 2_000);
    expect(encodeExact(model.snapshot())).toBe(encodeExact(start));
    expect(ghost.view().synapses['A->C']!.exists).toBe(false);
    model.press('A');
    model.advanceTo(5_000);
    model.injure();
    model.advanceTo(6_000);
    model.restore(start, 7_000);
    expect(model.nowMs).toBe(7_000);
    expect(encodeExact(model.snapshot())).toBe(encodeExact(start));
    expect(model.animation.spikes).toEqual([]);
    const network = model.network;
    expect(() => model.restore({ ...start, age: 7 }, 8_000)).toThrow(RangeError);
    expect(model.network).toBe(network);
  });

  it('rebase moves the clock and the animation without stepping the model', () => {
    const model = new ExhibitModel(exhibit('short-and-long-term'), { seed: 1 });
    model.press('A');
    model.advanceTo(10);
    const spike = model.animation.spikes.at(-1)!.tMs;
    const before = encodeExact(model.network.snapshot());
    model.rebase(60_010);
    expect(model.nowMs).toBe(60_010);
    expect(model.animation.spikes.at(-1)!.tMs).toBe(spike + 60_000);
    expect(encodeExact(model.network.snapshot())).toBe(before);
  });
});
