import { readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { planCheck } from '../../src/check/plan.js';
import { stripDisagrees, type Look } from '../../src/check/strip.js';
import { bundled } from '../../src/package-files.js';
import { loadExhibit, type Exhibit } from '../../src/exhibit/index.js';
import { holds } from '../../src/lessons/checks.js';
import { isFlashing, renderFrames } from '../../src/render/index.js';
import { ExhibitModel } from '../../src/runtime/exhibit-model.js';

/**
 * Every bundled exhibit's claims (what its `about` says a visitor will see), played as `neuron-kit
 * check` plays them — each from the exhibit's starting state, the claim's visitor actions, a look once
 * `after` has passed and no flash is on — on the model and renderer alone, for two seeds: what the
 * claim says holds on the model and on the strip's pixels. (check.test.ts plays check itself on the twin.)
 */
const files = readdirSync(bundled('exhibits')).filter((f) => f.endsWith('.json') && f !== 'exhibit.schema.json');

function look(exhibit: Exhibit, model: ExhibitModel, id: string): Look {
  const frames = renderFrames(exhibit, model.view(), model.animation, model.nowMs).frames;
  const pixels = exhibit.segments.filter((s) => s.shows === 'synapse' && s.of === id).flatMap((s) => Array.from({ length: s.last - s.first + 1 }, (_, k) => {
    const f = frames[s.strip]!;
    const i = 3 * (s.first + k);
    return [f[i]!, f[i + 1]!, f[i + 2]!] as [number, number, number];
  }));
  return { pixels, flashing: isFlashing(exhibit, model.animation, id, model.nowMs) };
}

/** Advances to board time `atMs`, then on until no synapse flashes (at most 1.5 s), as check's looks do. */
function settleLook(exhibit: Exhibit, model: ExhibitModel, atMs: number): void {
  model.advanceTo(atMs);
  const synapses = exhibit.segments.filter((s) => s.shows === 'synapse').map((s) => s.of);
  for (let waited = 0; waited < 1500 && synapses.some((id) => isFlashing(exhibit, model.animation, id, model.nowMs)); waited += 20) model.advanceTo(model.nowMs + 20);
}

describe.each(files)('the claims of exhibits/%s', (file) => {
  test.each([1, 2])('hold on the model and the strip (seed %i)', async (seed) => {
    const exhibit = await loadExhibit(bundled('exhibits', file));
    const failed: string[] = [];
    for (const part of planCheck(exhibit, exhibit.claims).filter((p) => p.kind === 'claim')) {
      const model = new ExhibitModel(exhibit, { seed, startMs: 0 });
      model.setAge(exhibit.controls.age?.start ?? 1);
      settleLook(exhibit, model, 4000);
      const begin = model.nowMs;
      const start = model.storyView();
      const startLooks = new Map(exhibit.segments.filter((s) => s.shows === 'synapse').map((s) => [s.of, look(exhibit, model, s.of)]));
      for (const a of part.actions) {
        model.advanceTo(begin + a.atMs);
        if (a.kind === 'dial') model.setAge(a.fraction);
        else if (a.target === 'injury') { if (a.pressed) model.injure(); }
        else if (a.pressed) model.press(a.target);
        else model.release(a.target);
      }
      settleLook(exhibit, model, begin + part.endMs);
      const end = model.storyView();
      for (const check of part.then!) {
        if (!holds(check, end, start)) failed.push(`${part.title}: ${JSON.stringify(check)} not so on the model`);
        if ('neuron' in check) continue;
        const other = 'strongerThan' in check ? { start: startLooks.get(check.strongerThan)!, now: look(exhibit, model, check.strongerThan) } : undefined;
        const strip = stripDisagrees(check, startLooks.get(check.synapse)!, look(exhibit, model, check.synapse), other);
        if (strip) failed.push(`${part.title}: ${JSON.stringify(check)} on the strip: ${strip}`);
      }
    }
    expect(failed).toEqual([]);
  });
});
