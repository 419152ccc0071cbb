import { describe, expect, it } from 'vitest';
import { checkRunLimits, DEFAULT_RUN_LIMITS } from '../../src/experiment/limits.js';
import { InvalidDocumentError } from '../../src/experiment/problems.js';
import { readProtocol } from '../../src/experiment/protocol.js';

/** The problems readProtocol and the run limits find, as "path: message" lines. */
function problemsOf(doc: unknown, limits = DEFAULT_RUN_LIMITS): string[] {
  try {
    checkRunLimits(readProtocol(doc), limits);
  } catch (err) {
    if (err instanceof InvalidDocumentError) return err.problems.map((p) => `${p.path}: ${p.message}`);
    throw err;
  }
  return [];
}

const network = { neurons: [{ id: 'A' }, { id: 'B' }, { id: 'C' }], synapses: [{ from: 'A', to: 'B' }], candidates: [['A', 'C']] };

describe('protocol validation: names and duplicates', () => {
  it('accepts the base protocol', () => {
    expect(problemsOf({ network, until: '1s' })).toEqual([]);
  });
  it('refuses a compression beyond what the slow clock integrates, at the start or set later', () => {
    expect(problemsOf({ network, compression: 1e9, until: '1s' })).toEqual(['compression: must be ≤ 30960000, got 1000000000']);
    expect(problemsOf({ network, events: [{ at: 0, set: { compression: 1e300 } }], until: '1s' })).toEqual(['events[0].set.compression: must be ≤ 30960000, got 1e+300']);
    expect(problemsOf({ network, compression: 30_960_000, until: '1s' })).toEqual([]);
  });
  it('refuses a candidate pair listed twice (the model would form the synapse twice and throw mid-run)', () => {
    expect(problemsOf({ network: { ...network, candidates: [['A', 'C'], ['A', 'C']] }, until: '1s' })).toEqual(['network.candidates[1]: A->C is listed twice']);
  });
  it('a cut names what is wrong: a synapse the network does not have, or the neuron it does not know', () => {
    expect(problemsOf({ network, events: [{ at: '0s', cut: 'B->A' }], until: '1s' })).toEqual(['events[0].cut: "B->A" is not a synapse of the network (nor a candidate that may grow one); its synapses: A->B, A->C']);
    expect(problemsOf({ network, events: [{ at: '0s', cut: 'A->D' }], until: '1s' })).toEqual(['events[0].cut: names "D", not in the network; known neurons: A, B, C']);
    // A candidate may have grown its synapse by then: cutting it is allowed.
    expect(problemsOf({ network, events: [{ at: '0s', cut: 'A->C' }], until: '1s' })).toEqual([]);
  });
  it('an event of no known kind names what was written', () => {
    expect(problemsOf({ network, events: [{ at: '0s', spkie: 'A' }], until: '1s' })).toEqual(['events[0]: needs one of spike, train, pair, silence, drive, set, block, cut, lesion ("spkie" is not one)']);
  });
  it('refuses a candidate that is already a synapse', () => {
    expect(problemsOf({ network: { ...network, candidates: [['A', 'B']] }, until: '1s' })).toEqual(['network.candidates[0]: A->B is already a synapse; a candidate is a pair that is not yet connected']);
  });
  it.each(['constructor', 'toString', '__proto__'])('refuses "stp": "%s" (not a preset, whatever objects inherit)', (name) => {
    const problems = problemsOf({ network: { ...network, synapses: [{ from: 'A', to: 'B', stp: name }] }, until: '1s' });
    expect(problems).toEqual([`network.synapses[0].stp: must be "facilitating", "depressing", "none" or { "U", "tauRec", "tauFac" }, got "${name}"`]);
  });
  it('refuses a neuron id every JavaScript object already has', () => {
    const doc = JSON.parse('{"network":{"neurons":[{"id":"__proto__"},{"id":"B"}]},"until":"1s"}');
    expect(problemsOf(doc)).toContain('network.neurons[0].id: "__proto__" is a name reserved by JavaScript; use another id');
  });
  it('refuses 20,000-deep nesting with a message, not a stack overflow', () => {
    const doc = JSON.parse(`{"until":"1s","about":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}`);
    expect(problemsOf(doc)[0]).toMatch(/^about(\.a)+: nested more than 32 levels deep/);
  });
});

describe('run limits: named, with the flag that raises them', () => {
  it('refuses a run for ever', () => {
    expect(problemsOf({ until: '1000000d' })).toEqual(['until: runs 8.64e+13 steps of 1 ms, over the limit of 1.00e+9 steps; shorten the protocol, or raise the limit with --max-steps']);
  });
  it('refuses a train of a billion spikes before building it', () => {
    expect(problemsOf({ events: [{ at: 0, train: 'A', hz: 1000, count: 1e9 }], until: '1s' })).toEqual([
      'events: schedules 1.00e+9 spikes and changes, over the limit of 1.00e+6; shorten the protocol, or raise the limit with --max-events',
    ]);
  });
  it('refuses a sample every millisecond for two hours', () => {
    expect(problemsOf({ until: '2h', record: { every: '1ms' } })).toEqual([
      'record.every: records 7.20e+6 samples, over the limit of 1.00e+5 samples; shorten the protocol, or raise the limit with --max-samples',
    ]);
  });
  it('refuses samples that would make the output too big', () => {
    const big = { neurons: Array.from({ length: 2000 }, (_, i) => ({ id: `N${i}` })) };
    expect(problemsOf({ network: big, until: '1h', record: { every: '1s' } })[0]).toMatch(/^record\.every: would write about \d+ MB of samples, over the limit of 200 MB; .* --max-output-mb$/);
  });
  it('a raised limit lets the protocol through', () => {
    expect(problemsOf({ until: '1000000d' }, { ...DEFAULT_RUN_LIMITS, maxSteps: 1e14 })).toEqual([]);
  });
});
