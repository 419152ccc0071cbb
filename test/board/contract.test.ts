import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Twin } from '../../src/emulator/index.js';
import {
  type BoardTransport, type KitBoard, connectBoard, emulatedTransport, serialTransport,
} from '../../src/board/index.js';
import { FrameAudit, LedLink, type Rgb } from '../../src/link/index.js';
import { wireToRgb } from '../../src/wire/index.js';
import { KIT_BAUD_RATE } from '../../src/firmware-info.js';
import { twinFirmware, type TwinFirmware } from '../../src/board/twin.js';

/**
 * The contract every board must meet, real or emulated. It runs on the twin always, and on a real
 * Uno when NEURON_KIT_TEST_PORT names its port (e.g. /dev/ttyACM0); on the twin with both the kit
 * firmware and node-pixel's stock firmware.
 * Only what needs no wiring is asserted on hardware; the twin adds what it can observe (decoded LEDs).
 */
interface Target {
  name: string;
  make(): { transport: BoardTransport; twin: Twin | null };
}

const realPort = process.env.NEURON_KIT_TEST_PORT;
const onTwin = (firmware: TwinFirmware): Target => ({
  name: `twin, ${firmware} firmware`,
  make: () => {
    const twin = new Twin(twinFirmware(firmware));
    return { transport: emulatedTransport(twin), twin };
  },
});
const targets: Target[] = [onTwin('kit'), onTwin('stock')];
// A real board: NEURON_KIT_TEST_BAUD=57600 for node-pixel's stock firmware, else the kit firmware's rate.
if (realPort) targets.push({ name: `real board on ${realPort}`, make: () => ({ transport: serialTransport(realPort, Number(process.env.NEURON_KIT_TEST_BAUD ?? KIT_BAUD_RATE)), twin: null }) });
else test.skip('real-board contract: set NEURON_KIT_TEST_PORT=/dev/ttyACM0 (a Uno with the kit firmware, or node-pixel firmata with NEURON_KIT_TEST_BAUD=57600) to run it', () => {});

const PIXELS = 30;

describe.each(targets)('board contract: $name', (target) => {
  let transport: BoardTransport;
  let twin: Twin | null;
  let kit: KitBoard;

  /** Waits `ms` of board time: the twin is run for it; a real board's clock is the wall clock. */
  const pass = async (ms: number) => {
    if (twin) await twin.run({ forMs: ms });
    else await new Promise<void>((r) => transport.clock.schedule(transport.clock.now() + ms, r));
  };

  /** Waits for a promise on board time: the twin runs until it settles; a real board just waits. */
  const settle = async <T>(promise: Promise<T>, withinMs = 1000): Promise<T> => {
    if (twin) {
      let settled = false;
      promise.finally(() => (settled = true)).catch(() => {});
      await twin.run({ until: () => settled, withinMs });
    }
    return promise;
  };

  beforeAll(async () => {
    ({ transport, twin } = target.make());
    const ready = connectBoard(transport, { strips: [{ pin: 6, length: PIXELS }] });
    if (twin) {
      let settled = false;
      ready.finally(() => (settled = true)).catch(() => {});
      await twin.run({ until: () => settled, withinMs: 15_000 });
    }
    kit = await ready;
  });
  afterAll(async () => {
    await kit?.close();
  });

  test('reports node-pixel firmata and the strip length', () => {
    expect(kit.firmware.name).toBe('node_pixel_firmata.ino');
    expect(kit.pixelCount).toBe(PIXELS);
  });

  test('digital and analog reports arrive with board time', async () => {
    const digital: number[] = [];
    const analog: number[] = [];
    kit.watchDigital(2, (_v, at) => digital.push(at));
    kit.watchAnalog(0, (_v, at) => analog.push(at));
    await pass(200);
    expect(digital.length).toBeGreaterThanOrEqual(1); // the initial report when reporting is enabled
    expect(analog.length).toBeGreaterThanOrEqual(5); // every 19 ms
    expect(analog.every((t, i) => i === 0 || t >= analog[i - 1]!)).toBe(true);
  });

  test('the link shows frames and leaves no backlog', async () => {
    const link = new LedLink(kit);
    const audit = twin ? new FrameAudit(link, (l) => twin!.onFrame(l)) : null;
    for (let k = 0; k < 20; k++) {
      link.setFrame(Array.from({ length: PIXELS }, (_, i): Rgb => (i === k ? [255, 80, 0] : [0, 0, 20 + k])));
      await pass(15);
    }
    await pass(100);
    link.close();
    expect(link.stats.framesSent).toBeGreaterThanOrEqual(10);
    expect(link.backlogBytes).toBe(0);
    if (audit) {
      expect(audit.counts.framesCorrupted).toBe(0);
      expect(audit.counts.framesShown).toBe(link.stats.framesSent);
    }
  });

  test('set, fill and show: show resolves once the firmware has the frame on the LEDs', async () => {
    kit.fill(0x000010);
    kit.setPixel(3, 0x400000);
    const sentAt = kit.clock.now();
    const shownAt = await settle(kit.show());
    expect(shownAt).toBeGreaterThanOrEqual(sentAt);
    if (twin) {
      const rgb = wireToRgb(twin.lastFrame(6)!.bytes);
      expect(rgb[3]).toEqual([0x40, 0, 0]);
      expect(rgb[PIXELS - 1]).toEqual([0, 0, 0x10]);
      expect(twin.lastFrame(6)!.latchedAtMs).toBeLessThanOrEqual(shownAt);
    }
    // Shows resolve in order, each once its own frame is shown.
    kit.setPixel(4, 0x004000);
    const [a, b] = await settle(Promise.all([kit.show(), kit.show()]));
    expect(b).toBeGreaterThanOrEqual(a);
  });
});
