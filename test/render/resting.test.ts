import { readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { bundled } from '../../src/package-files.js';
import { loadExhibit, readExhibit, type Exhibit } from '../../src/exhibit/index.js';
import { ExhibitModel } from '../../src/runtime/exhibit-model.js';
import { Animation, GAMMA_TABLE, PALETTES, renderFrames, restingMilliamps, stripBudgetMilliamps, type ModelView, type PaletteName } from '../../src/render/index.js';

/** The floor: a real strip at 10/255 or less reads as switched off in a lit gallery. */
const VISIBLE_WIRE = 10;

const files = [
  ...readdirSync(bundled('exhibits')).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json')).map((f) => bundled('exhibits', f)),
  bundled('hardware', 'wall', 'neuron-wall.json'),
];

/** The exhibit at rest with every synapse as weak as the model lets it look (fully depressed). */
function dimmest(exhibit: Exhibit): ModelView {
  const view: ModelView = { synapses: {}, neurons: {}, reference: {} };
  for (const s of exhibit.synapses) {
    const id = `${s.from}->${s.to}`;
    const contacts = s.contacts ?? 1;
    view.synapses[id] = { efficacy: 0.05 * contacts, release: 0.05, receptors: 1, contacts, early: -0.95, late: 0, exists: true };
    view.reference[id] = { efficacy: contacts, contacts };
  }
  for (const n of exhibit.neurons) view.neurons[n.id] = { alive: true, rateHz: 0 };
  return view;
}

/** The brightest wire value (after the strip's gamma) of any pixel of a segment. */
function brightestWire(exhibit: Exhibit, frames: Uint8Array[], index: number): number {
  const seg = exhibit.segments[index]!;
  let top = 0;
  for (let p = seg.first; p <= seg.last; p++) for (let c = 0; c < 3; c++) top = Math.max(top, GAMMA_TABLE[frames[seg.strip]![p * 3 + c]!]!);
  return top;
}

describe('every live segment glows at rest', () => {
  test.each(files.flatMap((f) => (Object.keys(PALETTES) as PaletteName[]).map((p) => [f.split('/').slice(-2).join('/'), p, f] as const)))('%s, %s palette', async (_, palette, file) => {
    const exhibit = await loadExhibit(file);
    for (const view of [dimmest(exhibit), new ExhibitModel(exhibit).view()]) {
      const render = renderFrames(exhibit, view, new Animation(), 0, { palette });
      // Within the power budget: the limiter did not have to dim the resting frame.
      expect(render.powerScale).toBe(1);
      exhibit.segments.forEach((seg, i) => {
        const live = seg.shows !== 'synapse' || view.synapses[seg.of]?.exists === true;
        if (live) expect(brightestWire(exhibit, render.frames, i), `${seg.shows} ${seg.of}`).toBeGreaterThanOrEqual(VISIBLE_WIRE);
      });
    }
    expect(restingMilliamps(exhibit)).toBeLessThanOrEqual(stripBudgetMilliamps(exhibit.power.supplyAmps));
  });
});

describe('restingBrightness', () => {
  const base = {
    name: 'glow',
    board: { kind: 'uno' },
    neurons: [{ id: 'A', label: 'Touch', button: 2 }, { id: 'C', label: 'Move' }],
    synapses: [{ from: 'A', to: 'C', contacts: 2 }],
    strips: [{ pin: 6, length: 12 }],
    segments: [
      { shows: 'soma', of: 'A', strip: 0, first: 0, last: 0 },
      { shows: 'axon', of: 'A->C', strip: 0, first: 1, last: 6 },
      { shows: 'synapse', of: 'A->C', strip: 0, first: 7, last: 10 },
      { shows: 'soma', of: 'C', strip: 0, first: 11, last: 11 },
    ],
    power: { supplyAmps: 2, maxBrightness: 0.3 },
  };

  test('0 turns the glow off; a lost neuron and a pruned synapse stay dark; unlit contacts stay dark', () => {
    const view: ModelView = {
      synapses: { 'A->C': { efficacy: 1, release: 0.5, receptors: 1, contacts: 2, early: 0, late: 0, exists: true } },
      neurons: { A: { alive: true, rateHz: 0 }, C: { alive: true, rateHz: 0 } },
      reference: { 'A->C': { efficacy: 1, contacts: 2 } },
    };
    const glow = readExhibit(base);
    const off = readExhibit({ ...base, restingBrightness: 0 });
    const on = renderFrames(glow, view, new Animation(), 0).frames[0]!;
    const dark = renderFrames(off, view, new Animation(), 0).frames[0]!;
    expect(GAMMA_TABLE[Math.max(...on.subarray(3, 6))]).toBeGreaterThanOrEqual(13);
    expect(GAMMA_TABLE[Math.max(...dark.subarray(3, 6))]).toBeLessThan(VISIBLE_WIRE);
    // Pixels 9 and 10: the synapse has 2 contacts, so its last two pixels are not lit.
    expect([...on.subarray(27, 33)]).toEqual([0, 0, 0, 0, 0, 0]);
    const gone = renderFrames(glow, { ...view, synapses: { 'A->C': { ...view.synapses['A->C']!, exists: false, contacts: 0 } }, neurons: { A: { alive: true, rateHz: 0 }, C: { alive: false, rateHz: 0 } } }, new Animation(), 0).frames[0]!;
    expect([...gone.subarray(21, 36)].every((v) => v === 0)).toBe(true);
  });

  test('is checked by JSON path', () => {
    expect(() => readExhibit({ ...base, restingBrightness: 0.5 })).toThrow(/restingBrightness: .*0\.25/);
    expect(() => readExhibit({ ...base, pixelsPerMetre: 0 })).toThrow(/pixelsPerMetre/);
    expect(() => readExhibit({ ...base, layout: { segments: [{ segment: 9, path: [[0, 0], [1, 2]] }] } })).toThrow(/layout\.segments\[0\]\.segment: there is no segment 9[\s\S]*layout\.segments\[0\]\.path\[1\]/);
    expect(readExhibit({ ...base, pixelsPerMetre: 30 }).pixelsPerMetre).toBe(30);
    expect(readExhibit(base).pixelsPerMetre).toBe(60);
  });
});

describe('potentiated and depressed stay apart in every palette, also for colour-blind eyes', () => {
  // Viénot, Brettel & Mollon (1999): deuteranopes and protanopes keep the blue–yellow axis, so the pair
  // must differ there: b − (r + g)/2 of opposite sign, on the wire.
  const blueness = ([r, g, b]: number[]) => b! - (r! + g!) / 2;
  test.each(Object.keys(PALETTES) as PaletteName[])('%s', (palette) => {
    const exhibit = readExhibit({
      name: 'pair', board: { kind: 'uno' },
      neurons: [{ id: 'A', label: 'Touch', button: 2 }, { id: 'B', label: 'Light', button: 3 }, { id: 'C', label: 'Move' }],
      synapses: [{ from: 'A', to: 'C', contacts: 1 }, { from: 'B', to: 'C', contacts: 1 }],
      strips: [{ pin: 6, length: 2 }],
      segments: [{ shows: 'synapse', of: 'A->C', strip: 0, first: 0, last: 0 }, { shows: 'synapse', of: 'B->C', strip: 0, first: 1, last: 1 }],
      power: { supplyAmps: 2, maxBrightness: 0.6 },
    });
    const state = (efficacy: number) => ({ efficacy, release: 0.5, receptors: 1, contacts: 1, early: 0, late: 0, exists: true });
    const view: ModelView = {
      synapses: { 'A->C': state(2), 'B->C': state(0.5) },
      neurons: { A: { alive: true, rateHz: 0 }, B: { alive: true, rateHz: 0 }, C: { alive: true, rateHz: 0 } },
      reference: { 'A->C': { efficacy: 1, contacts: 1 }, 'B->C': { efficacy: 1, contacts: 1 } },
    };
    const frame = renderFrames(exhibit, view, new Animation(), 0, { palette }).frames[0]!;
    const wire = (p: number) => [...frame.subarray(p * 3, p * 3 + 3)].map((v) => GAMMA_TABLE[v]!);
    const [warm, cool] = [wire(0), wire(1)];
    expect(blueness(warm)).toBeLessThan(-5);
    expect(blueness(cool)).toBeGreaterThan(5);
  });
});
