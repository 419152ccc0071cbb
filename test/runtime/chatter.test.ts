import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readExhibit } from '../../src/exhibit/index.js';
import { Rng } from '../../src/model/index.js';
import type { ExhibitEvent } from '../../src/runtime/events.js';
import { Exhibition } from '../../src/runtime/exhibition.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { FakeBoard } from './fake-board.js';

/**
 * A worn switch chatters: its contact bounces every few milliseconds for as long as it is worn. Ten
 * minutes of board time of that on Touch, with a real press now and then: the debounce lets through
 * the real presses and nothing of the chatter, and the exhibit goes on drawing frames.
 */
describe('a chattering button for 10 minutes', () => {
  it('counts only the presses that held still, and the exhibit goes on', () => {
    const exhibit = readExhibit(JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'exhibits', 'default.json'), 'utf8')));
    const TOUCH = exhibit.neurons.find((n) => n.id === 'A')!.button!;
    const board = new FakeBoard(exhibit);
    const events: ExhibitEvent[] = [];
    const exhibition = new Exhibition(exhibit, { lifecycle: true, seed: 5, onEvent: (e) => events.push(e) });
    const runtime = new Runtime(exhibit, board, { exhibition });
    let frames = 0;
    runtime.on('frame', () => frames++);
    runtime.start();
    const rng = new Rng(9);
    const endMs = board.nowMs + 10 * 60_000;
    let realPresses = 0;
    let edges = 0;
    let low = false;
    while (board.nowMs < endMs - 1_000) {
      if (rng.next() < 0.001) {
        // A real press: the contact closes and holds still for 200 ms, then opens and stays open.
        board.press(TOUCH);
        board.runTo(board.nowMs + 200);
        board.release(TOUCH);
        board.runTo(board.nowMs + 100);
        low = false;
        realPresses++;
        continue;
      }
      // Chatter: the contact flips after 1–4 ms, never still for the 20 ms debounce.
      low = !low;
      if (low) board.press(TOUCH);
      else board.release(TOUCH);
      edges++;
      board.runTo(board.nowMs + 1 + Math.floor(rng.next() * 4));
    }
    if (low) board.release(TOUCH);
    board.runTo(endMs);
    expect(edges).toBeGreaterThan(100_000);
    expect(realPresses).toBeGreaterThan(10);
    expect(runtime.presses.A).toBe(realPresses);
    // Frames were drawn all along (every 10 ms of board time), the visits were ordinary ones.
    expect(frames).toBeGreaterThan(0.9 * (10 * 60_000) / 10);
    expect(events.filter((e) => e.type === 'session-start').length).toBeLessThanOrEqual(realPresses);
    expect(Object.values(runtime.model.view().neurons).every((n) => n.alive)).toBe(true);
  }, 120_000);
});
