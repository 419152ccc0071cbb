import { expect, test } from 'vitest';
import { bundled } from '../../src/package-files.js';
import { loadExhibit } from '../../src/exhibit/index.js';
import { captionsAgainstTheStrip } from './truth.js';

test.each(['default', 'use-it-or-lose-it'])('%s: over a long random visit on the twin, every caption agrees with the model, its ledger and the decoded strip', async (name) => {
  const exhibit = await loadExhibit(bundled('exhibits', `${name}.json`));
  const { told, wrong } = await captionsAgainstTheStrip(exhibit, 7, 150_000);
  expect(wrong).toEqual([]);
  // The visit made the exhibit talk about strength, so the checks above checked something.
  expect(told.filter((c) => c.strength).length).toBeGreaterThan(3);
});
