import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, root, scratch } from '../helpers/cli.js';

/** `neuron-kit simulate` as a user runs it: a separate process through bin/neuron-kit.js. */

const files = scratch('neuron-kit-cli-');
const file = files.write;
const dir = files.dir;

describe('neuron-kit simulate', () => {
  it('runs every event kind of the spec and prints exactly one JSON document', async () => {
    const protocol = file('all-events.json', {
      network: {
        neurons: [{ id: 'A' }, { id: 'B' }, { id: 'C' }],
        synapses: [{ from: 'A', to: 'B', contacts: 1, stp: 'facilitating', release: 0.1, receptors: 1.0 }, { from: 'B', to: 'C', stp: { U: 0.3, tauRec: '200ms', tauFac: '0.5s' } }],
        candidates: [['A', 'C']],
      },
      stage: 'adult',
      compression: 1,
      events: [
        { at: '0s', spike: 'A' },
        { at: '1s', train: 'A', hz: 100, count: 10 },
        { at: '2s', pair: { pre: 'A', post: 'B', dt: '10ms' }, hz: 1, count: 3 },
        { at: '5s', silence: 'A', for: '1s' },
        { at: '5s', drive: 'B', hz: 20, for: '2s' },
        { at: '6s', set: { stage: 'juvenile' } },
        { at: '7s', set: { injury: true, compression: 10 } },
      ],
      until: '8s',
      record: { every: '2s' },
    });
    const { code, stdout, stderr } = await cli('simulate', protocol, '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.version).toBe(1);
    expect(result.seed).toBe(1);
    expect(result.until).toBe(8);
    expect(result.samples.map((s: { t: number }) => s.t)).toEqual([0, 2, 4, 6, 8]);
    expect(result.samples.at(-1).slowT).toBeCloseTo(7 + 10, 3);
    expect(Object.keys(result.samples[0].synapses)).toEqual(['A->B', 'B->C']);
    expect(result.spikes.A).toBe(1 + 10 + 3);
    expect(result.responses[0]).toEqual({ t: 0, synapse: 'A->B', amplitude: expect.closeTo(0.1, 6) });
    const json = JSON.stringify(result);
    expect(json).not.toMatch(/null|NaN|Infinity/);
  });

  it('is deterministic for a seed and prints a plain summary without --json', async () => {
    const protocol = file('drive.json', { events: [{ at: 0, drive: 'A', hz: 20, for: '5s' }], until: '5s' });
    const a = await cli('simulate', protocol, '--json', '--seed', '7');
    const b = await cli('simulate', protocol, '--json', '--seed', '7');
    const c = await cli('simulate', protocol, '--json', '--seed', '8');
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).not.toBe(c.stdout);
    const text = await cli('simulate', protocol);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Action potentials fired: A \d+, B \d+/);
    expect(text.stdout).toMatch(/Synapse A->B/);
  });

  const invalid: Array<[string, unknown, RegExp]> = [
    ['unknown neuron id', { events: [{ at: 0, spike: 'Z' }], until: '1s' }, /events\[0\]\.spike: unknown neuron "Z"; known neurons: A, B/],
    ['negative rate', { events: [{ at: 0, train: 'A', hz: -5, count: 3 }], until: '1s' }, /events\[0\]\.hz: must be > 0, got -5/],
    ['bad duration', { events: [{ at: '3 parsecs', spike: 'A' }], until: '1s' }, /events\[0\]\.at: "3 parsecs" is not a duration/],
    ['negative duration', { events: [{ at: 0, silence: 'A', for: '-2s' }], until: '1s' }, /events\[0\]\.for: must be longer than 0/],
    ['missing until', { events: [] }, /until: is missing; expected a duration/],
    ['unknown synapse neuron', { network: { neurons: [{ id: 'A' }], synapses: [{ from: 'A', to: 'Q' }] }, until: '1s' }, /network\.synapses\[0\]\.to: unknown neuron "Q"/],
    ['bad stp preset', { network: { neurons: [{ id: 'A' }, { id: 'B' }], synapses: [{ from: 'A', to: 'B', stp: 'sticky' }] }, until: '1s' }, /network\.synapses\[0\]\.stp: must be "facilitating", "depressing", "none"/],
    ['release out of range', { network: { neurons: [{ id: 'A' }, { id: 'B' }], synapses: [{ from: 'A', to: 'B', release: 1.5 }] }, until: '1s' }, /network\.synapses\[0\]\.release: must be ≤ 1, got 1.5/],
    ['bad stage', { stage: 'teenage', until: '1s' }, /stage: must be "juvenile", "adult" or a plasticity gain > 0/],
    ['count not whole', { events: [{ at: 0, train: 'A', hz: 10, count: 2.5 }], until: '1s' }, /events\[0\]\.count: must be a whole number, got 2.5/],
    ['typo in a field', { events: [{ at: 0, train: 'A', hz: 10, count: 2, hzz: 3 }], until: '1s' }, /events\[0\]\.hzz: unknown field/],
    ['two kinds in one event', { events: [{ at: 0, spike: 'A', train: 'B' }], until: '1s' }, /events\[0\]: has both spike and train/],
    ['event after until', { events: [{ at: '2s', spike: 'A' }], until: '1s' }, /events\[0\]\.at: is after "until"/],
  ];
  for (const [what, doc, message] of invalid) {
    it(`rejects a protocol with ${what}: exit 2, the JSON path named, nothing on stdout`, async () => {
      const { code, stdout, stderr } = await cli('simulate', file(`${what.replace(/ /g, '-')}.json`, doc), '--json');
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(message);
      expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    });
  }

  it('lists every problem at once', async () => {
    const { code, stderr } = await cli('simulate', file('many.json', { events: [{ at: 0, spike: 'Z' }, { at: 0, train: 'A', hz: 0, count: 1 }] }));
    expect(code).toBe(2);
    expect(stderr).toMatch(/events\[0\]\.spike/);
    expect(stderr).toMatch(/events\[1\]\.hz/);
    expect(stderr).toMatch(/until/);
  });

  it('rejects malformed JSON with the line and column an editor shows, exit 2', async () => {
    const { code, stdout, stderr } = await cli('simulate', file('broken.json', '{\n  "until": "1s",\n  "events": [{"at": "0s" "spike": "A"}]\n}\n'), '--json');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/is not valid JSON: .* \(line 3, column 26\)/);
  });

  it('rejects a missing file, exit 2', async () => {
    const { code, stderr } = await cli('simulate', join(dir, 'nope.json'));
    expect(code).toBe(2);
    expect(stderr).toMatch(/Protocol file not found: .*nope\.json/);
  });

  it('rejects a bad seed and an unknown option, exit 2', async () => {
    const protocol = file('ok.json', { until: '1s' });
    expect((await cli('simulate', protocol, '--seed', 'abc')).code).toBe(2);
    const unknown = await cli('simulate', protocol, '--jsn');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown option '--jsn'/);
  });

  it('has --help on every command', async () => {
    for (const args of [['--help'], ['simulate', '--help'], ['demo', '--help']]) {
      const { code, stdout } = await cli(...args);
      expect(code).toBe(0);
      expect(stdout).toMatch(/Usage: neuron-kit/);
    }
  });

  it('runs every bundled example protocol', async () => {
    const { code, stdout } = await cli('demo');
    expect(code).toBe(0);
    for (const phrase of ['Responses of A->B, relative to the first: 1.00, 1.74', 'potentiated', 'depressed', 'was pruned', 'is new', 'was lost']) {
      expect(stdout).toContain(phrase);
    }
    // Headings are the protocols' titles, and sizes are said in words, never as "a 0% response".
    expect(stdout).toContain('== Paired-pulse facilitation\n');
    expect(stdout).toContain('causes about the same response as before');
    expect(stdout).toMatch(/causes a response \d+% larger than before/);
    expect(stdout).not.toMatch(/a [-+]?\d+% response/);
  });

  it('every example protocol has a title, and its about names only synapses it has', async () => {
    const folder = join(root, 'exhibits', 'protocols');
    for (const file of readdirSync(folder)) {
      const doc = JSON.parse(readFileSync(join(folder, file), 'utf8'));
      expect(typeof doc.title, file).toBe('string');
      const ids = new Set([...doc.network.synapses.map((s: { from: string; to: string }) => `${s.from}->${s.to}`), ...(doc.network.candidates ?? []).map(([a, b]: string[]) => `${a}->${b}`)]);
      for (const named of doc.about.match(/\b[A-Z]->[A-Z]\b/g) ?? []) expect(ids.has(named), `${file} names ${named}`).toBe(true);
    }
  });
});
