import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, root, scratch } from '../helpers/cli.js';

/** Issue 16's inputs through the command line: refused with exit code 2 and the JSON path, no stack trace. */

const files = scratch('neuron-kit-validation-');
const exhibit = JSON.parse(readFileSync(join(root, 'exhibits', 'use-it-or-lose-it.json'), 'utf8'));

describe('bad input is refused before anything starts', () => {
  it('an exhibit whose supply cannot light it at rest names power.supplyAmps', async () => {
    const file = files.write('dim.json', { ...exhibit, power: { supplyAmps: 0.1, maxBrightness: 0.6 } });
    const { code, stdout, stderr } = await cli('power', '--exhibit', file);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/power\.supplyAmps: a 0\.1 A supply cannot light this exhibit even at rest/);
  });
  it('board.kind "constructor" is an unknown board, not an unexpected error', async () => {
    const file = files.write('ctor.json', { ...exhibit, board: { kind: 'constructor' } });
    const { code, stderr } = await cli('wiring', '--exhibit', file);
    expect(code).toBe(2);
    expect(stderr).toMatch(/board\.kind: must be one of uno, nano, mega, got "constructor"/);
  });
  it('--palette constructor is a usage error', async () => {
    const { code, stderr } = await cli('run', '--board', 'emulated', '--no-web', '--for', '1s', '--palette', 'constructor');
    expect(code).toBe(2);
    expect(stderr).toMatch(/--palette must be one of default, colorblind, got "constructor"/);
  });
  it('--state or --log naming a file is a usage error: the run would go on without saving what it learned', async () => {
    const file = files.write('not-a-folder', 'x');
    for (const [flag, path] of [['--state', file], ['--log', join(file, 'logs')]] as const) {
      const { code, stdout, stderr } = await cli('run', '--board', 'emulated', '--no-web', flag, path);
      expect(code, flag).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toBe(`${flag} must be a folder, but ${path} is a file (or lies under one)\nGive a folder; it is made if it does not exist.\n`);
    }
  });
  it('20,000-deep JSON is refused by path', async () => {
    const file = files.write('deep.json', `{"until":"1s","about":${'['.repeat(20_000)}${']'.repeat(20_000)}}`);
    const { code, stderr } = await cli('simulate', file);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^The protocol is invalid:\n {2}about(\[0\])+: nested more than 32 levels deep/);
    expect(stderr).not.toMatch(/at .*\.js:\d+/);
  });
  it('a terminal escape in an exhibit name reaches the terminal escaped', async () => {
    const file = files.write('escape.json', { ...exhibit, name: 'Clear\u001b[2J screen' });
    const { code, stdout } = await cli('power', '--exhibit', file);
    expect(code).toBe(0);
    expect(stdout).toContain('Clear\\u001b[2J screen');
    expect(stdout).not.toContain('\u001b');
  });
});
