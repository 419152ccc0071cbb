import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { connectBoard, emulatedTransport } from '../../src/board/index.js';
import { Twin } from '../../src/emulator/index.js';
import { wireToRgb } from '../../src/wire/index.js';
import { readExhibit } from '../../src/exhibit/index.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { twinFirmware } from '../../src/board/twin.js';

const exhibit = readExhibit(JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'exhibits', 'use-it-or-lose-it.json'), 'utf8')));

it('with the host gone, the kit firmware keeps the exhibit alive: an idle glow, and a press runs down its axon', async () => {
  const twin = new Twin({ ...twinFirmware('kit'), pulledUpPins: [2, 3, 4] });
  const connecting = connectBoard(emulatedTransport(twin), { strips: exhibit.strips.map((s) => ({ pin: s.pin, length: s.length, colorOrder: s.order })) });
  let kit: Awaited<typeof connecting> | undefined;
  void connecting.then((k) => (kit = k));
  await twin.run({ until: () => kit !== undefined, withinMs: 5000 });
  const runtime = new Runtime(exhibit, kit!);
  runtime.start();
  await twin.run({ forMs: 1000 });
  // The host stops talking (as when the computer hangs or the USB cable is pulled from the PC side).
  runtime.stop();
  kit!.stopHeartbeat();
  const standalone: boolean[] = [];
  kit!.on('standalone', (on: boolean) => standalone.push(on));
  await twin.run({ forMs: 4000 });
  expect(standalone).toEqual([true]);
  const lit = (from: number, to: number) => wireToRgb(twin.lastFrame(6)!.bytes).slice(from, to + 1).filter((p) => p.some((v) => v > 0)).length;
  expect(lit(0, 29)).toBeGreaterThan(0); // the idle animation: never a dead strip
  const axon = exhibit.segments.find((s) => s.shows === 'axon' && s.of === 'A->C')!;
  const brightest = () => Math.max(...wireToRgb(twin.lastFrame(6)!.bytes).slice(axon.first, axon.last + 1).map((p) => p[0]! + p[1]! + p[2]!));
  const idle = brightest();
  twin.press(exhibit.neurons[0]!.button!);
  await twin.run({ forMs: 150 });
  twin.release(exhibit.neurons[0]!.button!);
  expect(brightest()).toBeGreaterThan(idle);
  await kit!.close();
});
