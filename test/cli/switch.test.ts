import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import type { HelloMessage, ServerMessage } from '../../src/web/messages.js';
import { cli, root, scratch } from '../helpers/cli.js';
import { running, startCli, type Running } from '../helpers/process.js';

/** The docent's exhibit switch as `neuron-kit run` offers it: a real process on the twin, its live feed, its log. */

const started: Running[] = [];
afterAll(() => {
  for (const r of started) if (r.child.pid && running(r.child.pid)) process.kill(r.child.pid, 'SIGKILL');
});
const track = (r: Running) => (started.push(r), r);

/** A viewer of the live feed: every message so far, and a way to wait for one. */
function viewer(pageUrl: string) {
  const ws = new WebSocket(new URL('/live', pageUrl).href.replace(/^http/, 'ws'));
  const messages: ServerMessage[] = [];
  ws.on('message', (d) => messages.push(JSON.parse(String(d)) as ServerMessage));
  // Refused while the next exhibit's page is not up yet: `next` then rejects, and the caller tries again.
  ws.on('error', () => {});
  const next = <T extends ServerMessage['type']>(type: T, from = 0) => new Promise<Extract<ServerMessage, { type: T }>>((resolve, reject) => {
    const look = () => {
      const found = messages.slice(from).find((m) => m.type === type);
      if (found) return void resolve(found as Extract<ServerMessage, { type: T }>);
      if (ws.readyState === WebSocket.CLOSED) return void reject(new Error(`the feed closed before a ${type}`));
      setTimeout(look, 20);
    };
    look();
  });
  return { ws, messages, next, send: (m: object) => ws.send(JSON.stringify(m)) };
}

function logEvents(stateHome: string): Array<Record<string, unknown>> {
  const dir = join(stateHome, 'neuron-kit', 'logs');
  return (existsSync(dir) ? readdirSync(dir) : []).flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>));
}

describe('neuron-kit run: the docent\'s exhibit switch', () => {
  test('offers the exhibits of --exhibits, switches without a restart, logs it, and keeps each exhibit\'s state', async () => {
    const home = scratch('neuron-kit-state-').dir;
    const exhibits = join(home, 'exhibits');
    mkdirSync(exhibits);
    for (const name of ['default', 'use-it-or-lose-it']) copyFileSync(join(root, 'exhibits', `${name}.json`), join(exhibits, `${name}.json`));
    const run = track(startCli(['run', '--board', 'emulated', '--fast', '--port', '0', '--exhibit', join(exhibits, 'default.json'), '--exhibits', exhibits], { XDG_STATE_HOME: home }));
    await run.waitFor('Page: http://');
    const url = /Page: (http:\/\/\S+)/.exec(run.output())![1]!;
    const first = viewer(url);
    const hello = await first.next('hello');
    expect(hello.exhibits).toEqual({ offered: [{ id: 'default', name: 'Neuron Kit' }, { id: 'use-it-or-lose-it', name: 'Use it or lose it' }], current: 'default' });
    const pid = run.child.pid;
    first.send({ type: 'switch', exhibit: 'use-it-or-lose-it' });
    await expect(first.next('switching')).resolves.toEqual({ type: 'switching', to: 'Use it or lose it' });
    await run.waitFor('Switching to "Use it or lose it", as asked on the docent page…');
    // The page's port is the same, served by the same process, for the new exhibit.
    await run.waitFor(/Switching[^]*Running on the emulated board/);
    // The new exhibit's page server starts once its board is up: a viewer may be early.
    let second = viewer(url);
    let again: HelloMessage | null = null;
    while (!again) {
      again = await second.next('hello').catch(() => null);
      if (!again) {
        await new Promise((r) => setTimeout(r, 100));
        second = viewer(url);
      }
    }
    expect(again.exhibit.name).toBe('Use it or lose it');
    expect(again.exhibits?.current).toBe('use-it-or-lose-it');
    expect(again.exhibit.strips).toEqual([{ pin: 6, length: 30 }]);
    expect(run.child.pid).toBe(pid);
    second.ws.close();
    process.kill(run.child.pid!, 'SIGTERM');
    expect((await run.exited).code).toBe(0);
    const events = logEvents(home).filter((e) => ['start', 'switch', 'stop'].includes(String(e.event)));
    expect(events).toMatchObject([{ event: 'start', exhibit: 'Neuron Kit' }, { event: 'switch', exhibit: 'Use it or lose it' }, { event: 'stop', reason: 'signal' }]);
    // Each exhibit saved its own state as it stopped.
    expect(readdirSync(join(home, 'neuron-kit')).filter((f) => f.endsWith('.checkpoint')).sort()).toEqual(['neuron-kit.checkpoint', 'use-it-or-lose-it.checkpoint']);
  }, 90_000);

  test('--no-switch: the page is offered no switch, and a switch message is dropped', async () => {
    const home = scratch('neuron-kit-state-').dir;
    const run = track(startCli(['run', '--board', 'emulated', '--fast', '--port', '0', '--no-switch'], { XDG_STATE_HOME: home }));
    await run.waitFor('Page: http://');
    const feed = viewer(/Page: (http:\/\/\S+)/.exec(run.output())![1]!);
    const hello = await feed.next('hello');
    expect(hello.exhibits).toBeUndefined();
    feed.send({ type: 'switch', exhibit: 'use-it-or-lose-it' });
    // Ticks go on for the same exhibit; nothing is switched.
    const after = feed.messages.length;
    await feed.next('tick', after);
    await feed.next('tick', feed.messages.length);
    expect(feed.messages.some((m) => m.type === 'switching' || m.type === 'stopped')).toBe(false);
    feed.ws.close();
    process.kill(run.child.pid!, 'SIGTERM');
    expect((await run.exited).code).toBe(0);
    expect(run.output()).not.toContain('Switching');
  }, 90_000);

  test('an --exhibits folder that cannot be read: exit 2, saying what to give', async () => {
    const { code, stderr } = await cli('run', '--board', 'emulated', '--exhibits', '/nope/exhibits', '--port', '0');
    expect(code).toBe(2);
    expect(stderr).toMatch(/--exhibits: cannot read the folder \/nope\/exhibits \(ENOENT\): give a folder of exhibit JSON files\./);
  });
});
