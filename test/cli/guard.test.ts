import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers/cli.js';

/** The command line's last line of defence: a closed pipe is a quiet exit, an uncaught error one line and exit 1. */

const bin = join(root, 'bin', 'neuron-kit.js');

/** Runs node with `args`; closes the child's stdout at once when `closeStdout` (as `| head -0` would). */
function run(args: string[], closeStdout: boolean): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  if (closeStdout) child.stdout.destroy();
  else child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('a reader that stops reading is a quiet exit', () => {
  it.each([
    ['power'],
    ['wiring'],
    ['simulate', 'exhibits/protocols/01-paired-pulse-facilitation.json', '--json'],
    ['ports', '--json'],
    ['--help'],
  ])('neuron-kit %s with stdout closed: exit 0, nothing on stderr', async (...args) => {
    const { code, stderr } = await run([bin, ...args], true);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

describe('an error nobody caught', () => {
  const guarded = (crash: string) => [
    '--input-type=module',
    '-e',
    `const { guardProcess } = await import(${JSON.stringify(join(root, 'dist', 'src', 'cli', 'guard.js'))}); guardProcess(); ${crash}`,
  ];
  it('a throw from a timer prints one line and exits 1', async () => {
    const { code, stderr } = await run(guarded(`setImmediate(() => { throw new Error('the strip fell off\\n  at somewhere.js:1'); });`), false);
    expect(code).toBe(1);
    expect(stderr).toBe('neuron-kit: unexpected error: the strip fell off (please report it; DEBUG=neuron-kit:* shows where)\n');
  });
  it('a rejected promise nobody awaited prints one line and exits 1', async () => {
    const { code, stderr } = await run(guarded(`Promise.reject(new Error('lost'));`), false);
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual(['neuron-kit: unexpected error: lost (please report it; DEBUG=neuron-kit:* shows where)']);
  });
});

describe('the last actions of a crash (the LEDs left safe)', () => {
  const guarded = (setup: string) => [
    '--input-type=module',
    '-e',
    `const { guardProcess, beforeCrashExit } = await import(${JSON.stringify(join(root, 'dist', 'src', 'cli', 'guard.js'))}); guardProcess(); ${setup} setImmediate(() => { throw new Error('boom'); });`,
  ];
  const line = 'neuron-kit: unexpected error: boom (please report it; DEBUG=neuron-kit:* shows where)';

  it('run after the one line and before the exit, and one that was unregistered does not', async () => {
    const { code, stderr } = await run(guarded(`
      beforeCrashExit(async () => { await new Promise((r) => setTimeout(r, 20)); process.stderr.write('strips off\\n'); });
      const forget = beforeCrashExit(() => process.stderr.write('closed port touched\\n')); forget();`), false);
    expect(stderr.split('\n').filter(Boolean)).toEqual([line, 'strips off']);
    expect(code).toBe(1);
  });

  it('one that never finishes does not keep the process: exit 1 after the time they are given', async () => {
    const { code, stderr } = await run(guarded('beforeCrashExit(() => new Promise(() => {}));'), false);
    expect(stderr.split('\n').filter(Boolean)).toEqual([line]);
    expect(code).toBe(1);
  });

  it('one that fails, or a second error meanwhile, still ends in one line and exit 1', async () => {
    const { code, stderr } = await run(guarded(`
      beforeCrashExit(() => { throw new Error('the port is gone too'); });
      beforeCrashExit(() => new Promise(() => setImmediate(() => { throw new Error('again'); })));`), false);
    expect(stderr.split('\n').filter(Boolean)).toEqual([line]);
    expect(code).toBe(1);
  });
});
