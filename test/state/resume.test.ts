import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readExhibit, type Exhibit } from '../../src/exhibit/index.js';
import type { ExhibitEvent } from '../../src/runtime/events.js';
import { checkpointPath, Exhibition, type ExhibitionOptions } from '../../src/runtime/exhibition.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { encodeExact, readCheckpoint } from '../../src/state/checkpoint.js';
import { FakeBoard } from '../runtime/fake-board.js';

/**
 * State that survives: the exhibition is checkpointed every few minutes and at stop, a restart goes on
 * from the checkpoint, and a checkpoint that cannot be used is one fault event and a fresh start.
 */

const load = (name: string): Exhibit => readExhibit(JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'exhibits', `${name}.json`), 'utf8')));
const exhibit = load('default');
const folder = () => mkdtempSync(join(tmpdir(), 'neuron-kit-state-'));
const state = (e: Exhibition) => encodeExact(e.model.snapshot());

async function open(stateDir: string, options: ExhibitionOptions = {}, ex: Exhibit = exhibit) {
  const events: ExhibitEvent[] = [];
  const exhibition = await Exhibition.open(ex, { stateDir, seed: 5, onEvent: (e) => events.push(e), ...options });
  return { exhibition, events };
}

/** Runs an exhibition on a fake board: `visit` presses, then `forMs` of board time. */
function runOn(ex: Exhibit, exhibition: Exhibition, forMs: number, visit = true): FakeBoard {
  const board = new FakeBoard(ex);
  const runtime = new Runtime(ex, board, { exhibition });
  runtime.start();
  if (visit) {
    for (let i = 0; i < 20; i++) {
      board.runTo(board.nowMs + 200);
      board.press(2);
      board.runTo(board.nowMs + 50);
      board.release(2);
    }
    board.press(4); // injury: a change nobody could miss
    board.runTo(board.nowMs + 50);
    board.release(4);
  }
  board.runTo(board.nowMs + forMs);
  runtime.stop();
  return board;
}

/** Lets pending checkpoint writes finish. */
const settle = (e: Exhibition) => e.checkpoint('interval');

describe('checkpoints', () => {
  it('are written every few minutes of board time and at stop; a restart goes on from the last one exactly', async () => {
    const dir = folder();
    const first = await open(dir, { checkpointEveryMs: 60_000 });
    runOn(exhibit, first.exhibition, 150_000);
    await settle(first.exhibition);
    const intervals = first.events.filter((e) => e.type === 'checkpoint' && e.reason === 'interval').length;
    expect(intervals).toBeGreaterThanOrEqual(2);
    await first.exhibition.close();
    expect(first.events.at(-1)).toMatchObject({ type: 'checkpoint', reason: 'stop', path: checkpointPath(dir, exhibit) });
    expect(first.exhibition.model.view().synapses['A->C']!.exists).toBe(false);
    const second = await open(dir);
    expect(second.events).toEqual([{ type: 'restored', wallMs: expect.any(Number), path: checkpointPath(dir, exhibit), savedAtWallMs: expect.any(Number), sessions: 0 }]);
    expect(state(second.exhibition)).toBe(state(first.exhibition));
    expect(second.exhibition.model.view().synapses['A->C']!.exists).toBe(false);
  });

  it('with the lifecycle: a visit cut off by the stop is over at restart (idle.mode "reset": back to the start), visits are still counted', async () => {
    const dir = folder();
    const first = await open(dir, { lifecycle: true });
    const start = state(first.exhibition);
    runOn(exhibit, first.exhibition, 1_000);
    await first.exhibition.close();
    expect(first.events.map((e) => e.type)).toEqual(['session-start', 'session-end', 'checkpoint']);
    expect(first.events[1]).toMatchObject({ reason: 'stop', presses: { A: 20, injury: 1 } });
    const second = await open(dir, { lifecycle: true });
    expect(second.events).toMatchObject([{ type: 'restored', sessions: 1 }, { type: 'reset', reason: 'restart' }]);
    expect(state(second.exhibition)).toBe(start);
    expect(second.exhibition.sessions).toBe(1);
    // idle.mode "keep": the visit's learning stays.
    const third = await open(dir, { lifecycle: true }, { ...exhibit, idle: { afterMs: 60_000, mode: 'keep', restMs: 3_000 } });
    runOn(exhibit, third.exhibition, 1_000);
    await third.exhibition.close();
    const fourth = await open(dir, { lifecycle: true }, { ...exhibit, idle: { afterMs: 60_000, mode: 'keep', restMs: 3_000 } });
    expect(fourth.events).toMatchObject([{ type: 'restored', sessions: 2 }]);
    expect(fourth.events).toHaveLength(1);
    expect(state(fourth.exhibition)).toBe(state(third.exhibition));
    expect(fourth.exhibition.sessions).toBe(2);
  });

  it('with opening hours "fresh": a checkpoint from before today\'s opening starts the day fresh', async () => {
    const dir = folder();
    const hours = { timeZone: 'UTC', weekly: { mon: [[540, 1020]], tue: [[540, 1020]], wed: [], thu: [], fri: [], sat: [], sun: [] }, atOpening: 'fresh' } as unknown as NonNullable<Exhibit['hours']>;
    const ex: Exhibit = { ...exhibit, idle: { afterMs: 60_000, mode: 'keep', restMs: 3_000 }, hours };
    let wall = Date.UTC(2026, 2, 2, 16, 0); // Monday 16:00
    const first = await open(dir, { lifecycle: true, wallClock: () => wall }, ex);
    const start = state(first.exhibition);
    runOn(ex, first.exhibition, 1_000);
    await first.exhibition.close();
    // Restarted the same afternoon: as it was.
    const same = await open(dir, { lifecycle: true, wallClock: () => wall }, ex);
    expect(state(same.exhibition)).toBe(state(first.exhibition));
    await same.exhibition.close();
    // Restarted the next morning, after opening: a fresh day.
    wall = Date.UTC(2026, 2, 3, 10, 0);
    const next = await open(dir, { lifecycle: true, wallClock: () => wall }, ex);
    expect(next.events).toMatchObject([{ type: 'restored', savedAtWallMs: Date.UTC(2026, 2, 2, 16, 0) }, { type: 'reset', reason: 'opening' }]);
    expect(state(next.exhibition)).toBe(start);
  });
});

describe('a checkpoint that cannot be used', () => {
  async function refused(write: (path: string) => void) {
    const dir = folder();
    const path = checkpointPath(dir, exhibit);
    mkdirSync(dir, { recursive: true });
    write(path);
    const { exhibition, events } = await open(dir);
    const fresh = await Exhibition.open(exhibit, { seed: 5 });
    expect(state(exhibition)).toBe(state(fresh));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'fault', kind: 'checkpoint-unreadable' });
    const message = (events[0] as { message: string }).message;
    expect(message.split('\n')).toHaveLength(1);
    expect(existsSync(`${path}.unreadable`)).toBe(true);
    // The next save writes a good one.
    await exhibition.close();
    expect(await readCheckpoint(path)).toMatchObject({ body: { exhibit: { name: exhibit.name } } });
    return message;
  }

  it('damaged: one log line, a fresh start, never a crash', async () => {
    const good = folder();
    const { exhibition } = await open(good);
    await exhibition.close();
    const text = readFileSync(checkpointPath(good, exhibit), 'utf8');
    expect(await refused((p) => writeFileSync(p, text.replace('"sessions":0', '"sessions":9')))).toMatch(/checksum does not match/);
    expect(await refused((p) => writeFileSync(p, text.slice(0, text.length / 2)))).toMatch(/cut short/);
    expect(await refused((p) => writeFileSync(p, ''))).toMatch(/not a neuron-kit checkpoint/);
    expect(await refused((p) => writeFileSync(p, '\u0000'.repeat(4096)))).toMatch(/not a neuron-kit checkpoint/);
    expect(await refused((p) => mkdirSync(p))).toMatch(/cannot be read/);
  });

  it('of another exhibit, or of another version: the same', async () => {
    const other = folder();
    const { exhibition } = await open(other, {}, load('use-it-or-lose-it'));
    await exhibition.close();
    expect(await refused((p) => copyFileSync(checkpointPath(other, load('use-it-or-lose-it')), p))).toMatch(/of "Use it or lose it" with another network/i);
    const good = folder();
    const e = await open(good);
    await e.exhibition.close();
    const text = readFileSync(checkpointPath(good, exhibit), 'utf8');
    expect(await refused((p) => writeFileSync(p, text.replace('"version":1', '"version":0')))).toMatch(/version 0 checkpoint/);
  });

  it('a checkpoint that cannot be saved is a fault event; the exhibit goes on', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'blocked'), 'a file where the state folder should be');
    const { exhibition, events } = await open(join(dir, 'blocked'));
    runOn(exhibit, exhibition, 1_000);
    await exhibition.close();
    expect(events.map((e) => e.type === 'fault' && e.kind)).toEqual(['checkpoint-unreadable', 'checkpoint-failed']);
  });
});
