import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Twin } from '../../src/emulator/index.js';
import { wireToRgb } from '../../src/wire/index.js';
import { BoardButton, type KitBoard } from '../../src/board/index.js';
import { bootTwinBoard } from './twin-helper.js';

// One booted twin for the file: booting costs ~3 s of emulated time (bootloader + firmware start).
let twin: Twin;
let kit: KitBoard;
const BUTTON_PIN = 2;
const J5_BUTTON_PIN = 3;

beforeAll(async () => {
  ({ twin, kit } = await bootTwinBoard([{ pin: 6, length: 8 }, { pin: 7, length: 4 }], { gamma: 1 }));
});
afterAll(async () => {
  await kit?.close();
});

describe('board seam on the twin (stock firmware, real firmata-io/johnny-five/node-pixel)', () => {
  test('the board is ready after the DTR reset, bootloader and firmware start-up', () => {
    expect(kit.firmware).toEqual({ name: 'node_pixel_firmata.ino', version: '2.5' });
    expect(twin.resets).toBe(1);
    // Bootloader 1 s + firmware banner at ~2.1 s + capability queries: ready in 3–4 s of board time.
    expect(twin.nowMs).toBeGreaterThan(3000);
    expect(twin.nowMs).toBeLessThan(4000);
    expect(kit.pixelCount).toBe(12);
  });

  test('the board\'s gamma table is node-pixel\'s own for the same gamma (the link applies it itself)', () => {
    expect(kit.gammaTable).toEqual((kit.strip as unknown as { gtable: number[] }).gtable);
  });

  test('strip colours are decoded from the WS2812 waveform exactly, per strip', async () => {
    const colours: [number, number, number][] = [[255, 0, 0], [0, 255, 0], [0, 0, 255], [1, 2, 3], [128, 64, 32], [255, 255, 255], [0, 0, 0], [17, 34, 51]];
    colours.forEach((c, i) => kit.strip.pixel(i).color(`rgb(${c.join(',')})`));
    kit.strip.pixel(9).color('#0a0b0c');
    const t0 = twin.nowMs;
    kit.strip.show();
    await twin.run({ until: () => (twin.lastFrame(7)?.latchedAtMs ?? 0) > t0, withinMs: 100 });
    expect(wireToRgb(twin.lastFrame(6)!.bytes)).toEqual(colours);
    expect(wireToRgb(twin.lastFrame(7)!.bytes)).toEqual([[0, 0, 0], [10, 11, 12], [0, 0, 0], [0, 0, 0]]);
  });

  test('a fill reaches every pixel of every strip', async () => {
    const t0 = twin.nowMs;
    kit.strip.color('#203040');
    kit.strip.show();
    await twin.run({ until: () => (twin.lastFrame(7)?.latchedAtMs ?? 0) > t0, withinMs: 100 });
    expect(wireToRgb(twin.lastFrame(6)!.bytes)).toEqual(Array(8).fill([0x20, 0x30, 0x40]));
    expect(wireToRgb(twin.lastFrame(7)!.bytes)).toEqual(Array(4).fill([0x20, 0x30, 0x40]));
  });

  test('button press and release arrive as board-time events, debounced on board time', async () => {
    const button = new BoardButton(kit, BUTTON_PIN);
    const events: [string, number][] = [];
    button.on('press', (at: number) => events.push(['press', at]));
    button.on('release', (at: number) => events.push(['release', at]));
    await twin.run({ forMs: 20 }); // pin mode and REPORT_DIGITAL reach the board
    const pressAt = twin.nowMs;
    twin.press(BUTTON_PIN);
    await twin.run({ forMs: 2 });
    twin.release(BUTTON_PIN); // a bounce inside the debounce window
    await twin.run({ forMs: 1 });
    twin.press(BUTTON_PIN);
    await twin.run({ forMs: 50 });
    const releaseAt = twin.nowMs;
    twin.release(BUTTON_PIN);
    await twin.run({ forMs: 20 });
    expect(events.map((e) => e[0])).toEqual(['press', 'release']);
    // Reported at the slice after the edge: the firmware sends the report within microseconds.
    expect(events[0]![1] - pressAt).toBeGreaterThanOrEqual(0);
    expect(events[0]![1] - pressAt).toBeLessThanOrEqual(1.01);
    expect(events[1]![1] - releaseAt).toBeLessThanOrEqual(1.01);
  });

  test("johnny-five's own Button works through the same io", async () => {
    const five = createRequire(import.meta.url)('johnny-five') as typeof import('johnny-five');
    const button = new five.Button({ pin: J5_BUTTON_PIN, isPullup: true, board: kit.j5 } as never);
    const seen: string[] = [];
    button.on('press', () => seen.push('press'));
    button.on('release', () => seen.push('release'));
    await twin.run({ forMs: 20 });
    twin.press(J5_BUTTON_PIN);
    // johnny-five fires 7 ms of *wall* time after the edge; hold until it has, whatever the host speed.
    await twin.run({ until: () => seen.length === 1, withinMs: 5000 });
    twin.release(J5_BUTTON_PIN);
    await twin.run({ until: () => seen.length === 2, withinMs: 5000 });
    expect(seen).toEqual(['press', 'release']);
  });

  test('analog inputs read the voltage set on the pin (10-bit, AVCC reference)', async () => {
    const readings: number[] = [];
    twin.setAnalog(0, 0.25);
    kit.watchAnalog(0, (value) => readings.push(value));
    await twin.run({ until: () => readings.length >= 2, withinMs: 200 });
    // Datasheet §24.7: ADC = Vin·1024/Vref, truncated, so 0.25·AVCC reads 256 and 0.8·AVCC reads 819.
    expect(readings.at(-1)).toBe(256);
    twin.setAnalog(0, 0.8);
    const n = readings.length;
    await twin.run({ until: () => readings.length >= n + 2, withinMs: 200 });
    expect(readings.at(-1)).toBe(819);
  });
});
