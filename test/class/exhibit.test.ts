import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { readExhibit } from '../../src/exhibit/index.js';
import { problemsOf } from '../helpers/exhibit.js';
import { ExhibitModel } from '../../src/runtime/exhibit-model.js';
import { root } from '../helpers/cli.js';

const folder = join(root, 'exhibits');
const load = (n: number) => JSON.parse(readFileSync(join(folder, 'class', `kit-${n}.json`), 'utf8')) as Record<string, any>;
const validateSchema = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(join(folder, 'exhibit.schema.json'), 'utf8')));


describe('class exhibits: remote inputs and published neurons', () => {
  for (const n of [1, 2]) {
    it(`exhibits/class/kit-${n}.json is valid for neuron-kit and for the JSON Schema`, () => {
      expect(problemsOf(load(n))).toEqual([]);
      expect(validateSchema(load(n)), JSON.stringify(validateSchema.errors)).toBe(true);
    });
  }

  it('reads remote inputs as synapses of the other kit\'s neuron, with their delay', () => {
    const e = readExhibit(load(2));
    expect(e.remote).toEqual([{ from: 'kit-1/A', to: 'B', delayMs: 60, contacts: 3, stp: expect.any(Object), receptors: 0.5, unitaryPerContact: 5 }]);
    expect(e.publish).toEqual(['B']);
    expect(readExhibit(load(1)).remote).toEqual([]);
  });

  const edit = (change: (doc: Record<string, any>) => void) => {
    const doc = structuredClone(load(2));
    change(doc);
    return problemsOf(doc);
  };
  it.each<[string, (d: Record<string, any>) => void, RegExp]>([
    ['a local neuron as a remote source', (d) => (d.remote[0].from = 'A'), /remote\[0\]\.from: must name another kit's neuron as "kit\/neuron"/],
    ['a kit name with MQTT wildcards', (d) => (d.remote[0].from = 'kit+1/A'), /remote\[0\]\.from: must name another kit's neuron/],
    ['an unknown target', (d) => (d.remote[0].to = 'Z'), /remote\[0\]\.to: unknown neuron "Z"/],
    ['the same remote synapse twice', (d) => d.remote.push({ ...d.remote[0] }), /remote\[1\]: remote synapse kit-1\/A->B is declared twice/],
    ['two delays for one remote neuron', (d) => d.remote.push({ from: 'kit-1/A', to: 'A', delayMs: 80 }), /remote\[1\]\.delayMs: kit-1\/A already reaches this kit after 60 ms/],
    ['a delay beyond a second', (d) => (d.remote[0].delayMs = 5000), /remote\[0\]\.delayMs/],
    ['an unknown field', (d) => (d.remote[0].speed = 3), /remote\[0\]/],
    ['publishing an unknown neuron', (d) => (d.publish = ['Q']), /publish\[0\]: must be a neuron of this exhibit/],
    ['publishing a neuron twice', (d) => (d.publish = ['B', 'B']), /publish\[1\]: "B" is listed twice/],
  ])('refuses %s by JSON path', (_what, change, message) => {
    expect(edit(change).join('\n')).toMatch(message);
  });

  it('a remote neuron fires only when its spike arrives, is never lost, and drives its synapse like any other', () => {
    const model = new ExhibitModel(readExhibit(load(2)), { seed: 3 });
    const remote = model.network.neurons.find((n) => n.id === 'kit-1/A')!;
    expect(remote.canBeLost).toBe(false);
    expect(remote.spontaneousHz).toBe(0);
    const start = model.nowMs;
    const quiet = model.advanceTo(start + 10_000).filter((e) => e.kind === 'spike' && e.neuron === 'kit-1/A');
    expect(quiet).toHaveLength(0);
    model.fireRemote('kit-1/A');
    const events = model.advanceTo(model.nowMs + 20);
    expect(events.filter((e) => e.kind === 'spike' && e.neuron === 'kit-1/A')).toHaveLength(1);
    expect(model.spikes['kit-1/A']).toBe(1);
    const state = model.view().synapses['kit-1/A->B']!;
    expect(state.exists).toBe(true);
    expect(state.contacts).toBe(3);
  });
});
