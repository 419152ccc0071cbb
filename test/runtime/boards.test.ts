import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BoardNotFoundError } from '../../src/board/index.js';
import { type DecodedFrame } from '../../src/emulator/index.js';
import { wireToRgb } from '../../src/wire/index.js';
import { readExhibit, type Exhibit } from '../../src/exhibit/index.js';
import { ExhibitOps } from '../../src/ops/ops.js';
import type { HealthReport } from '../../src/ops/health.js';
import { superviseBoards, type BoardsSession } from '../../src/runtime/boards.js';
import { readScript } from '../../src/runtime/script.js';
import type { Session } from '../../src/runtime/session.js';
import { Feed } from '../../src/web/feed.js';
import type { TickMessage } from '../../src/web/messages.js';

/**
 * An exhibit on two boards, each the twin running the real kit firmware hex under the real host
 * stack (firmata-io, johnny-five, node-pixel): one model, each board's buttons and strips its own.
 * Everything is read in emulated time and from the WS2812 waveform decoded on each twin's data pin.
 */

// No background firing: every spike here is a press (or what a press caused).
const exhibit: Exhibit = { ...readExhibit(JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'exhibits', 'boards', 'two-boards.json'), 'utf8'))), spontaneousHz: 0 };
const LEFT = 0;
const RIGHT = 1;
const seg = (shows: string, of: string) => exhibit.segments.find((s) => s.shows === shows && s.of === of)!;
const brightness = (frame: DecodedFrame, s: { first: number; last: number }) => wireToRgb(frame.bytes, 'GRB').slice(s.first, s.last + 1).reduce((n, [r, g, b]) => n + r + g + b, 0);

interface Recorded {
  frames: DecodedFrame[][];
  /** Board time of each falling edge on a button pin, per board. */
  presses: number[][];
}

function recorder(): Recorded & { onBoardStart: (s: Session) => void } {
  const rec: Recorded = { frames: [[], []], presses: [[], []] };
  return {
    ...rec,
    onBoardStart: (s) => {
      const i = s.boardIndex!;
      s.twin!.onFrame((f) => rec.frames[i]!.push(f));
      s.twin!.onInputEdge((_pin, high, atMs) => {
        if (!high) rec.presses[i]!.push(atMs);
      });
    },
  };
}

describe('two boards, one model', () => {
  // Light (B) is on the right board's pin 2, Touch (A) on the left board's pin 2: the same pin number on each.
  const rec = recorder();
  const run = superviseBoards({
    exhibit, boards: ['emulated', 'emulated'], fast: true, forMs: 4000, wait: async () => {},
    script: readScript([{ at: '1.5s', tap: 'B' }, { at: '2.5s', tap: 'A' }], exhibit),
    onBoardStart: rec.onBoardStart,
  });

  it('a press on the right board fires Light, and its pulse runs along the right board\'s strip', async () => {
    const result = await run;
    expect(result.presses).toEqual({ A: 1, B: 1, injury: 0 });
    expect(result.spikes.B).toBe(1);
    const [pressB] = rec.presses[RIGHT]!;
    expect(rec.presses[RIGHT]).toHaveLength(1);
    const right = rec.frames[RIGHT]!;
    const before = right.filter((f) => f.latchedAtMs < pressB!);
    const after = right.filter((f) => f.latchedAtMs >= pressB!);
    // A live soma glows softly at rest; it flashes when its neuron fires.
    const peak = (frames: DecodedFrame[], s: { first: number; last: number }) => Math.max(...frames.map((f) => brightness(f, s)));
    expect(before.length).toBeGreaterThan(0);
    expect(peak(after, seg('soma', 'B'))).toBeGreaterThan(peak(before, seg('soma', 'B')));
    // The action potential runs along B's axon: its pixels light one after another.
    const axon = seg('axon', 'B->C');
    const firstLit = (p: number) => after.find((f) => brightness(f, { first: p, last: p }) > peak(before, { first: p, last: p }))?.latchedAtMs ?? Infinity;
    expect(firstLit(axon.first)).toBeLessThan(firstLit(axon.last));
    expect(firstLit(axon.last)).toBeLessThan(Infinity);
  });

  it('a press on the left board fires Touch: its soma and axon light on the left strip, its synapse flashes on the right one', async () => {
    const result = await run;
    expect(result.spikes.A).toBe(1);
    expect(rec.presses[LEFT]).toHaveLength(1);
    const [pressA] = rec.presses[LEFT]!;
    const left = rec.frames[LEFT]!;
    const peak = (frames: DecodedFrame[], s: { first: number; last: number }) => Math.max(...frames.map((f) => brightness(f, s)));
    const before = left.filter((f) => f.latchedAtMs < pressA!);
    const after = left.filter((f) => f.latchedAtMs >= pressA!);
    expect(peak(after, seg('soma', 'A'))).toBeGreaterThan(peak(before, seg('soma', 'A')));
    expect(peak(after, seg('axon', 'A->C'))).toBeGreaterThan(peak(before, seg('axon', 'A->C')));
    // A->C's synapse is on the right table: the spike arriving there flashes it, brighter than it rests.
    const synapse = seg('synapse', 'A->C');
    const right = rec.frames[RIGHT]!;
    const rightPressB = rec.presses[RIGHT]![0]!;
    // Each board has its own clock: find the right board's frames after the left press by their order, once B's flash is over.
    const resting = Math.min(...right.filter((f) => f.latchedAtMs > rightPressB).map((f) => brightness(f, synapse)));
    expect(Math.max(...right.map((f) => brightness(f, synapse)))).toBeGreaterThan(resting);
  });

  it('one result for the exhibit: both boards, both strips by board, and no frame corrupted on either', async () => {
    const result = await run;
    expect(result.boards).toEqual([
      { id: 'left', board: 'emulated', firmware: { name: 'NeuronKit', version: '1.1' }, connections: 1 },
      { id: 'right', board: 'emulated', firmware: { name: 'NeuronKit', version: '1.1' }, connections: 1 },
    ]);
    expect(result.strips.map((s) => [s.board, s.pin, s.pixels.length])).toEqual([['left', 6, 30], ['right', 6, 40]]);
    expect(result.duration).toBeCloseTo(4, 1);
    expect(result.link.framesCorrupted).toBe(0);
    expect(result.link.framesShown).toBe(result.link.framesSent);
    // Each press measured on its own board, edge to LED.
    expect(result.latency?.count).toBe(2);
  });
});

describe('a pulled cable on one board', () => {
  it('leaves the other running; the pulled board reconnects by itself; /healthz reports each board', async () => {
    const rec = recorder();
    const ops = new ExhibitOps();
    const reconnecting: string[] = [];
    const health: HealthReport[] = [];
    let pulledAtLeftMs: number | null = null;
    let leftKit: Session['kit'] | null = null;
    let leftTwin: Session['twin'] = null;
    let rightUp = false;
    const pressedWhileAway: boolean[] = [];
    const result = await superviseBoards({
      // One long visit: no attract demo playing presses of its own on the strips.
      exhibit, boards: ['emulated', 'emulated'], fast: true, forMs: 5000, wait: async () => {}, lifecycle: false,
      onStart: (s: BoardsSession) => {
        ops.attach(s.lead);
        ops.watchBoards(() => s.boards);
      },
      onReconnecting: (why) => {
        reconnecting.push(why);
        health.push(ops.health.report());
        // While the right board is away, a visitor presses Touch on the left.
        pulledAtLeftMs = leftKit!.clock.now();
        leftKit!.clock.schedule(pulledAtLeftMs + 50, () => {
          pressedWhileAway.push(!rightUp);
          leftTwin!.press(2);
        });
        leftKit!.clock.schedule(pulledAtLeftMs + 150, () => leftTwin!.release(2));
      },
      onBoardStart: (s) => {
        rec.onBoardStart(s);
        if (s.boardIndex === LEFT) {
          leftKit = s.kit;
          leftTwin = s.twin;
          return;
        }
        rightUp = true;
        // The right board's cable is pulled 1 s after it first came up: its line closes under the running exhibit.
        if (rec.presses[RIGHT]!.length === 0 && reconnecting.length === 0) {
          s.kit.clock.schedule(s.kit.clock.now() + 1000, () => {
            rightUp = false;
            s.twin!.transport.close();
          });
        }
      },
    });
    ops.close();
    expect(reconnecting).toEqual(['board "right" (emulated): the board disconnected']);
    expect(health[0]!.boards!.map((b) => [b.id, b.connected])).toEqual([['left', true], ['right', false]]);
    expect(health[0]!.ok).toBe(false);
    // The left board went on: its press while the right was away fired Touch and lit its soma.
    expect(pressedWhileAway).toEqual([true]);
    expect(result.presses.A).toBe(1);
    expect(result.spikes.A).toBeGreaterThanOrEqual(1);
    const pressA = rec.presses[LEFT]![0]!;
    const soma = seg('soma', 'A');
    const restMax = Math.max(...rec.frames[LEFT]!.filter((f) => f.latchedAtMs < pressA).map((f) => brightness(f, soma)));
    expect(rec.frames[LEFT]!.some((f) => f.latchedAtMs >= pressA && brightness(f, soma) > restMax)).toBe(true);
    // One connection on the left over the whole run; two on the right.
    expect(result.boards!.map((b) => b.connections)).toEqual([1, 2]);
    expect(result.link.framesCorrupted).toBe(0);
  });

  it('a board that cannot be reached at the start is a setup mistake: the run does not start', async () => {
    await expect(superviseBoards({ exhibit, boards: ['emulated', '/dev/neuron-kit-no-such-port'], forMs: 100, wait: async () => {} })).rejects.toBeInstanceOf(BoardNotFoundError);
  });
});

describe('the page of an exhibit on two boards', () => {
  it('gets the strips of both boards, and its buttons reach the board each is wired to', async () => {
    const ticks: TickMessage[] = [];
    let feed: Feed | null = null;
    let hello: ReturnType<Feed['hello']> | null = null;
    const edges: number[][] = [[], []];
    const result = await superviseBoards({
      exhibit, boards: ['emulated', 'emulated'], fast: true, forMs: 3000, wait: async () => {},
      onBoardStart: (s) => s.twin!.onInputEdge((pin, high) => {
        if (!high) edges[s.boardIndex!]!.push(pin);
      }),
      onStart: (s: BoardsSession) => {
        feed = new Feed(s, exhibit, (m) => ticks.push(m), { tickMs: 1_000_000 });
        feed.start();
        hello = feed.hello(false);
        // Light is on the right board: the page's press goes to the right twin's pin 2.
        s.kit.clock.schedule(s.kit.clock.now() + 2000, () => {
          s.side.inputs.press('B', 2);
          feed!.tick();
        });
        s.kit.clock.schedule(s.kit.clock.now() + 2100, () => {
          s.side.inputs.release('B', 2);
          feed!.tick();
        });
        s.kit.clock.schedule(s.kit.clock.now() + 2400, () => feed!.tick());
      },
    });
    feed!.stop();
    expect(hello!.exhibit.strips).toEqual([{ pin: 6, length: 30, board: 'left' }, { pin: 6, length: 40, board: 'right' }]);
    expect(edges).toEqual([[], [2]]);
    expect(result.presses.B).toBe(1);
    // Pixels of both strips reached the page.
    expect(ticks.some((t) => t.pixels[0] !== null)).toBe(true);
    expect(ticks.some((t) => t.pixels[1] !== null)).toBe(true);
  });
});
