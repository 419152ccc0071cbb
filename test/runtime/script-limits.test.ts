import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readExhibit } from '../../src/exhibit/index.js';
import { InvalidDocumentError } from '../../src/experiment/problems.js';
import { readScript } from '../../src/runtime/script.js';

/** A visitor script has limits too: nothing in it can take the memory before the run starts. */

const exhibit = readExhibit(JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'exhibits', 'default.json'), 'utf8')));
const problemsOf = (doc: unknown) => {
  try {
    readScript(doc, exhibit);
    return [];
  } catch (err) {
    if (err instanceof InvalidDocumentError) return err.problems.map((p) => `${p.path}: ${p.message}`);
    throw err;
  }
};

describe('visitor script limits', () => {
  it('refuses a billion taps before expanding them', () => {
    expect(problemsOf([{ at: 0, repeat: { tap: 'A', hz: 5, count: 1e9 } }])).toEqual(['[0].repeat.count: a script may press buttons at most 100000 times in all; split a long run into shorter ones']);
  });
  it('refuses deep nesting by path', () => {
    expect(problemsOf(JSON.parse(`[{"at":0,"tap":${'['.repeat(5000)}${']'.repeat(5000)}}]`))[0]).toMatch(/^\[0\]\.tap(\[0\])+: nested more than 32 levels deep/);
  });
  it('still reads an ordinary script', () => {
    expect(problemsOf([{ at: '1s', tap: 'A' }, { at: '2s', repeat: { tap: 'B', hz: 5, count: 20 } }])).toEqual([]);
  });
});

describe('a script names buttons by id', () => {
  it('a button named by its label on the kit is refused with the id to use', () => {
    expect(problemsOf([{ at: '1s', tap: 'Touch' }, { at: '2s', press: 'light' }, { at: '3s', release: 'Move' }])).toEqual([
      '[0].tap: "Touch" is a label, not a button id; Touch is the button of neuron A: use "A" (buttons: A, B, injury)',
      '[1].press: "light" is a label, not a button id; Light is the button of neuron B: use "B" (buttons: A, B, injury)',
      // Move has no button: there is no id to offer.
      '[2].release: "Move" has no button in this exhibit; buttons: A, B, injury',
    ]);
  });
});
