import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Twin } from '../../src/emulator/index.js';
import type { KitBoard } from '../../src/board/index.js';
import { FrameAudit, LedLink, type Rgb } from '../../src/link/index.js';
import { expectIntactAndDrained } from './expect-intact.js';
import { bootTwinBoard } from '../board/twin-helper.js';

const PIXELS = 60;
let twin: Twin;
let kit: KitBoard;

beforeAll(async () => {
  ({ twin, kit } = await bootTwinBoard([{ pin: 6, length: PIXELS }]));
});
afterAll(async () => {
  await kit?.close();
});

/** A moving pulse over a dim gradient: a few pixels change per frame, as in an exhibit. */
function frame(t: number): Rgb[] {
  return Array.from({ length: PIXELS }, (_, i): Rgb => {
    const d = Math.abs(i - ((t * 0.12) % PIXELS));
    return d < 3 ? [255 - d * 60, 120, 20] : [0, 10 + (i % 7) * 5, 40];
  });
}

describe('LED link on the twin', () => {
  test('many frames, rendered faster than the line, arrive uncorrupted with no backlog', async () => {
    const link = new LedLink(kit);
    const audit = new FrameAudit(link, (l) => twin.onFrame(l));
    const start = twin.nowMs;
    let maxBacklog = 0;
    // The exhibit renders every board millisecond, far faster than 57600 baud can carry frames.
    const tick = () => {
      link.setFrame(frame(twin.nowMs - start));
      maxBacklog = Math.max(maxBacklog, link.backlogBytes);
      if (twin.nowMs - start < 1500) twin.clock.schedule(twin.nowMs + 1, tick);
    };
    tick();
    // A full-strip change (fill is cheaper) and buttons set up in the middle of the animation.
    twin.clock.schedule(start + 700, () => link.setFrame(Array.from({ length: PIXELS }, (): Rgb => [30, 0, 90])));
    await twin.run({ forMs: 1600 });
    link.close();
    expectIntactAndDrained({ audit, link, twin, maxBacklog, pixels: PIXELS });
    expect(link.stats.framesDropped).toBeGreaterThan(0);
  });

  test('without padding the twin loses bytes during show(), as a real Uno does', async () => {
    // Raw node-pixel bytes (protocol.md): fill the strip, SHOW, then at once set pixel 0 and SHOW.
    const fill = [0xf0, 0x51, 0x04, 0x05, 0x00, 0x00, 0x00, 0xf7];
    const show = [0xf0, 0x51, 0x02, 0xf7];
    const pixel0 = [0xf0, 0x51, 0x03, 0x00, 0x00, 0x7f, 0x01, 0x00, 0x00, 0xf7];
    const before = twin.transport.stats.nonZeroBytesOverrun;
    kit.writeRaw(Uint8Array.from([...fill, ...show, ...pixel0, ...show]));
    await twin.run({ forMs: 40 });
    // 60 pixels × 30 µs = 1.8 ms with interrupts off: ~10 byte times, more than the 3-byte FIFO holds.
    expect(twin.transport.stats.nonZeroBytesOverrun - before).toBeGreaterThan(0);
  });
});

