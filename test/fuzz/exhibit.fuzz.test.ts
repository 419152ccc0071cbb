import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readExhibit, type Exhibit } from '../../src/exhibit/index.js';
import { powerReport, wiringMarkdown, wiringSvg } from '../../src/hardware/index.js';
import { InvalidDocumentError } from '../../src/experiment/problems.js';
import { renderFrames } from '../../src/render/index.js';
import { ExhibitModel } from '../../src/runtime/exhibit-model.js';
import { xmlProblems } from '../hardware/xml.js';
import { mutate, mutation, nonFinite } from './mutate.js';
import { cases } from './depth.js';

/**
 * The validator is the contract of what runs: every exhibit it accepts builds a model that runs (buttons
 * pressed, the age dial turned, the injury button, seconds of board time) and renders frames, wiring
 * and power docs without throwing and with only finite numbers; everything else is refused with an
 * InvalidDocumentError whose every problem names a JSON path. Seeded, so a failure repeats.
 */

const root = join(import.meta.dirname, '..', '..');
const sources = [
  ...readdirSync(join(root, 'exhibits')).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json')).map((f) => join(root, 'exhibits', f)),
  join(root, 'hardware', 'wall', 'neuron-wall.json'),
].map((f) => JSON.parse(readFileSync(f, 'utf8')) as unknown);

/** Cases per run: thousands, yet seconds on a 2-core machine. */
export const EXHIBIT_CASES = cases(5_000);

function runs(exhibit: Exhibit): void {
  const model = new ExhibitModel(exhibit, { seed: 7 });
  let t = 0;
  // The supply lights the exhibit at rest: the limiter never has to dim a frame nobody touched.
  for (const palette of ['default', 'colorblind'] as const) expect(renderFrames(exhibit, model.view(), model.animation, 0, { palette }).limited).toBe(false);
  const frame = () => {
    for (const palette of ['default', 'colorblind'] as const) {
      const r = renderFrames(exhibit, model.view(), model.animation, t, { palette });
      expect(nonFinite(r.powerScale)).toEqual([]);
      expect(r.frames.length).toBe(exhibit.strips.length);
    }
  };
  for (const n of exhibit.neurons) if (n.button !== undefined) model.press(n.id);
  model.advanceTo((t += 400));
  frame();
  for (const n of exhibit.neurons) model.release(n.id);
  model.setAge(0);
  if (exhibit.controls.injury) model.injure();
  // Visitors fire everything together again and again: candidate connections form, silent ones fade.
  for (let i = 0; i < 40; i++) {
    for (const n of exhibit.neurons) if (n.button !== undefined) model.press(n.id);
    model.advanceTo((t += 60));
    for (const n of exhibit.neurons) model.release(n.id);
    model.advanceTo((t += 240));
    if (i % 10 === 0) frame();
  }
  expect(nonFinite(model.view())).toEqual([]);
  expect(nonFinite(powerReport(exhibit))).toEqual([]);
  expect(wiringMarkdown(exhibit).length).toBeGreaterThan(0);
  expect(xmlProblems(wiringSvg(exhibit))).toEqual([]);
}

function checkRejection(err: unknown): void {
  if (!(err instanceof InvalidDocumentError)) throw err;
  expect(err.problems.length).toBeGreaterThan(0);
  for (const p of err.problems) {
    expect(typeof p.path).toBe('string');
    expect(p.path.length).toBeGreaterThan(0);
    expect(p.message.length).toBeGreaterThan(0);
  }
}

describe('exhibits: everything accepted runs, everything else is refused by path', () => {
  it(`holds for ${EXHIBIT_CASES} mutated exhibits`, () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.nat({ max: sources.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), (which, mutations) => {
        const doc = mutate(sources[which], mutations);
        let exhibit: Exhibit;
        try {
          exhibit = readExhibit(doc);
        } catch (err) {
          checkRejection(err);
          return;
        }
        accepted++;
        runs(exhibit);
      }),
      { seed: 16, numRuns: EXHIBIT_CASES },
    );
    // Enough of them pass validation for "accepted runs" to mean something.
    expect(accepted).toBeGreaterThan(EXHIBIT_CASES / 20);
  }, 600_000);
});
