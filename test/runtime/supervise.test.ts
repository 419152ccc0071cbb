import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { readExhibit } from '../../src/exhibit/index.js';
import { BoardNotFoundError } from '../../src/board/index.js';
import type { ExhibitEvent } from '../../src/runtime/events.js';
import { Exhibition } from '../../src/runtime/exhibition.js';
import { superviseSession } from '../../src/runtime/supervise.js';
import { fakeBoards } from './fake-board.js';

const exhibit = readExhibit(JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'exhibits', 'short-and-long-term.json'), 'utf8')));

it('when the board goes away mid-run, the exhibit reconnects and goes on: one result over both connections', async () => {
  const reconnects: string[] = [];
  let starts = 0;
  const result = await superviseSession({
    exhibit, board: 'emulated', fast: true, forMs: 1500,
    wait: async () => {},
    onReconnecting: (why) => reconnects.push(why),
    onStart: (s) => {
      starts++;
      // The first time, pull the cable 500 ms in: the transport closes under the running exhibit.
      if (starts === 1) s.kit.clock.schedule(s.kit.clock.now() + 500, () => s.twin!.transport.close());
    },
  });
  expect(starts).toBe(2);
  expect(reconnects).toEqual(['the board disconnected']);
  expect(result.duration).toBeCloseTo(1.5, 3);
  expect(result.link.framesCorrupted).toBe(0);
});

it('a board that cannot be reached at the start is a setup mistake: no retries', async () => {
  await expect(superviseSession({ exhibit, board: '/dev/neuron-kit-no-such-port', forMs: 100, wait: async () => {} })).rejects.toBeInstanceOf(BoardNotFoundError);
});

it('stopped while the board is away: the run ends with what it did, and each new reason is told once', async () => {
  const abort = new AbortController();
  const { openBoard: fake } = fakeBoards(exhibit, (b) => b.clock.schedule(300, () => b.unplug()));
  let attempts = 0;
  const told: string[] = [];
  const events: ExhibitEvent[] = [];
  const result = await superviseSession({
    exhibit, signal: abort.signal, reconnectDelayMs: 5,
    openBoard: async () => {
      if (attempts++ === 0) return fake();
      if (attempts === 12) abort.abort();
      throw new BoardNotFoundError();
    },
    onReconnecting: (why) => told.push(why),
    onEvent: (e) => events.push(e),
  });
  expect(result.duration).toBeCloseTo(0.3, 3);
  expect(attempts).toBe(12);
  expect(told).toEqual(['the board disconnected', 'No serial ports found: no board is connected']);
  expect(events.filter((e) => e.type === 'fault').map((e) => e.type === 'fault' && e.kind)).toEqual(['board-lost', 'reconnect-failed']);
});

it('a board that restarts under the open line is connected again at once, without the wait for a board that went away', async () => {
  const { openBoard, counts } = fakeBoards(exhibit, (b, i) => {
    if (i === 0) b.clock.schedule(300, () => b.reboot());
  });
  const told: string[] = [];
  const events: ExhibitEvent[] = [];
  let waits = 0;
  const result = await superviseSession({
    exhibit, openBoard, forMs: 600,
    wait: async () => void waits++,
    onReconnecting: (why) => told.push(why),
    onEvent: (e) => events.push(e),
  });
  expect(counts).toEqual({ opened: 2, closed: 2 });
  expect(waits).toBe(0);
  expect(told).toEqual([]);
  expect(events.map((e) => (e.type === 'fault' ? e.kind : e.type))).toEqual(['board-rebooted', 'reconnect']);
  expect(result.duration).toBeCloseTo(0.6, 3);
});

it('a listener added with once() hears one event; listen() returns a way to stop listening', async () => {
  const exhibition = new Exhibition(exhibit, { lifecycle: true });
  const heard: string[] = [];
  exhibition.once('fault', () => heard.push('once'));
  const stop = exhibition.listen('fault', (e) => heard.push(`typed ${e.kind}`));
  exhibition.listen((e) => heard.push(`all ${e.type}`));
  exhibition.on('fault', () => {
    throw new Error('a logger that fails must not stop the exhibit');
  });
  exhibition.raise({ type: 'fault', kind: 'board-lost', message: 'x' });
  stop();
  exhibition.raise({ type: 'fault', kind: 'board-lost', message: 'x' });
  expect(heard).toEqual(['once', 'typed board-lost', 'all fault', 'all fault']);
});
