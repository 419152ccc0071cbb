import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { xmlProblems } from '../hardware/xml.js';
import { mutate, mutation, nonFinite } from './mutate.js';
import { cases } from './depth.js';

/**
 * Mutated exhibits and protocols through the command line, in-process (main() returns the exit code):
 * every one ends in exit 0 with sound output, or exit 2 with each problem on its own line as
 * "  path: message" — never exit 1, never "unexpected error", never a stack trace.
 */

const root = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'neuron-kit-cli-fuzz-'));
const exhibits = readdirSync(join(root, 'exhibits')).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json')).map((f) => JSON.parse(readFileSync(join(root, 'exhibits', f), 'utf8')) as unknown);
const protocols = readdirSync(join(root, 'exhibits', 'protocols')).map((f) => JSON.parse(readFileSync(join(root, 'exhibits', 'protocols', f), 'utf8')) as unknown);

export const CLI_CASES = cases(1500);

async function command(...argv: string[]): Promise<{ code: number; stdout: string[]; stderr: string[] }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await main(argv, { log: (l) => stdout.push(l), error: (l) => stderr.push(l) });
  return { code, stdout, stderr };
}

function expectRefusedByPath(r: { code: number; stdout: string[]; stderr: string[] }): void {
  expect(r.code, r.stderr.join('\n')).toBe(2);
  expect(r.stdout).toEqual([]);
  const lines = r.stderr.join('\n').split('\n');
  expect(lines[0]).toMatch(/^The (exhibit|protocol).* is invalid:$/);
  for (const line of lines.slice(1)) expect(line).toMatch(/^ {2}\S[^\n]*: \S/);
}

describe('the command line on mutated input', () => {
  it(`power and wiring --out: exit 0 with sound output or exit 2 by path, for ${CLI_CASES} exhibits`, async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: exhibits.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), async (which, mutations) => {
        const file = join(dir, `exhibit-${n++}.json`);
        writeFileSync(file, JSON.stringify(mutate(exhibits[which], mutations)));
        const power = await command('power', '--exhibit', file, '--json');
        if (power.code !== 0) return expectRefusedByPath(power);
        expect(nonFinite(JSON.parse(power.stdout.join('\n')))).toEqual([]);
        const out = join(dir, `wiring-${n}`);
        const wiring = await command('wiring', '--exhibit', file, '--out', out);
        expect(wiring.code, wiring.stderr.join('\n')).toBe(0);
        expect(xmlProblems(readFileSync(join(out, 'wiring.svg'), 'utf8'))).toEqual([]);
      }),
      { seed: 16, numRuns: CLI_CASES },
    );
  }, 600_000);

  it(`simulate --json (at most 3 s of fast clock): exit 0 with finite numbers or exit 2 by path, for ${CLI_CASES} protocols`, async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: protocols.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), async (which, mutations) => {
        const file = join(dir, `protocol-${n++}.json`);
        writeFileSync(file, JSON.stringify(mutate(protocols[which], mutations)));
        const r = await command('simulate', file, '--json', '--max-steps', '3000');
        if (r.code !== 0) return expectRefusedByPath(r);
        expect(r.stdout).toHaveLength(1);
        expect(nonFinite(JSON.parse(r.stdout[0]!))).toEqual([]);
      }),
      { seed: 16, numRuns: CLI_CASES },
    );
  }, 600_000);
});
