import { Twin, type TwinOptions } from '../../src/emulator/index.js';
import { type KitBoard, type StripSpec, connectBoard, emulatedTransport } from '../../src/board/index.js';

/** Runs the twin (fast, emulated time) until `promise` settles, then returns its value. */
export async function whileRunning<T>(twin: Twin, promise: Promise<T>, withinMs = 15_000): Promise<T> {
  let settled = false;
  const watched = promise.finally(() => {
    settled = true;
  });
  watched.catch(() => {});
  await twin.run({ until: () => settled, withinMs });
  return watched;
}

/** A twin running the stock firmware, connected through the real firmata-io/johnny-five/node-pixel stack. */
export async function bootTwinBoard(strips: StripSpec[], options: TwinOptions & { gamma?: number } = {}): Promise<{ twin: Twin; kit: KitBoard }> {
  const twin = new Twin(options);
  const kit = await whileRunning(twin, connectBoard(emulatedTransport(twin), { strips, gamma: options.gamma }));
  return { twin, kit };
}

/**
 * Hangs the twin's firmware as a lock-up would: the CPU jumps to a tight loop in unused flash with
 * interrupts on, so the loop stops feeding the watchdog. The image is shared by every chip the twin
 * boots, but nothing jumps there after a reset.
 */
export function hangFirmware(twin: Twin): void {
  const cpu = twin.chip.cpu;
  const at = 0x3e00 - 1; // last word below optiboot's 512 bytes; the kit image ends far below it
  cpu.progMem[at] = 0xcfff; // rjmp .-2
  cpu.pc = at;
}
