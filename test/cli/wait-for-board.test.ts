import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand, type RunOptions } from '../../src/cli/commands/run.js';
import { freePort } from '../helpers/mosquitto.js';
import { notifyRecorder } from '../helpers/notify.js';
import { root, scratch } from '../helpers/cli.js';

/**
 * A real board is waited for: with --wait-for-board or an exhibit's `board.require`, `--board auto`
 * waits for the Arduino, says so (then every minute), never runs on the twin, and Ctrl-C ends it cleanly.
 */

const files = scratch('neuron-kit-wait-');

/** Runs `neuron-kit run` in-process with a port lister that never sees an Arduino; stops after `stopAfterMs` of simulated waiting. */
async function waitWithoutArduino(opts: Partial<RunOptions>, stopAfterMs: number, whileWaiting: () => Promise<void> = async () => {}): Promise<string[]> {
  const lines: string[] = [];
  const stop = new AbortController();
  let waitedMs = 0;
  await runCommand({
    board: 'auto',
    web: false,
    // Each run keeps its state in a folder of its own: what one saved must not be resumed by the next.
    state: scratch('neuron-kit-wait-state-').dir,
    ...opts,
    signal: stop.signal,
    boardWait: {
      listPorts: async () => [{ path: '/dev/ttyS0', likelyArduino: false }],
      sleep: async (ms) => {
        if (waitedMs === 0) await whileWaiting();
        waitedMs += ms;
        if (waitedMs >= stopAfterMs) stop.abort();
      },
    },
  }, { log: (l) => lines.push(l), error: (l) => lines.push(l) });
  return lines;
}

describe('waiting for the Arduino', () => {
  it('--wait-for-board: says it waits, again every minute, never starts the twin, and stops cleanly', async () => {
    const lines = await waitWithoutArduino({ waitForBoard: true }, 150_000);
    expect(lines).toEqual([
      'Neuron Kit: "Neuron Kit" on the Arduino (it is waited for)…',
      'No Arduino found (ports seen: /dev/ttyS0): waiting for one to be plugged in (Ctrl-C stops)…',
      'Still waiting for the Arduino (1 min)…',
      'Still waiting for the Arduino (2 min)…',
      'Stopped while waiting for the Arduino.',
    ]);
  });

  it('an exhibit with "board.require": true waits without the flag', async () => {
    const doc = JSON.parse(readFileSync(join(root, 'exhibits', 'default.json'), 'utf8'));
    doc.board.require = true;
    const lines = await waitWithoutArduino({ exhibit: files.write('required.json', doc) }, 5_000);
    expect(lines[1]).toMatch(/^No Arduino found .*: waiting for one to be plugged in/);
    expect(lines.at(-1)).toBe('Stopped while waiting for the Arduino.');
    expect(lines.join('\n')).not.toMatch(/Running on/);
  });

  it('as a service: systemd is told it is ready while it waits (else it would restart the wait), and /healthz answers that the board is not connected', async () => {
    const notify = notifyRecorder();
    const port = await freePort();
    const state = scratch('neuron-kit-wait-state-').dir;
    let health: { status: number; body: { ok: boolean; board: { connected: boolean } } } | null = null;
    const lines = await waitWithoutArduino({
      waitForBoard: true,
      web: true,
      port: String(port),
      env: { ...process.env, NOTIFY_SOCKET: '/run/test.sock', PATH: `${notify.dir}:${process.env.PATH}`, XDG_STATE_HOME: state },
    }, 5_000, async () => {
      await expect.poll(notify.calls, { timeout: 10_000 }).toContain('/run/test.sock --ready --status=Waiting for the Arduino to be plugged in');
      await expect.poll(async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.status, { timeout: 10_000 }).toBe(503);
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      health = { status: res.status, body: await res.json() };
    });
    expect(health).toMatchObject({ status: 503, body: { ok: false, board: { connected: false } } });
    expect(lines.at(-1)).toBe('Stopped while waiting for the Arduino.');
  });

  it('refuses --wait-for-board with --board emulated, exit 2', async () => {
    await expect(runCommand({ board: 'emulated', waitForBoard: true, web: false }, { log: () => {}, error: () => {} }))
      .rejects.toThrow('--wait-for-board waits for a real Arduino: leave out --board emulated (or --wait-for-board).');
  });

  it('as a real process with no Arduino plugged in: waits until Ctrl-C, then exits 0', async () => {
    const child = spawn(process.execPath, [join(root, 'bin', 'neuron-kit.js'), 'run', '--wait-for-board', '--no-web'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const ceiling = setTimeout(() => child.kill('SIGKILL'), 60_000); // guard only: a hung child fails below
    let interrupted = false;
    const code = await new Promise<number | null>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d;
        if (interrupted || !stderr.includes('waiting for one to be plugged in')) return;
        interrupted = true;
        child.kill('SIGINT'); // once, as one Ctrl-C
      });
      child.on('close', (c) => resolve(c));
    });
    clearTimeout(ceiling);
    expect(stderr.split('\n').filter(Boolean)).toEqual([
      'Neuron Kit: "Neuron Kit" on the Arduino (it is waited for)…',
      expect.stringMatching(/^No Arduino found( \(ports seen: .*\))?: waiting for one to be plugged in \(Ctrl-C stops\)…$/),
      'Stopped while waiting for the Arduino.',
    ]);
    expect(code).toBe(0);
  });
});
