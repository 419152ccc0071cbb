import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readExhibit, type Exhibit } from '../../src/exhibit/index.js';
import { renderFrames, type RenderResult } from '../../src/render/index.js';
import type { ExhibitEvent } from '../../src/runtime/events.js';
import { Exhibition, type ExhibitionOptions } from '../../src/runtime/exhibition.js';
import { Runtime } from '../../src/runtime/runtime.js';
import type { VisitorAction } from '../../src/runtime/script.js';
import { encodeExact } from '../../src/state/checkpoint.js';
import { FakeBoard } from './fake-board.js';

/**
 * Visits, the rest between them, attract mode and opening hours, on a fake board in board time (the
 * same runtime drives the twin: twin-lifecycle.test.ts runs the end-to-end cases there).
 */

const load = (name: string): Exhibit => readExhibit(JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'exhibits', `${name}.json`), 'utf8')));
const base = load('default');
const TOUCH = 2;
const LIGHT = 3;
const INJURY = 4;

/** A fake board running `exhibit` with the lifecycle on; `wall` maps its board time to the wall clock. */
function setup(exhibit: Exhibit, options: ExhibitionOptions = {}, wall?: (boardMs: number) => number) {
  const board = new FakeBoard(exhibit);
  const events: ExhibitEvent[] = [];
  const exhibition = new Exhibition(exhibit, { lifecycle: true, seed: 3, onEvent: (e) => events.push(e), ...(wall ? { wallClock: () => wall(board.nowMs) } : {}), ...options });
  const runtime = new Runtime(exhibit, board, { exhibition });
  const frames: Array<{ atMs: number; render: RenderResult }> = [];
  runtime.on('frame', (f: { atMs: number; render: RenderResult }) => frames.push(f));
  runtime.start();
  /** Presses and releases the button on `pin` (held 50 ms), then waits 50 ms. */
  const tap = (pin: number) => {
    board.press(pin);
    board.runTo(board.nowMs + 50);
    board.release(pin);
    board.runTo(board.nowMs + 50);
  };
  const frameAt = (atMs: number) => frames.filter((f) => f.atMs <= atMs).at(-1)!.render.frames[0]!;
  return { board, exhibition, runtime, events, frames, tap, frameAt };
}

const state = (e: Exhibition) => encodeExact(e.model.network.snapshot());
const pixel = (frame: Uint8Array, i: number) => frame[3 * i]! + frame[3 * i + 1]! + frame[3 * i + 2]!;
const types = (events: ExhibitEvent[]) => events.map((e) => e.type);
/** Pixels of a segment, summed. */
function brightness(exhibit: Exhibit, frame: Uint8Array, shows: string, of: string): number {
  const s = exhibit.segments.find((x) => x.shows === shows && x.of === of)!;
  let sum = 0;
  for (let i = s.first; i <= s.last; i++) sum += pixel(frame, i);
  return sum;
}

describe('a visit', () => {
  const exhibit: Exhibit = { ...base, idle: { afterMs: 10_000, mode: 'reset', restMs: 2_000 } };

  it('starts at the first press, ends after idle.afterS without input with dwell time and presses per button, then the exhibit eases back to where it started', () => {
    const { board, exhibition, events, tap, frames, frameAt } = setup(exhibit);
    const start = state(exhibition);
    board.runTo(5_000);
    expect(exhibition.phase).toBe('idle');
    expect(events).toEqual([]);
    tap(TOUCH);
    expect(events.map((e) => e.type === 'session-start' && e.session)).toEqual([1]);
    board.runTo(7_000);
    tap(LIGHT);
    board.runTo(8_000);
    tap(TOUCH);
    for (let i = 0; i < 20; i++) (tap(TOUCH), tap(LIGHT));
    // Injury cuts Touch → Move: its synapse goes dark.
    tap(INJURY);
    const lastInput = board.nowMs - 50; // the last release
    expect(state(exhibition)).not.toBe(start);
    board.runTo(lastInput + 9_990);
    expect(exhibition.phase).toBe('session');
    board.runTo(lastInput + 10_020);
    expect(types(events)).toEqual(['session-start', 'session-end', 'reset']);
    expect(events[1]).toMatchObject({ type: 'session-end', session: 1, reason: 'idle', dwellMs: lastInput - 5_000, presses: { A: 22, B: 21, injury: 1 } });
    expect(events[2]).toMatchObject({ type: 'reset', reason: 'idle' });
    expect(events.every((e) => typeof e.wallMs === 'number')).toBe(true);
    // The model is back where it started at once; the LEDs get there over the rest.
    expect(state(exhibition)).toBe(start);
    expect(exhibition.phase).toBe('rest');
    const restAt = frames.find((f) => f.atMs >= lastInput + 10_000)!.atMs;
    board.runTo(restAt + 1_990);
    expect(exhibition.phase).toBe('rest');
    board.runTo(restAt + 2_100);
    expect(exhibition.phase).toBe('idle');
    const before = frameAt(restAt - 10);
    const after = frameAt(restAt + 2_000);
    const middle = frameAt(restAt + 1_000);
    const synapse = exhibit.segments.find((s) => s.shows === 'synapse' && s.of === 'A->C')!.first;
    expect(pixel(before, synapse)).toBe(0);
    expect(pixel(after, synapse)).toBeGreaterThan(50);
    const [lo, hi] = [pixel(before, synapse), pixel(after, synapse)].sort((a, b) => a - b);
    expect(pixel(middle, synapse)).toBeGreaterThan(lo!);
    expect(pixel(middle, synapse)).toBeLessThan(hi!);
    // The rest moves smoothly: no frame jumps by more than a fraction of the way.
    const rest = frames.filter((f) => f.atMs >= restAt && f.atMs <= restAt + 2_000).map((f) => pixel(f.render.frames[0]!, synapse));
    for (let i = 1; i < rest.length; i++) expect(Math.abs(rest[i]! - rest[i - 1]!)).toBeLessThanOrEqual(Math.ceil((hi! - lo!) / 20) + 1);
  });

  it('a second visitor meets the same exhibit as the first', () => {
    const { board, exhibition, tap } = setup(exhibit);
    const states: string[] = [];
    for (let visit = 0; visit < 3; visit++) {
      board.runTo(board.nowMs + 3_000);
      states.push(state(exhibition));
      for (let i = 0; i < 10 * (visit + 1); i++) (tap(TOUCH), board.runTo(board.nowMs + 200));
      board.runTo(board.nowMs + 13_000);
    }
    expect(new Set(states).size).toBe(1);
    expect(exhibition.sessions).toBe(3);
  });

  it('a button held down is a visitor still there', () => {
    const { board, exhibition, events } = setup(exhibit);
    board.runTo(1_000);
    board.press(TOUCH);
    board.runTo(30_000);
    expect(exhibition.phase).toBe('session');
    board.release(TOUCH);
    board.runTo(40_100);
    expect(types(events)).toEqual(['session-start', 'session-end', 'reset']);
    expect(events[1]).toMatchObject({ dwellMs: 29_000 });
  });

  it('a board away for longer than a visit waits ends the visit; a short absence does not', () => {
    let wall = Date.UTC(2026, 0, 5, 12);
    const first = setup(exhibit, {}, (boardMs) => wall + boardMs);
    const start = state(first.exhibition);
    first.board.runTo(1_000);
    first.tap(INJURY);
    first.runtime.stop();
    wall += 5_000;
    const second = new Runtime(exhibit, new FakeBoard(exhibit), { exhibition: first.exhibition });
    expect(first.exhibition.phase).toBe('session');
    second.stop();
    wall += 11_000;
    new Runtime(exhibit, new FakeBoard(exhibit), { exhibition: first.exhibition });
    expect(types(first.events)).toEqual(['session-start', 'session-end', 'reset']);
    expect(first.exhibition.phase).toBe('rest');
    expect(state(first.exhibition)).toBe(start);
  });

  it('with idle.mode "keep" the exhibit keeps what visitors taught it', () => {
    const { board, exhibition, events, tap } = setup({ ...exhibit, idle: { afterMs: 5_000, mode: 'keep', restMs: 2_000 } });
    const start = state(exhibition);
    board.runTo(1_000);
    for (let i = 0; i < 20; i++) tap(TOUCH);
    board.runTo(board.nowMs + 5_100);
    expect(types(events)).toEqual(['session-start', 'session-end']);
    expect(exhibition.phase).toBe('idle');
    const kept = state(exhibition);
    expect(kept).not.toBe(start);
    board.runTo(board.nowMs + 30_000);
    // Idle, the model waits: what it learnt neither fades nor grows while nobody is there.
    expect(state(exhibition)).toBe(kept);
  });

  it('the first report of the age dial is where it stands, not a visitor; turning it is', () => {
    const { board, exhibition, events } = setup(exhibit);
    board.runTo(500);
    board.turn(0, 0.3);
    board.runTo(1_000);
    expect(events).toEqual([]);
    expect(exhibition.model.age).toBeCloseTo(0.3, 2);
    board.turn(0, 0.8);
    expect(types(events)).toEqual(['session-start']);
  });
});

describe('attract mode', () => {
  const exhibit: Exhibit = { ...base, idle: { afterMs: 10_000, mode: 'reset', restMs: 1_000 } };

  it('while idle a ghost visitor plays the demo on the strips; the model is not touched', () => {
    const { board, exhibition, frameAt } = setup(exhibit);
    const start = state(exhibition);
    // The default demo taps each button three times in turn from 1 s, then holds Touch (holdHz) for 2 s.
    board.runTo(30_000);
    const soma = (atMs: number) => brightness(exhibit, frameAt(atMs), 'soma', 'A');
    expect(soma(1_020)).toBeGreaterThan(soma(900));
    expect(brightness(exhibit, frameAt(6_600), 'axon', 'A->C')).toBeGreaterThan(brightness(exhibit, frameAt(900), 'axon', 'A->C'));
    expect(state(exhibition)).toBe(start);
    expect(exhibition.model.spikes).toEqual({ A: 0, B: 0, C: 0 });
    expect(exhibition.presses).toEqual({ A: 0, B: 0, injury: 0 });
    expect(exhibition.sessions).toBe(0);
  });

  it('the demo comes from the exhibit when it has one, round after round', () => {
    const { script } = readExhibit({ ...JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'exhibits', 'default.json'), 'utf8')), attract: { script: [{ at: '2s', tap: 'B' }], everyS: 5 } }).attract as { script: VisitorAction[] };
    const { board, frameAt } = setup({ ...exhibit, attract: { script, everyMs: 5_000 } });
    board.runTo(13_000);
    const soma = (atMs: number) => brightness(exhibit, frameAt(atMs), 'soma', 'B');
    for (const round of [0, 5_000, 10_000]) expect(soma(round + 2_020)).toBeGreaterThan(soma(round + 1_900));
    expect(brightness(exhibit, frameAt(2_020), 'soma', 'A')).toBe(brightness(exhibit, frameAt(1_900), 'soma', 'A'));
  });

  it('a real press takes over within one frame: the frame drawn at the press is the model\'s, with the press in it', () => {
    const { board, exhibition, runtime, events, frames } = setup(exhibit);
    // In the middle of the ghost's held burst on Touch.
    board.runTo(7_000);
    const ghostAxon = brightness(exhibit, frames.at(-1)!.render.frames[0]!, 'axon', 'A->C');
    board.press(LIGHT);
    const atPress = frames.at(-1)!;
    expect(atPress.atMs).toBeGreaterThanOrEqual(7_000);
    expect(atPress.atMs).toBeLessThanOrEqual(7_001);
    expect(types(events)).toEqual(['session-start']);
    expect(exhibition.phase).toBe('session');
    const model = runtime.model;
    expect(atPress.render.frames).toEqual(renderFrames(exhibit, model.view(), model.animation, atPress.atMs).frames);
    // The ghost's burst is gone from Touch's axon; Light's soma flashes.
    expect(brightness(exhibit, atPress.render.frames[0]!, 'axon', 'A->C')).toBeLessThan(ghostAxon);
    expect(brightness(exhibit, atPress.render.frames[0]!, 'soma', 'B')).toBeGreaterThan(brightness(exhibit, frames.at(-2)!.render.frames[0]!, 'soma', 'B'));
    expect(model.spikes.B).toBe(1);
    expect(model.spikes.A).toBe(0);
  });

  it('`attract: false`: no demo, the strips idle on their own', () => {
    const { board, exhibition, frameAt } = setup({ ...exhibit, spontaneousHz: 0, attract: false });
    board.runTo(20_000);
    expect(brightness(exhibit, frameAt(19_000), 'soma', 'A')).toBe(brightness(exhibit, frameAt(1_000), 'soma', 'A'));
    expect(exhibition.phase).toBe('idle');
  });
});

describe('opening hours', () => {
  // Mon 2026-03-02, 16:59:00 in Paris (15:59 UTC).
  const monday = Date.UTC(2026, 2, 2, 15, 59, 0);
  const hours = { timeZone: 'Europe/Paris', weekly: { mon: [[9 * 60, 17 * 60]], tue: [[9 * 60, 17 * 60]], wed: [], thu: [], fri: [], sat: [], sun: [] }, atOpening: 'fresh' } as unknown as NonNullable<Exhibit['hours']>;
  const exhibit: Exhibit = { ...base, idle: { afterMs: 60_000, mode: 'keep', restMs: 1_000 }, hours };

  it('outside them the LEDs are dark, the model paused and presses ignored; at opening a fresh start', () => {
    let wall = monday;
    const { board, exhibition, events, tap, frameAt } = setup(exhibit, {}, (boardMs) => wall + boardMs);
    const start = state(exhibition);
    board.runTo(10_000);
    for (let i = 0; i < 20; i++) tap(TOUCH);
    expect(exhibition.phase).toBe('session');
    board.runTo(61_000); // 17:00:01
    expect(types(events)).toEqual(['session-start', 'session-end', 'hours']);
    expect(events[1]).toMatchObject({ reason: 'closing', presses: { A: 20 } });
    expect(events[2]).toMatchObject({ open: false });
    expect(exhibition.phase).toBe('closed');
    expect([...frameAt(61_000)].every((v) => v === 0)).toBe(true);
    const closedState = state(exhibition);
    expect(closedState).not.toBe(start);
    tap(LIGHT);
    expect(exhibition.presses.B).toBe(0);
    board.runTo(120_000);
    expect(state(exhibition)).toBe(closedState);
    // The next morning, one minute before nine.
    wall = Date.UTC(2026, 2, 3, 7, 59, 0) - board.nowMs;
    board.runTo(board.nowMs + 59_000);
    expect(exhibition.phase).toBe('closed');
    board.runTo(board.nowMs + 2_000);
    expect(types(events).slice(3)).toEqual(['reset', 'hours']);
    expect(events[3]).toMatchObject({ reason: 'opening' });
    expect(exhibition.phase).toBe('idle');
    expect(state(exhibition)).toBe(start);
    expect([...frameAt(board.nowMs)].some((v) => v > 0)).toBe(true);
  });

  it('atOpening "saved": the exhibit opens as it closed', () => {
    let wall = monday;
    const { board, exhibition, tap } = setup({ ...exhibit, hours: { ...hours, atOpening: 'saved' } }, {}, (boardMs) => wall + boardMs);
    board.runTo(1_000);
    for (let i = 0; i < 20; i++) tap(TOUCH);
    board.runTo(61_000);
    const closedState = state(exhibition);
    wall = Date.UTC(2026, 2, 3, 8, 0, 0) - board.nowMs;
    board.runTo(board.nowMs + 1_100);
    expect(exhibition.phase).toBe('idle');
    expect(state(exhibition)).toBe(closedState);
  });
});
