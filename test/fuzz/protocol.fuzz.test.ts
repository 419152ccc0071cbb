import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRunLimits } from '../../src/experiment/limits.js';
import { InvalidDocumentError } from '../../src/experiment/problems.js';
import { readProtocol, type Protocol } from '../../src/experiment/protocol.js';
import { simulate } from '../../src/experiment/simulate.js';
import { mutate, mutation, nonFinite } from './mutate.js';
import { cases } from './depth.js';

/**
 * The same contract for protocols: every protocol that passes validation and the run limits runs
 * (its first seconds, in-process) without throwing and with only finite numbers in the result; every
 * other one is refused with an InvalidDocumentError whose every problem names a JSON path.
 */

const folder = join(import.meta.dirname, '..', '..', 'exhibits', 'protocols');
const specExample = {
  network: {
    neurons: [{ id: 'A' }, { id: 'B' }, { id: 'C' }],
    synapses: [{ from: 'A', to: 'B', contacts: 1, stp: 'facilitating', release: 0.1, receptors: 1.0 }],
    candidates: [['A', 'C']],
  },
  stage: 'adult',
  compression: 1,
  events: [
    { at: '0s', spike: 'A' },
    { at: '1s', train: 'A', hz: 100, count: 100 },
    { at: '2s', pair: { pre: 'A', post: 'B', dt: '10ms' }, hz: 1, count: 60 },
    { at: '1s', silence: 'A', for: '48h' },
    { at: '1s', drive: 'B', hz: 20, for: '2d' },
    { at: '2s', set: { stage: 'juvenile' } },
    { at: '2s', set: { injury: true } },
  ],
  until: '5h',
  record: { every: '1min' },
};
const sources = [specExample, ...readdirSync(folder).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(folder, f), 'utf8')) as unknown)];

/** Cases per run. Each accepted one simulates up to 3 s of the fast clock. */
export const PROTOCOL_CASES = cases(8000);
const RUN_MS = 3000;

describe('protocols: everything accepted runs, everything else is refused by path', () => {
  it(`holds for ${PROTOCOL_CASES} mutated protocols`, () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.nat({ max: sources.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 1000 }), (which, mutations, seed) => {
        const doc = mutate(sources[which], mutations);
        let protocol: Protocol;
        try {
          protocol = readProtocol(doc);
          checkRunLimits(protocol);
        } catch (err) {
          if (!(err instanceof InvalidDocumentError)) throw err;
          expect(err.problems.length).toBeGreaterThan(0);
          for (const p of err.problems) expect(p.path.length * p.message.length).toBeGreaterThan(0);
          return;
        }
        accepted++;
        const result = simulate({ ...protocol, untilMs: Math.min(protocol.untilMs, RUN_MS) }, seed);
        expect(nonFinite(result)).toEqual([]);
        expect(result.samples.length).toBeGreaterThan(0);
      }),
      { seed: 16, numRuns: PROTOCOL_CASES },
    );
    expect(accepted).toBeGreaterThan(PROTOCOL_CASES / 20);
  }, 600_000);
});
