import { describe, expect, test } from 'vitest';
import { BoardButton } from '../../src/board/button.js';
import { Twin } from '../../src/emulator/index.js';
import { firmwareHexPath, KIT_BAUD_RATE } from '../../src/firmware-info.js';
import { connectCodecPort } from '../../src/board/ports/index.js';
import { twinLine } from '../../src/site/twin-line.js';

// The browser's kit port (the kit-protocol codec and a few Firmata messages, no johnny-five) against
// the committed kit firmware on the twin, in Node: the same bytes the site's Web Worker exchanges.
describe('the codec kit port on the kit firmware (twin)', () => {
  test('connects, reads the kit identity, counts every press of a button and has each show acknowledged', async () => {
    const twin = new Twin({ hexPath: firmwareHexPath('uno'), baudRate: KIT_BAUD_RATE, pulledUpPins: [2] });
    let done = false;
    const running = twin.run({ pace: 'fast', until: () => done, withinMs: 60_000 });
    const port = await connectCodecPort(twinLine(twin.transport.line), { strips: [{ pin: 6, length: 8 }], clock: twin.clock });
    expect(port.kit?.name).toBe('NeuronKit');
    const presses: number[] = [];
    const button = new BoardButton(port, 2, 20);
    button.on('press', (atMs: number) => presses.push(atMs));
    const t0 = twin.nowMs + 200;
    for (let i = 0; i < 3; i++) {
      twin.clock.schedule(t0 + i * 300, () => twin.press(2));
      twin.clock.schedule(t0 + i * 300 + 60, () => twin.release(2));
    }
    await new Promise<void>((resolve) => twin.clock.schedule(t0 + 1000, resolve));
    expect(presses.length).toBe(3);
    port.setPixel(0, 0xff0000);
    const shownAt = await port.show();
    await new Promise<void>((resolve) => twin.clock.schedule(twin.nowMs + 5, resolve));
    expect(shownAt).toBeGreaterThan(t0);
    expect(Array.from(twin.lastFrame(6)!.bytes.slice(0, 3))).toEqual([0, 255, 0]);
    done = true;
    await running;
  });
});
