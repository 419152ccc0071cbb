import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, root, scratch } from '../helpers/cli.js';

/** `neuron-kit run` as a user runs it: a separate process on the twin. */

const files = scratch('neuron-kit-run-');
const file = files.write;

describe('neuron-kit run', () => {
  it('plays a visitor script on the twin and prints the spec document with 0 corrupted frames', async () => {
    const script = file('script.json', [
      { at: '1s', tap: 'A' }, { at: '2s', press: 'B' }, { at: '2.3s', release: 'B' },
      { at: '3s', repeat: { tap: 'A', hz: 5, count: 10 } }, { at: '6s', turn: 'age', to: 0.2 }, { at: '7s', tap: 'injury' },
    ]);
    const { code, stdout, stderr } = await cli('run', '--board', 'emulated', '--exhibit', join(root, 'exhibits', 'default.json'), '--script', script, '--for', '10s', '--fast', '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(Object.keys(doc)).toEqual(['version', 'board', 'firmware', 'duration', 'presses', 'spikes', 'synapses', 'neurons', 'strips', 'latency', 'link']);
    expect(doc).toMatchObject({ version: 1, board: 'emulated', firmware: { name: 'NeuronKit', version: '1.1' }, presses: { A: 11, B: 1, injury: 1 } });
    expect(doc.duration).toBeCloseTo(10, 3);
    // Every press fires A; A also fires now and then on its own (the exhibit's background rate).
    expect(doc.spikes.A).toBeGreaterThanOrEqual(11);
    expect(doc.spikes.A).toBeLessThanOrEqual(11 + 20);
    expect(doc.synapses['A->C']).toMatchObject({ exists: false, contacts: 0 });
    expect(Object.keys(doc.synapses['B->C'])).toEqual(['efficacy', 'release', 'receptors', 'contacts', 'exists']);
    expect(doc.neurons.C).toEqual({ alive: true });
    expect(doc.strips).toHaveLength(1);
    expect(doc.strips[0].pin).toBe(6);
    expect(doc.strips[0].pixels).toHaveLength(60);
    expect(doc.latency.count).toBe(12); // every press of a neuron button: A 11, B 1
    expect(doc.latency.p99Ms).toBeGreaterThan(0);
    expect(doc.link.framesCorrupted).toBe(0);
    expect(doc.link.framesShown).toBe(doc.link.framesSent);
    expect(doc.link.utilization).toBeGreaterThan(0);
    expect(doc.link.utilization).toBeLessThan(1);
  });

  const bad: Array<[string, string[], RegExp]> = [
    ['--fast on a real board', ['--board', '/dev/ttyACM9', '--fast', '--for', '1s'], /--fast needs --board emulated/],
    ['--json without --for', ['--board', 'emulated', '--json'], /--json prints the result at the end of the run: give --for too/],
    ['a bad duration', ['--board', 'emulated', '--for', 'soon'], /--for "soon" is not a duration/],
    ['a missing exhibit', ['--exhibit', '/nope/exhibit.json', '--for', '1s'], /Exhibit file not found: \/nope\/exhibit\.json/],
    ['an unknown palette', ['--board', 'emulated', '--palette', 'neon', '--for', '1s'], /--palette must be one of default, colorblind/],
  ];
  for (const [what, args, message] of bad) {
    it(`refuses ${what} with exit 2 and says why`, async () => {
      const { code, stdout, stderr } = await cli('run', ...args);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(message);
    });
  }

  it('refuses an invalid exhibit before anything starts, naming every problem by JSON path', async () => {
    const doc = JSON.parse(readFileSync(join(root, 'exhibits', 'use-it-or-lose-it.json'), 'utf8'));
    doc.neurons[1].button = 1;
    doc.segments[6].last = 31;
    const { code, stderr } = await cli('run', '--board', 'emulated', '--exhibit', file('bad-exhibit.json', doc), '--for', '1s');
    expect(code).toBe(2);
    expect(stderr).toMatch(/neurons\[1\]\.button: pin 1 is reserved/);
    expect(stderr).toMatch(/segments\[6\]\.last: pixel 31 is outside strip 0/);
    expect(stderr).not.toMatch(/Running on/);
  });

  it('ends with a summary that names buttons, neurons and synapses as the kit does', async () => {
    const script = file('labels.json', [{ at: '1s', tap: 'A' }, { at: '2s', tap: 'injury' }]);
    const { code, stdout } = await cli('run', '--board', 'emulated', '--script', script, '--for', '3s', '--fast', '--no-web');
    expect(code).toBe(0);
    expect(stdout).toContain('Presses: Touch (A) 1, Light (B) 0, Injury 1.');
    expect(stdout).toMatch(/^Action potentials: Touch \(A\) \d+, Light \(B\) \d+, Move \(C\) \d+\.$/m);
    // The injury cut it: the summary does not know why it went, so it does not say "pruned".
    expect(stdout).toMatch(/^ {2}Touch → Move: gone \(cut or pruned\)$/m);
    expect(stdout).toMatch(/^ {2}Light → Move: efficacy \d\.\d\d, 2 contacts$/m);
    expect(stdout).not.toMatch(/A->C|B->C/);
  });

  it('refuses a script that names a button the exhibit lacks', async () => {
    const script = file('bad-script.json', [{ at: '1s', tap: 'Z' }, { at: '-1s', tap: 'A' }]);
    const { code, stderr } = await cli('run', '--board', 'emulated', '--script', script, '--for', '1s');
    expect(code).toBe(2);
    expect(stderr).toMatch(/\[0\]\.tap: "Z" has no button in this exhibit; buttons: A, B, injury/);
    expect(stderr).toMatch(/\[1\]\.at: must not be negative/);
  });
});
