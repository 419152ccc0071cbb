import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { scratch } from '../helpers/cli.js';
import { hasTool } from '../helpers/system.js';
import { childrenOf, running, start, startCli, type Running } from '../helpers/process.js';

/** Operating the exhibit as a service would: real processes, real signals, on the twin. */

const WAIT = { timeout: 60_000 };
const started: Running[] = [];
afterAll(() => {
  for (const r of started) if (r.child.pid && running(r.child.pid)) process.kill(r.child.pid, 'SIGKILL');
});
const track = (r: Running) => (started.push(r), r);

function fetchText(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

function logEvents(stateHome: string): Array<Record<string, unknown>> {
  const dir = join(stateHome, 'neuron-kit', 'logs');
  return readdirSync(dir).flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>));
}

describe('neuron-kit run stops on a signal', () => {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR2'] as const) {
    test(`${signal}: exit 0 within 2 s, and the visitor log says start and stop`, async () => {
      const home = scratch('neuron-kit-state-').dir;
      const run = track(startCli(['run', '--board', 'emulated', '--port', '0'], { XDG_STATE_HOME: home }));
      await run.waitFor('Page: http://');
      // The docent's view is named beside the visitor's page, on the same port.
      const page = /Page: (http:\/\/\S+)/.exec(run.output())![1]!;
      await run.waitFor(`Docent: ${new URL('/docent', page).href}`);
      const sentMs = performance.now();
      process.kill(run.child.pid!, signal);
      const end = await run.exited;
      expect(end).toMatchObject({ code: 0, signal: null });
      expect(end.atMs - sentMs).toBeLessThan(2000);
      // The exhibit's state is saved on the way out (a checkpoint line) before the stop line.
      const events = logEvents(home).map((e) => e.event);
      expect(events.filter((e) => e === 'start' || e === 'stop')).toEqual(['start', 'stop']);
      expect(events.at(-2)).toBe('checkpoint');
      expect(logEvents(home).at(-1)).toMatchObject({ event: 'stop', reason: 'signal' });
    }, 60_000);
  }
});

describe('SIGUSR1 does nothing to a running exhibit', () => {
  test('no debugger opens on 127.0.0.1:9229, the exhibit runs on, and SIGTERM still stops it', async () => {
    const home = scratch('neuron-kit-state-').dir;
    const run = track(startCli(['run', '--board', 'emulated', '--port', '0'], { XDG_STATE_HOME: home }));
    await run.waitFor('Page: http://');
    const page = /Page: (http:\/\/\S+)/.exec(run.output())![1]!;
    process.kill(run.child.pid!, 'SIGUSR1');
    // The page answering after the signal means the exhibit's thread has handled it; a debugger would
    // have said "Debugger listening" by then and be listening on 9229 (0x2405 in /proc/net/tcp).
    await new Promise<void>((resolve, reject) => get(page, (res) => (res.resume(), res.on('end', resolve))).on('error', reject));
    const listening = readFileSync('/proc/net/tcp', 'utf8') + (existsSync('/proc/net/tcp6') ? readFileSync('/proc/net/tcp6', 'utf8') : '');
    expect(listening).not.toMatch(/:2405 [0-9A-F:]+ 0A /);
    expect(run.output()).not.toMatch(/Debugger listening/);
    expect(run.child.exitCode).toBeNull();
    process.kill(run.child.pid!, 'SIGTERM');
    expect(await run.exited).toMatchObject({ code: 0, signal: null });
  }, 60_000);
});

describe('npm start passes signals on to the exhibit', () => {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    test(`${signal} to npm: the exhibit stops within 2 s and leaves no process behind`, async () => {
      const home = scratch('neuron-kit-state-').dir;
      const npm = track(start('npm', ['start', '--', '--board', 'emulated', '--no-web'], { XDG_STATE_HOME: home }));
      await npm.waitFor('Press Ctrl-C to stop.');
      const family: number[] = [];
      const walk = (pid: number) => childrenOf(pid).forEach((c) => (family.push(c), walk(c)));
      walk(npm.child.pid!);
      expect(family.length).toBeGreaterThan(0);
      const sentMs = performance.now();
      process.kill(npm.child.pid!, signal);
      const end = await npm.exited;
      // npm passes SIGINT and SIGTERM on and exits with the exhibit's 0; SIGHUP kills npm itself.
      if (signal !== 'SIGHUP') expect(end.code).toBe(0);
      await expect.poll(() => family.filter(running), WAIT).toEqual([]);
      expect(performance.now() - sentMs).toBeLessThan(2000);
      expect(logEvents(home).at(-1)).toMatchObject({ event: 'stop' });
    }, 60_000);
  }
});

describe('the visitor log in trouble', () => {
  test('kill -9 while visitors press: every line written is whole and parses', async () => {
    const home = scratch('neuron-kit-state-').dir;
    const script = scratch('neuron-kit-script-').write('script.json', [{ at: '1s', repeat: { tap: 'A', hz: 10, count: 1000 } }]);
    // A scripted run keeps a visitor log only when given --log.
    const run = track(startCli(['run', '--board', 'emulated', '--no-web', '--fast', '--script', script, '--log', join(home, 'neuron-kit', 'logs')], { XDG_STATE_HOME: home }));
    await expect.poll(() => { try { return logEvents(home).filter((e) => e.event === 'press').length; } catch { return 0; } }, WAIT).toBeGreaterThanOrEqual(20);
    process.kill(run.child.pid!, 'SIGKILL');
    expect((await run.exited).signal).toBe('SIGKILL');
    const dir = join(home, 'neuron-kit', 'logs');
    const text = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8')).join('');
    expect(text.endsWith('\n')).toBe(true);
    const events = logEvents(home);
    expect(events[0]).toMatchObject({ event: 'start' });
    expect(events.slice(1).every((e) => e.event === 'press' && e.button === 'A')).toBe(true);
  }, 60_000);

  test('a scripted run is not visitors: it keeps no visitor log unless given --log', async () => {
    const home = scratch('neuron-kit-state-').dir;
    const script = scratch('neuron-kit-script-').write('script.json', [{ at: '0.5s', tap: 'A' }]);
    const run = track(startCli(['run', '--board', 'emulated', '--no-web', '--fast', '--for', '1s', '--script', script], { XDG_STATE_HOME: home }));
    expect((await run.exited).code).toBe(0);
    expect(existsSync(join(home, 'neuron-kit', 'logs'))).toBe(false);
  }, 60_000);

  test('a log folder that cannot be written: one warning, and the exhibit runs to the end', async () => {
    // The default folder, not one named with --log (a --log that is a file is a usage error, exit 2).
    const notAFolder = scratch('neuron-kit-file-').write('file', 'x');
    const run = track(startCli(['run', '--board', 'emulated', '--no-web', '--for', '2s', '--fast'], { XDG_STATE_HOME: notAFolder }));
    const end = await run.exited;
    expect(end.code).toBe(0);
    expect(run.output()).toContain(`Visitor log: cannot write to ${join(notAFolder, 'neuron-kit', 'logs')} (ENOTDIR); the exhibit goes on and tries again every minute.`);
    expect(run.output()).toContain('Ran 2.0 s of board time.');
  }, 60_000);
});

describe.skipIf(!hasTool('socat', ['-V'], 'apt-get install socat'))('a pulled cable, seen from the office', () => {
  test('while the board is away /healthz says 503 "not connected", the log says reconnect once, and SIGTERM still stops it', async () => {
    const home = scratch('neuron-kit-state-').dir;
    const dir = scratch('neuron-kit-pty-').dir;
    // The twin behind a pseudo-terminal: a serial port that can be unplugged by stopping the emulator.
    const emulator = track(startCli(['emulate', '--pty', join(dir, 'board')]));
    await emulator.waitFor('Ctrl-C to stop');
    const run = track(startCli(['run', '--board', join(dir, 'board'), '--port', '0'], { XDG_STATE_HOME: home }));
    await run.waitFor('Page: http://');
    const url = /Page: (http:\/\/\S+)/.exec(run.output())![1]!;
    // Nobody has pressed: the exhibit waits with its attract demo, and says so.
    expect(JSON.parse((await fetchText(`${url}healthz`)).body)).toMatchObject({ ok: true, board: { connected: true }, session: { state: 'idle', sessions: 0 } });
    process.kill(emulator.child.pid!, 'SIGTERM');
    await run.waitFor('the board disconnected');
    await expect.poll(async () => (await fetchText(`${url}healthz`)).status, WAIT).toBe(503);
    expect(JSON.parse((await fetchText(`${url}healthz`)).body)).toMatchObject({ ok: false, board: { connected: false }, session: { state: 'idle' }, reconnects: 1 });
    // It keeps trying (every half second), saying why once per reason; the log says reconnect once.
    await run.waitFor(/no board is plugged in there; trying again/);
    process.kill(run.child.pid!, 'SIGTERM');
    expect((await run.exited).code).toBe(0);
    expect(logEvents(home).map((e) => e.event).filter((e) => e !== 'fault' && e !== 'checkpoint')).toEqual(['start', 'reconnect', 'stop']);
  }, 60_000);
});

describe('one exhibit per port', () => {
  let busy: Server;
  afterAll(() => busy?.close());

  test('the page\'s port in use: exit 1 before the board starts, saying what to do; --no-web runs', async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    const home = scratch('neuron-kit-state-').dir;
    const run = track(startCli(['run', '--board', 'emulated', '--port', String(port)], { XDG_STATE_HOME: home }));
    const end = await run.exited;
    expect(end.code).toBe(1);
    expect(run.output()).toContain(`The page cannot start: port ${port} on 127.0.0.1 is already in use`);
    expect(run.output()).toContain('--no-web');
    expect(run.output()).not.toContain('Running on');
    const headless = track(startCli(['run', '--board', 'emulated', '--port', String(port), '--no-web', '--for', '1s', '--fast'], { XDG_STATE_HOME: home }));
    expect((await headless.exited).code).toBe(0);
  }, 60_000);

  test.skipIf(!hasTool('socat', ['-V'], 'apt-get install socat'))('a second run on the same serial port exits 1 naming the first', async () => {
    const home = scratch('neuron-kit-state-').dir;
    const dir = scratch('neuron-kit-pty-').dir;
    // A serial line with nobody on the other end: the first run holds the port while it waits for a board.
    const socat = spawn('socat', [`pty,link=${join(dir, 'board')},raw,echo=0`, `pty,link=${join(dir, 'other')},raw,echo=0`], { stdio: 'ignore' });
    try {
      await expect.poll(() => readdirSync(dir), WAIT).toContain('board');
      const first = track(startCli(['run', '--board', join(dir, 'board'), '--no-web', '--no-log'], { XDG_STATE_HOME: home }));
      await expect.poll(() => readdirSync(join(home, 'neuron-kit', 'locks')).filter((f) => f.endsWith('.lock')), WAIT).toHaveLength(1);
      const second = track(startCli(['run', '--board', join(dir, 'board'), '--no-web', '--no-log'], { XDG_STATE_HOME: home }));
      expect((await second.exited).code).toBe(1);
      expect(second.output()).toContain(`is already used by another neuron-kit run (pid ${first.child.pid}, exhibit "Neuron Kit"`);
      // (The first would wait 14 s for a board that never answers; test/ops/lock.test.ts covers the rest.)
      process.kill(first.child.pid!, 'SIGKILL');
    } finally {
      socat.kill();
    }
  }, 60_000);
});
