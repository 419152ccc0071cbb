import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { CheckResult } from '../../src/cli/commands/check.js';
import { main } from '../../src/cli/main.js';

function capture() {
  const lines: string[] = [];
  const errors: string[] = [];
  return { out: { log: (l: string) => void lines.push(l), error: (l: string) => void errors.push(l) }, lines, errors };
}

/**
 * An exhibit with a button that works (Touch fires Move and a hold potentiates its synapse) and one
 * that cannot (Light's synapse is far too weak to make Move fire), one true claim and one false.
 */
const exhibit = {
  name: 'Check me',
  about: 'Hold Touch: Touch → Move turns warm. Tap Light: Light → Move turns warm too.',
  board: { kind: 'uno' },
  neurons: [{ id: 'A', label: 'Touch', button: 2, holdHz: 50 }, { id: 'B', label: 'Light', button: 3 }, { id: 'C', label: 'Move' }],
  synapses: [{ from: 'A', to: 'C', contacts: 4, receptors: 1.0 }, { from: 'B', to: 'C', contacts: 1, receptors: 0.1 }],
  strips: [{ pin: 6, length: 30, order: 'GRB' }],
  segments: [
    { shows: 'soma', of: 'A', strip: 0, first: 0, last: 0 },
    { shows: 'axon', of: 'A->C', strip: 0, first: 1, last: 8 },
    { shows: 'synapse', of: 'A->C', strip: 0, first: 9, last: 14 },
    { shows: 'soma', of: 'B', strip: 0, first: 15, last: 15 },
    { shows: 'axon', of: 'B->C', strip: 0, first: 16, last: 21 },
    { shows: 'synapse', of: 'B->C', strip: 0, first: 22, last: 27 },
    { shows: 'soma', of: 'C', strip: 0, first: 29, last: 29 },
  ],
  power: { supplyAmps: 2.0, maxBrightness: 0.6 },
  compression: 3000,
  claims: [
    { says: 'Hold Touch: Touch → Move turns warm.', do: [{ at: '1s', press: 'A' }, { at: '3s', release: 'A' }], after: '10s', then: [{ synapse: 'A->C', stronger: 25 }] },
    { says: 'Tap Light: Light → Move turns warm too.', do: [{ at: '1s', tap: 'B' }], after: '5s', then: [{ synapse: 'B->C', stronger: 25 }] },
  ],
};

describe('neuron-kit check on the twin', () => {
  test('names the button that changes nothing visible and why, the claim that holds and the one that does not; exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-'));
    writeFileSync(join(dir, 'check-me.json'), JSON.stringify(exhibit));
    const run = capture();
    const code = await main(['check', join(dir, 'check-me.json'), '--json'], run.out);
    expect(run.errors).toEqual([]);
    expect(code).toBe(1);
    const result = JSON.parse(run.lines.join('\n')) as CheckResult;
    expect(result).toMatchObject({ version: 1, exhibit: 'Check me', ok: false, unseen: ['B'], failedClaims: ['Tap Light: Light → Move turns warm too.'] });
    expect(result.warnings.map((w) => w.text).join('\n')).toMatch(/Light → Move cannot fire Move/);
    const touch = result.parts.find((p) => p.kind === 'button' && p.subject === 'A')!;
    expect(touch.visible).toBe(true);
    expect(touch.synapses.find((s) => s.synapse === 'A->C')).toMatchObject({ visibleEnd: true, exists: true });
    const claim = result.parts.find((p) => p.kind === 'claim' && p.subject === '0')!;
    expect(claim.claim).toEqual([{ check: JSON.stringify({ synapse: 'A->C', stronger: 25 }), model: true, strip: null }]);
  }, 120_000);

  test('an exhibit on two boards is refused in plain words; a missing file too', async () => {
    const two = capture();
    expect(await main(['check', 'exhibits/boards/two-boards.json'], two.out)).toBe(2);
    expect(two.errors.join('\n')).toMatch(/spans 2 boards \(left, right\); check plays an exhibit on one emulated board/);
    const none = capture();
    expect(await main(['check', join(tmpdir(), 'no-such-exhibit.json')], none.out)).not.toBe(0);
    expect(none.errors.join('\n')).not.toMatch(/\n\s+at /);
  });
});
