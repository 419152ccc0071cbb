import { EventEmitter } from 'node:events';
import { describe, expect, test } from 'vitest';
import { Twin } from '../../src/emulator/index.js';
import { sentSide, twinSide, type RuntimeLike } from '../../src/runtime/board-side.js';
import { twinFirmware } from '../../src/board/twin.js';

describe('the board side is chosen once: visitor actions and LED frames', () => {
  test('on the twin, a press drives the pin low and a release brings it back, stamped with board time', () => {
    const twin = new Twin({ hexPath: twinFirmware('kit').hexPath, pulledUpPins: [2] });
    const side = twinSide(twin);
    const edges: [number, boolean][] = [];
    side.edges!.onInputEdge((pin, high) => edges.push([pin, high]));
    side.inputs.press('A', 2);
    side.inputs.release('A', 2);
    expect(edges).toEqual([[2, false], [2, true]]);
    expect(side.leds.observed).toBe(true);
    expect(side.leds.lastFrame(6)).toBeNull();
  });

  test('on a real board, actions are runtime commands at board time and the LEDs show the frames sent', () => {
    const calls: string[] = [];
    const link = new EventEmitter();
    const runtime: RuntimeLike = {
      press: (t, at) => calls.push(`press ${t} ${at}`),
      release: (t, at) => calls.push(`release ${t} ${at}`),
      dial: (f, at) => calls.push(`dial ${f} ${at}`),
      link,
      clock: { now: () => 42 },
    };
    const side = sentSide(runtime);
    side.inputs.press('A', 2);
    side.inputs.release('A', 2);
    side.inputs.turn(0, 0.5);
    expect(calls).toEqual(['press A 42', 'release A 42', 'dial 0.5 42']);
    expect(side.edges).toBeNull();
    const seen: number[] = [];
    const off = side.leds.onFrame((f) => seen.push(f.latchedAtMs));
    link.emit('sent', { seq: 1, atMs: 40, strips: [{ pin: 6, bytes: Uint8Array.of(1, 2, 3) }] });
    off();
    link.emit('sent', { seq: 2, atMs: 41, strips: [{ pin: 6, bytes: Uint8Array.of(4, 5, 6) }] });
    expect(seen).toEqual([40]);
    expect(side.leds.lastFrame(6)).toEqual({ pin: 6, bytes: Uint8Array.of(4, 5, 6), latchedAtMs: 41 });
    expect(side.leds.observed).toBe(false);
  });
});
