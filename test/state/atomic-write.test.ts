import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recoverWrites, writeFileAtomic, writeFilesTogether } from '../../src/state/atomic-write.js';

/** Writes that never lose the last good file, checked by killing writers at every step and at random. */

const child = join(import.meta.dirname, 'writer-child.mjs');
const folder = () => mkdtempSync(join(tmpdir(), 'neuron-kit-atomic-'));

/** Runs the writer child; resolves when it has printed `finished` generations (then kills it) or exits. */
function writer(dir: string, first: number, options: { killAt?: number; killAfter?: number }): Promise<void> {
  const args = [child, dir, String(first), ...(options.killAt === undefined ? [] : [String(options.killAt)])];
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let done = 0;
  proc.stdout.on('data', (d: Buffer) => {
    done += d.toString().trim().split('\n').length;
    if (options.killAfter !== undefined && done >= options.killAfter) proc.kill('SIGKILL');
  });
  return new Promise((resolve) => proc.on('close', () => resolve()));
}

/** The generation of the pair on disk; fails if the two files disagree or either is torn. */
function pairGeneration(dir: string): number {
  const md = readFileSync(join(dir, 'table.md'), 'utf8');
  const svg = readFileSync(join(dir, 'diagram.svg'), 'utf8');
  const g = Number(/^generation (\d+)\n/.exec(md)?.[1]);
  expect(svg.startsWith(`<svg>${g}</svg>`), `table.md is generation ${g}, diagram.svg starts ${svg.slice(0, 20)}`).toBe(true);
  const filler = 'x'.repeat(1000 + ((g * 7919) % 50_000));
  expect(md).toBe(`generation ${g}\n${filler}`);
  expect(svg).toBe(`<svg>${g}</svg>${filler}`);
  return g;
}

describe('one file', () => {
  it('is replaced whole, with no temporary file left', async () => {
    const dir = folder();
    await writeFileAtomic(join(dir, 'a.txt'), 'old');
    await writeFileAtomic(join(dir, 'a.txt'), 'new');
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['a.txt']);
  });
});

describe('a pair written together', () => {
  it('refuses files in different folders', async () => {
    await expect(writeFilesTogether([{ path: '/tmp/a/x', data: '' }, { path: '/tmp/b/y', data: '' }])).rejects.toThrow(/one folder/);
  });

  // A pair write has 7 steps on disk: two temporary files, the journal (temporary, renamed), two renames, journal removed.
  it('killed after each step, it is all old or all new once recovered, never torn', async () => {
    const dir = folder();
    await writer(dir, 1, { killAt: 99 });
    for (let step = 1; step <= 7; step++) {
      const before = pairGeneration(dir);
      await writer(dir, before + 1, { killAt: step });
      await recoverWrites(dir);
      const after = pairGeneration(dir);
      // Once the journal is committed (step 4), the new pair wins; before it, the old one stays.
      expect(after, `killed after step ${step}`).toBe(step >= 4 ? before + 1 : before);
      expect(readdirSync(dir).sort()).toEqual(['diagram.svg', 'table.md']);
    }
  });

  it('killed at random moments 60 times, the pair on disk always matches', async () => {
    const dir = folder();
    await writer(dir, 1, { killAt: 99 });
    let seed = 16;
    const random = () => ((seed = (seed * 48271) % 2147483647), seed / 2147483647);
    for (let i = 0; i < 60; i++) {
      const before = pairGeneration(dir);
      // Killed while writing generation before + k (k finished writes, the next one cut short).
      await writer(dir, before + 1, { killAfter: 1 + Math.floor(random() * 4) });
      // The next writer recovers the folder first; a reader can too.
      await recoverWrites(dir);
      expect(pairGeneration(dir)).toBeGreaterThan(before);
      expect(readdirSync(dir).sort()).toEqual(['diagram.svg', 'table.md']);
    }
  }, 120_000);
});
