import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { exposeOnPty, Twin, type DecodedFrame } from '../../src/emulator/index.js';
import { wireToRgb } from '../../src/wire/index.js';
import { twinFirmware } from '../../src/board/twin.js';
import { root, scratch } from '../helpers/cli.js';
import { hasTool } from '../helpers/system.js';

/**
 * An error nobody caught in a running exhibit, end to end: a real `neuron-kit run` process drives a
 * twin (held here, behind a pty) and then crashes. It prints one line, turns the strip off (never
 * a frozen frame), exits 1, and the kit firmware's standalone mode takes over. (The stock firmware:
 * test/board/leave-safe.test.ts, in-process: over a pty its 3 s start-up races the process's 4 s
 * wall-clock first attempt on a loaded machine.)
 */

const hasSocat = hasTool('socat', ['-V'], 'apt-get install socat');
const CEILING_MS = 90_000;

// Loaded into the child before the CLI: once the exhibit has lit the strip (the test says so with
// SIGUSR1, which the exhibit itself ignores), a timer throws, as a bug would.
const crashOnceRunning = scratch('neuron-kit-crash-').write('crash-once-running.mjs', `
process.once('SIGUSR1', () => setTimeout(() => { throw new Error('the strip fell off'); }, 0));
`);

const CRASH_LINE = 'neuron-kit: unexpected error: the strip fell off (please report it; DEBUG=neuron-kit:* shows where)';

/** Runs `neuron-kit run --board PATH` with the crash loaded, until it exits; `lit` resolving sets the crash off. */
async function runCrashing(path: string, lit: Promise<void>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', crashOnceRunning, join(root, 'bin', 'neuron-kit.js'), 'run', '--board', path, '--no-web'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  void lit.then(() => child.kill('SIGUSR1'));
  const ceiling = setTimeout(() => child.kill('SIGKILL'), CEILING_MS); // guard only: a hung child fails the test
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(ceiling);
  return { code, stderr };
}

const litPixels = (frame: DecodedFrame | undefined) => (frame ? wireToRgb(frame.bytes).filter((p) => p.some((v) => v > 0)).length : 0);

it.skipIf(!hasSocat)('a crash while running on a board: one line, the strip off, exit 1, then the kit firmware\'s own glow (over a pty; needs socat)', async () => {
  const path = join(tmpdir(), `neuron-kit-crash-${process.pid}`);
  // A short bootloader: the real process's first connection attempt is paced by the wall clock.
  const twin = new Twin({ ...twinFirmware('kit'), pulledUpPins: [2, 3, 4], bootloaderMs: 200 });
  const frames: DecodedFrame[] = [];
  let exhibitLit!: () => void;
  const lit = new Promise<void>((resolve) => (exhibitLit = resolve));
  // The crash comes once the exhibit's frames light the strip (a loaded machine may take a while to get there).
  twin.onFrame((f) => {
    if (f.pin !== 6) return;
    frames.push(f);
    if (litPixels(f) > 0) exhibitLit();
  });
  const closePty = exposeOnPty(twin, { path });
  let running = twin.start('realtime');
  try {
    for (let i = 0; i < 250 && !existsSync(path); i++) await new Promise((r) => setTimeout(r, 20));
    const { code, stderr } = await runCrashing(path, lit);
    expect(stderr).toMatch(/^Running on .*firmware NeuronKit 1\.1/m);
    expect(stderr.split('\n').filter(Boolean).slice(-1)).toEqual([CRASH_LINE]);
    expect(code).toBe(1);
    // The host is gone. On a loaded machine the twin runs behind the wall clock, and what the host
    // wrote last (the strip off) may still be on the line: let every byte reach the chip (the line
    // queue empty and nothing more arriving through socat), then run the board on by itself.
    for (let written = -1; written !== twin.transport.stats.hostBytesWritten || twin.transport.line.pendingToBoard > 0;) {
      written = twin.transport.stats.hostBytesWritten;
      await new Promise((r) => setTimeout(r, 100));
    }
    const drainedAt = twin.nowMs;
    while (twin.nowMs < drainedAt + 50) await new Promise((r) => setTimeout(r, 10));
    twin.stop();
    await running;
    const goneAt = twin.nowMs;
    const lastShown = frames.at(-1)!;
    expect(Math.max(...frames.slice(0, -1).map(litPixels))).toBeGreaterThan(0); // the exhibit was lit…
    expect(litPixels(lastShown)).toBe(0); // …and the crash turned it off, not frozen
    running = twin.run({ forMs: 4000 });
    await running;
    const own = frames.filter((f) => f.latchedAtMs > goneAt);
    expect(own.length).toBeGreaterThan(0);
    expect(own[0]!.latchedAtMs - lastShown.latchedAtMs).toBeGreaterThanOrEqual(2900); // after the firmware's 3 s of silence…
    for (const f of own) expect(litPixels(f)).toBeGreaterThan(0); // …its idle glow: never a dead strip
  } finally {
    twin.stop();
    await running;
    closePty();
  }
});
// Reason: the pty between the twin and the process needs socat; with NEURON_KIT_REQUIRE_ALL=1 hasTool fails instead.
if (!hasSocat) it.skip('crash test skipped: socat is not installed (apt-get install socat)', () => {});
