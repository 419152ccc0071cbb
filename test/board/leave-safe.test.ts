import { describe, expect, it } from 'vitest';
import { connectBoard, emulatedTransport } from '../../src/board/index.js';
import { Twin, type DecodedFrame } from '../../src/emulator/index.js';
import { wireToRgb } from '../../src/wire/index.js';
import { twinFirmware } from '../../src/board/twin.js';
import { whileRunning } from './twin-helper.js';

/** When the host must go at once, the LEDs are left safe: never frozen on the last frame. */

const strips = [{ pin: 6, length: 8 }];
const lit = (frame: DecodedFrame | null) => (frame ? wireToRgb(frame.bytes).filter((p) => p.some((v) => v > 0)).length : 0);

async function litBoard(firmware: 'kit' | 'stock') {
  const twin = new Twin({ ...twinFirmware(firmware), pulledUpPins: [2] });
  const kit = await whileRunning(twin, connectBoard(emulatedTransport(twin), { strips }));
  kit.fill(0x406080);
  await whileRunning(twin, kit.show());
  expect(lit(twin.lastFrame(6))).toBe(8);
  return { twin, kit };
}

describe('leaving the LEDs safe', () => {
  it('on the stock firmware every pixel is turned off, then the port closes', async () => {
    const { twin, kit } = await litBoard('stock');
    const leftAt = twin.nowMs;
    await whileRunning(twin, kit.leaveSafe());
    await twin.run({ forMs: 50 });
    expect(twin.lastFrame(6)!.latchedAtMs).toBeGreaterThan(leftAt);
    expect(lit(twin.lastFrame(6))).toBe(0);
    expect(twin.transport.isOpen).toBe(false);
  });

  it('on the kit firmware the pixels go off, the port closes, and the firmware\'s standalone mode takes over after 3 s of silence', async () => {
    const { twin, kit } = await litBoard('kit');
    const frames: DecodedFrame[] = [];
    twin.onFrame((f) => frames.push(f));
    const leftAt = twin.nowMs;
    await whileRunning(twin, kit.leaveSafe());
    expect(twin.transport.isOpen).toBe(false);
    await twin.run({ forMs: 4000 });
    const [dark, ...rest] = frames;
    expect(lit(dark!)).toBe(0);
    expect(dark!.latchedAtMs - leftAt).toBeLessThan(5);
    expect(rest.filter((f) => f.latchedAtMs < dark!.latchedAtMs + 2900)).toEqual([]);
    const own = rest;
    expect(own.length).toBeGreaterThan(0);
    // The firmware's own idle glow, not the host's frozen frame and not a dead strip.
    for (const f of own) {
      expect(lit(f)).toBeGreaterThan(0);
      expect(wireToRgb(f.bytes)).not.toContainEqual([64, 96, 128]);
    }
  });
});
