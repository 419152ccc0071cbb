import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DecodedFrame } from '../../src/emulator/index.js';
import { readExhibit, type Exhibit } from '../../src/exhibit/index.js';
import type { ExhibitEvent } from '../../src/runtime/events.js';
import { Exhibition } from '../../src/runtime/exhibition.js';
import { runSession, type Session } from '../../src/runtime/session.js';
import { superviseSession } from '../../src/runtime/supervise.js';
import { encodeExact } from '../../src/state/checkpoint.js';
import { segmentBrightness, tapAt } from './twin-taps.js';

/**
 * The exhibit's life on the twin (the real firmware, the whole host stack), in emulated time: a pulled
 * cable keeps the model and the LEDs come back within 3 s; the ghost visitor, a real visitor taking
 * over, the rest; a restart going on from the checkpoint.
 */

const load = (name: string): Exhibit => readExhibit(JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'exhibits', `${name}.json`), 'utf8')));
const exhibit = load('default');
const TOUCH = 2;
const LIGHT = 3;
const INJURY = 4;

/** Board time after the runtime starts before a visitor acts (the board is still setting up its inputs). */
const SETTLE_MS = 500;

const segment = (frame: DecodedFrame, shows: string, of: string): number => segmentBrightness(exhibit, frame, shows, of);

describe('a pulled cable', () => {
  it('keeps the model in memory; the LEDs show it again within 3 s of the board coming back', async () => {
    const events: ExhibitEvent[] = [];
    let atStop = '';
    let atReconnect = '';
    let firstFrame: DecodedFrame | null = null;
    let lastFrameBefore: DecodedFrame | null = null;
    let starts = 0;
    const result = await superviseSession({
      exhibit, board: 'emulated', fast: true, forMs: 4_000,
      wait: async () => {},
      onEvent: (e) => events.push(e),
      onStart: (s) => {
        starts++;
        if (starts === 1) {
          for (let t = SETTLE_MS; t < 1_200; t += 150) tapAt(s, t, TOUCH);
          tapAt(s, 1_300, INJURY);
          s.twin!.onFrame((f) => (lastFrameBefore = f));
          // The cable is pulled 2 s in: the line closes under the running exhibit.
          s.kit.clock.schedule(s.runtime.startMs + 2_000, () => s.twin!.transport.close());
          s.runtime.once('stopped', () => (atStop = encodeExact(s.exhibition.model.network.snapshot())));
        } else {
          atReconnect = encodeExact(s.exhibition.model.network.snapshot());
          const off = s.twin!.onFrame((f) => {
            firstFrame = f;
            off();
          });
        }
      },
    });
    expect(starts).toBe(2);
    // Nothing of the model was lost or started again.
    expect(atReconnect).toBe(atStop);
    expect(result.synapses['A->C']!.exists).toBe(false);
    expect(result.presses).toMatchObject({ A: 5, injury: 1 });
    expect(result.spikes.A).toBeGreaterThanOrEqual(5);
    // The new board powers up at board time 0: its first frame latched well within 3 s.
    expect(firstFrame).not.toBeNull();
    expect(firstFrame!.latchedAtMs).toBeLessThan(3_000);
    expect(segment(firstFrame!, 'synapse', 'A->C')).toBe(0);
    expect(segment(firstFrame!, 'synapse', 'B->C')).toBeGreaterThan(0);
    expect(segment(firstFrame!, 'synapse', 'B->C')).toBe(segment(lastFrameBefore!, 'synapse', 'B->C'));
    const reconnect = events.find((e) => e.type === 'reconnect') as Extract<ExhibitEvent, { type: 'reconnect' }>;
    expect(reconnect).toMatchObject({ attempts: 1 });
    expect(reconnect.ledsRestoredMs).toBeLessThan(3_000);
    expect(events.map((e) => e.type)).toEqual(['session-start', 'fault', 'reconnect', 'session-end']);
    // One run, one result: board time over both connections, every frame intact.
    expect(result.duration).toBeCloseTo(4, 3);
    expect(result.link.framesCorrupted).toBe(0);
    expect(result.link.framesShown).toBe(result.link.framesSent);
  });
});

describe('visits on the twin', () => {
  it('the ghost plays the demo while idle; a press takes over at once and starts a visit; after it the exhibit rests back to its start', async () => {
    const ex: Exhibit = { ...exhibit, spontaneousHz: 0, idle: { afterMs: 1_500, mode: 'reset', restMs: 500 } };
    const events: Array<ExhibitEvent & { boardMs: number }> = [];
    const frames: DecodedFrame[] = [];
    let session!: Session;
    let idleSpikes: Record<string, number> = {};
    const result = await runSession({
      exhibit: ex, board: 'emulated', fast: true, forMs: 6_000, lifecycle: true,
      onEvent: (e) => events.push({ ...e, boardMs: session.kit.clock.now() - session.runtime.startMs }),
      onStart: (s) => {
        session = s;
        s.twin!.onFrame((f) => frames.push({ ...f, latchedAtMs: f.latchedAtMs - s.runtime.startMs }));
        s.kit.clock.schedule(s.runtime.startMs + 2_400, () => (idleSpikes = { ...s.exhibition.model.spikes }));
        tapAt(s, 2_500, LIGHT);
      },
    });
    const at = (ms: number) => frames.filter((f) => f.latchedAtMs <= ms).at(-1)!;
    // Idle: the default demo taps Touch from 1 s into the round; the model itself does nothing.
    expect(segment(at(1_100), 'soma', 'A')).toBeGreaterThan(segment(at(900), 'soma', 'A'));
    expect(idleSpikes).toEqual({ A: 0, B: 0, C: 0 });
    // The press: a visit starts, and within the next frames on the strip Light's soma flashes.
    expect(events.map((e) => e.type)).toEqual(['session-start', 'session-end', 'reset']);
    expect(events[0]!.boardMs).toBeGreaterThanOrEqual(2_500);
    expect(events[0]!.boardMs).toBeLessThan(2_520);
    const rest = segment(at(2_490), 'soma', 'B');
    expect(frames.filter((f) => f.latchedAtMs > 2_500 && f.latchedAtMs < 2_550).some((f) => segment(f, 'soma', 'B') > rest)).toBe(true);
    expect(result.latency!.count).toBe(1);
    expect(result.latency!.maxMs).toBeLessThan(50);
    expect(result.spikes.B).toBe(1);
    // 1.5 s after the release the visit ends; half a second later the strip is as it started.
    expect(events[1]).toMatchObject({ type: 'session-end', reason: 'idle', presses: { A: 0, B: 1, injury: 0 } });
    expect(events[1]!.boardMs).toBeGreaterThanOrEqual(2_560 + 1_500);
    expect(events[1]!.boardMs).toBeLessThan(2_560 + 1_600);
    const restEnd = events[2]!.boardMs + 500;
    expect([...at(restEnd + 400).bytes]).toEqual([...at(800).bytes]);
    expect(result.link.framesCorrupted).toBe(0);
  });
});

describe('a restart', () => {
  it('goes on from the checkpoint saved at stop', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'neuron-kit-twin-state-'));
    let first!: Session;
    const events: ExhibitEvent[] = [];
    await runSession({
      exhibit, board: 'emulated', fast: true, forMs: 2_000, stateDir, onEvent: (e) => events.push(e),
      onStart: (s) => {
        first = s;
        for (let t = SETTLE_MS; t < 1_200; t += 150) tapAt(s, t, TOUCH);
        tapAt(s, 1_300, INJURY);
      },
    });
    expect(events.map((e) => e.type)).toEqual(['checkpoint']);
    const saved = encodeExact(first.exhibition.model.snapshot());
    const reopened = await Exhibition.open(exhibit, { stateDir });
    expect(encodeExact(reopened.model.snapshot())).toBe(saved);
    let firstFrame: DecodedFrame | null = null;
    const result = await runSession({
      exhibit, board: 'emulated', fast: true, forMs: 500, stateDir,
      onStart: (s) => {
        const off = s.twin!.onFrame((f) => {
          firstFrame = f;
          off();
        });
      },
    });
    expect(result.synapses['A->C']!.exists).toBe(false);
    expect(segment(firstFrame!, 'synapse', 'A->C')).toBe(0);
    expect(segment(firstFrame!, 'synapse', 'B->C')).toBeGreaterThan(0);
  });
});
