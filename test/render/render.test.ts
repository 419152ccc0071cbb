import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readExhibit, type Exhibit } from '../../src/exhibit/index.js';
import { Animation, ANIMATION, frameMilliamps, renderFrames, stripBudgetMilliamps, type ModelView } from '../../src/render/index.js';

const exhibit: Exhibit = readExhibit({
  name: 'test',
  board: { kind: 'uno' },
  neurons: [{ id: 'A', button: 2 }, { id: 'B', button: 3 }, { id: 'C' }],
  synapses: [{ from: 'A', to: 'C', contacts: 3 }, { from: 'B', to: 'C', contacts: 3 }],
  candidates: [['A', 'B']],
  strips: [{ pin: 6, length: 40 }],
  segments: [
    { shows: 'soma', of: 'A', strip: 0, first: 0, last: 0 },
    { shows: 'axon', of: 'A->C', strip: 0, first: 1, last: 10 },
    { shows: 'synapse', of: 'A->C', strip: 0, first: 11, last: 18 },
    { shows: 'axon', of: 'B->C', strip: 0, first: 19, last: 24 },
    { shows: 'synapse', of: 'B->C', strip: 0, first: 25, last: 32 },
    { shows: 'synapse', of: 'A->B', strip: 0, first: 33, last: 37 },
    { shows: 'soma', of: 'C', strip: 0, first: 39, last: 39 },
  ],
  power: { supplyAmps: 2 },
});

const synapse = (efficacy: number, contacts: number, exists = true) => ({ efficacy, release: 0.5, receptors: 1, contacts, early: 0, late: 0, exists });

function view(overrides: Partial<ModelView['synapses']> = {}, alive: Record<string, boolean> = {}): ModelView {
  return {
    synapses: { 'A->C': synapse(1.5, 3), 'B->C': synapse(1.5, 3), ...overrides } as ModelView['synapses'],
    neurons: Object.fromEntries(['A', 'B', 'C'].map((id) => [id, { alive: alive[id] ?? true, rateHz: 0 }])),
    reference: { 'A->C': { efficacy: 1.5, contacts: 3 }, 'B->C': { efficacy: 1.5, contacts: 3 }, 'A->B': { efficacy: 0.5, contacts: 1 } },
  };
}

const pixel = (frame: Uint8Array, i: number) => [frame[i * 3]!, frame[i * 3 + 1]!, frame[i * 3 + 2]!];
const lit = (frame: Uint8Array, first: number, last: number) => {
  let n = 0;
  for (let i = first; i <= last; i++) if (pixel(frame, i).some((v) => v > 0)) n++;
  return n;
};
const sum = (frame: Uint8Array, first: number, last: number) => {
  let s = 0;
  for (let i = first * 3; i <= last * 3 + 2; i++) s += frame[i]!;
  return s;
};

describe('renderer', () => {
  it('a synapse segment lights one pixel per contact, brighter for higher efficacy', () => {
    const { frames } = renderFrames(exhibit, view({ 'A->C': synapse(3.0, 5), 'B->C': synapse(0.6, 2) }), new Animation(), 0);
    const f = frames[0]!;
    expect(lit(f, 11, 18)).toBe(5);
    expect(lit(f, 25, 32)).toBe(2);
    expect(Math.max(...pixel(f, 11))).toBeGreaterThan(Math.max(...pixel(f, 25)));
  });

  it('potentiated synapses are warm (red over blue), depressed ones cool', () => {
    const { frames } = renderFrames(exhibit, view({ 'A->C': synapse(3.0, 3), 'B->C': synapse(0.6, 3) }), new Animation(), 0);
    const [r1, , b1] = pixel(frames[0]!, 11);
    const [r2, , b2] = pixel(frames[0]!, 25);
    expect(r1!).toBeGreaterThan(b1!);
    expect(b2!).toBeGreaterThan(r2!);
  });

  it('the colour-blind palette tells potentiated from depressed by orange vs blue', () => {
    const v = view({ 'A->C': synapse(3.0, 3), 'B->C': synapse(0.6, 3) });
    const normal = renderFrames(exhibit, v, new Animation(), 0).frames[0]!;
    const safe = renderFrames(exhibit, v, new Animation(), 0, { palette: 'colorblind' }).frames[0]!;
    expect(pixel(safe, 11)).not.toEqual(pixel(normal, 11));
    const [r, g, b] = pixel(safe, 11);
    expect(r!).toBeGreaterThan(g!);
    expect(g!).toBeGreaterThan(b!);
  });

  it('an action potential travels along the axon, first to last, and the soma flashes', () => {
    const anim = new Animation();
    anim.record({ kind: 'spike', tMs: 1000, neuron: 'A' }, 1000);
    const at = (ms: number) => renderFrames(exhibit, view(), anim, ms).frames[0]!;
    const brightest = (f: Uint8Array) => {
      let best = 1;
      for (let i = 1; i <= 10; i++) if (sum(f, i, i) > sum(f, best, best)) best = i;
      return best;
    };
    const early = brightest(at(1000 + 30));
    const later = brightest(at(1000 + 150));
    expect(later).toBeGreaterThan(early);
    expect(sum(at(1010), 0, 0)).toBeGreaterThan(sum(at(1000 + ANIMATION.somaFlashMs + 50), 0, 0));
  });

  it('a pruned synapse fades out and then is dark', () => {
    const anim = new Animation();
    anim.record({ kind: 'pruned', tMs: 500, synapse: 'B->C', contacts: 3, cause: 'retraction' }, 500);
    const v = view({ 'B->C': synapse(0, 0, false) });
    expect(lit(renderFrames(exhibit, v, anim, 600).frames[0]!, 25, 32)).toBe(3);
    expect(sum(renderFrames(exhibit, v, anim, 1200).frames[0]!, 25, 32)).toBeLessThan(sum(renderFrames(exhibit, v, anim, 600).frames[0]!, 25, 32));
    expect(lit(renderFrames(exhibit, v, anim, 500 + ANIMATION.fadeMs).frames[0]!, 25, 32)).toBe(0);
  });

  it('a candidate stays dark until it forms, then grows in pixel by pixel', () => {
    expect(lit(renderFrames(exhibit, view(), new Animation(), 0).frames[0]!, 33, 37)).toBe(0);
    const anim = new Animation();
    anim.record({ kind: 'formed', tMs: 0, synapse: 'A->B' }, 0);
    const v = view({ 'A->B': synapse(2.0, 4) });
    const growing = [0, 600, 1200, ANIMATION.growMs].map((t) => lit(renderFrames(exhibit, v, anim, t).frames[0]!, 33, 37));
    expect(growing[0]).toBe(0);
    expect(growing).toEqual([...growing].sort((a, b) => a - b));
    expect(growing.at(-1)).toBe(4);
  });

  it('a lost neuron is dark: soma and axon', () => {
    const f = renderFrames(exhibit, view({}, { B: false }), new Animation(), 0).frames[0]!;
    expect(sum(f, 19, 24)).toBe(0);
    const g = renderFrames(exhibit, view({}, { C: false }), new Animation(), 0).frames[0]!;
    expect(sum(g, 39, 39)).toBe(0);
  });

  it('is deterministic', () => {
    const anim = new Animation();
    anim.record({ kind: 'spike', tMs: 10, neuron: 'A' }, 10);
    expect(renderFrames(exhibit, view(), anim, 100)).toEqual(renderFrames(exhibit, view(), anim, 100));
  });
});

describe('power limiter', () => {
  const stateArb = fc.record({
    supplyAmps: fc.double({ min: 0.3, max: 4, noNaN: true }),
    maxBrightness: fc.double({ min: 0.05, max: 1, noNaN: true }),
    efficacyAC: fc.double({ min: 0, max: 20, noNaN: true }),
    efficacyBC: fc.double({ min: 0, max: 20, noNaN: true }),
    contactsAC: fc.integer({ min: 0, max: 12 }),
    contactsBC: fc.integer({ min: 0, max: 12 }),
    spikes: fc.array(fc.record({ neuron: fc.constantFrom('A', 'B', 'C'), tMs: fc.integer({ min: 0, max: 1000 }) }), { maxLength: 30 }),
    nowMs: fc.integer({ min: 0, max: 1500 }),
    palette: fc.constantFrom('default' as const, 'colorblind' as const),
  });

  it('no frame draws more than the supply allows; frames within it are not dimmed', () => {
    fc.assert(
      fc.property(stateArb, (s) => {
        const ex = { ...exhibit, power: { supplyAmps: s.supplyAmps, maxBrightness: s.maxBrightness } };
        const anim = new Animation();
        for (const sp of [...s.spikes].sort((a, b) => a.tMs - b.tMs)) anim.record({ kind: 'spike', ...sp }, sp.tMs);
        const v = view({ 'A->C': synapse(s.efficacyAC, s.contactsAC), 'B->C': synapse(s.efficacyBC, s.contactsBC) });
        const result = renderFrames(ex, v, anim, s.nowMs, { palette: s.palette });
        const budget = stripBudgetMilliamps(s.supplyAmps);
        const draw = result.frames.reduce((sum, f) => sum + frameMilliamps(f), 0);
        const idle = 40; // 1 mA per pixel even when dark
        expect(draw).toBeLessThanOrEqual(Math.max(budget, idle) + 1e-9);
        expect(result.limited).toBe(result.powerScale < 1);
        if (!result.limited) {
          const unlimited = renderFrames({ ...ex, power: { supplyAmps: 1000, maxBrightness: s.maxBrightness } }, v, anim, s.nowMs, { palette: s.palette });
          expect(result.frames).toEqual(unlimited.frames);
        }
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('reports limiting when an all-white strip would exceed a small supply', () => {
    const big = readExhibit({
      name: 'white', board: { kind: 'uno' }, neurons: [{ id: 'A' }], synapses: [],
      strips: [{ pin: 6, length: 200 }], segments: [{ shows: 'soma', of: 'A', strip: 0, first: 0, last: 199 }],
      // 1.2 A: enough for 200 somas glowing at rest (0.81 A), far from enough for 200 white flashes.
      power: { supplyAmps: 1.2 },
    });
    const anim = new Animation();
    anim.record({ kind: 'spike', tMs: 0, neuron: 'A' }, 0);
    const v: ModelView = { synapses: {}, neurons: { A: { alive: true, rateHz: 0 } }, reference: {} };
    const r = renderFrames(big, v, anim, 0);
    expect(r.limited).toBe(true);
    expect(frameMilliamps(r.frames[0]!)).toBeLessThanOrEqual(stripBudgetMilliamps(1.2));
  });
});
