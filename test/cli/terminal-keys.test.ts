import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { within } from '../helpers/events.js';
import { root } from '../helpers/cli.js';
import { hasTool } from '../helpers/system.js';

/** The live terminal view's keys, in a real pseudo-terminal (util-linux `script`, part of every Debian). */

const hasScript = hasTool('script', ['--version'], 'apt-get install bsdutils');
const strip = (s: string) => s.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');

// Reason: `script` makes the pseudo-terminal; a machine without util-linux cannot run this suite.
describe.skipIf(!hasScript)('the terminal view\'s keys', () => {
  it('two keys that arrive together (two hands on the keyboard) are two presses, one on each button', async () => {
    const command = `${process.execPath} ${join(root, 'bin', 'neuron-kit.js')} run --board emulated --no-web --no-state --no-log`;
    const child = spawn('script', ['-qfc', command, '/dev/null'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    let screen = '';
    child.stdout.on('data', (d: Buffer) => (screen += d.toString()));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    const redraws = () => strip(screen).split('keys: ').length - 1;
    const until = (what: string, test: () => boolean) =>
      within(60_000, new Promise<void>((resolve) => {
        const check = () => (test() ? resolve() : setTimeout(check, 20));
        check();
      }), what);
    try {
      await until('the live view', () => redraws() > 0);
      child.stdin.write('12');
      // A few redraws later the board has run past both taps (each held 50 ms of board time).
      const seen = redraws();
      await until('five redraws after the keys', () => redraws() >= seen + 5);
      child.stdin.write('q');
      expect(await within(30_000, closed, 'the run ending after q')).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
    expect(strip(screen)).toMatch(/Presses: Touch \(A\) 1, Light \(B\) 1, Injury 0\./);
  });
});
