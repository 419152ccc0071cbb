import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BoardTimeoutError, connectBoard, emulatedTransport, StoppedWaitingError, WrongFirmwareError } from '../../src/board/index.js';
import { parseIntelHex, Twin, stockFirmwarePath } from '../../src/emulator/index.js';
import { firmwareHexPath, KIT_BAUD_RATE, STOCK_FIRMATA_BAUD_RATE } from '../../src/firmware-info.js';
import { Rng } from '../../src/model/rng.js';
import { gained, resources } from '../helpers/resources.js';
import { whileRunning } from './twin-helper.js';

/**
 * Boards that never answer, or answer with the wrong firmware: each attempt fails with a typed error
 * in board time and leaves no timer, handle or johnny-five board behind (a leftover once kept
 * `neuron-kit run` alive for 24.8 days).
 */

const require = createRequire(import.meta.url);
const boardCache = (require('johnny-five') as { Board: { cache: unknown[] } }).Board.cache;

/** Writes `image` as an Intel HEX file (16-byte data records) and returns its path. */
function writeHex(name: string, image: Uint8Array): string {
  const lines: string[] = [];
  for (let address = 0; address < image.length; address += 16) {
    const record = [16, address >> 8, address & 0xff, 0, ...image.subarray(address, address + 16)];
    const checksum = (256 - (record.reduce((a, b) => a + b, 0) % 256)) % 256;
    lines.push(`:${[...record, checksum].map((b) => b.toString(16).padStart(2, '0')).join('').toUpperCase()}`);
  }
  const path = join(tmpdir(), `neuron-kit-${name}-${process.pid}.hex`);
  writeFileSync(path, `${[...lines, ':00000001FF'].join('\n')}\n`);
  return path;
}

/** `bytes` seeded random bytes in flash: what a corrupted upload might leave. */
function randomHex(seed: number, bytes: number): string {
  const rng = new Rng(seed);
  return writeHex(`random-${seed}`, Uint8Array.from({ length: bytes }, () => Math.floor(rng.next() * 256)));
}

/**
 * node-pixel's Firmata renamed in flash to StandardFirmata.ino: what the host sees of a board flashed
 * with the Arduino IDE's stock Firmata example (Firmata reports the sketch's file name; node-pixel,
 * and the kit, go by it). Building StandardFirmata itself needs the Servo library Debian lacks.
 */
function standardFirmataHex(): string {
  const words = parseIntelHex(readFileSync(stockFirmwarePath(), 'utf8'));
  const image = new Uint8Array(words.buffer.slice(0));
  const flash = Buffer.from(image.buffer);
  const at = flash.lastIndexOf('node_pixel_firmata.ino\0', undefined, 'latin1');
  flash.write('StandardFirmata.ino\0', at, 'latin1');
  let end = image.length;
  while (end > 0 && image[end - 1] === 0xff) end--; // erased flash after the program
  return writeHex('standard-firmata', image.subarray(0, (end + 15) & ~15));
}
const backpack = stockFirmwarePath().replace('firmata/uno/node_pixel_firmata.ino.hex', 'backpack/uno/backpack.ino.hex');
const READY_MS = 1500;

const faults: Array<[string, () => { hexPath: string; baudRate: number }, RegExp]> = [
  ['random bytes in flash', () => ({ hexPath: randomHex(16, 4096), baudRate: KIT_BAUD_RATE }), /within 1\.5 s: it sent nothing$/],
  ["node-pixel's I2C backpack firmware (no Firmata on its serial line)", () => ({ hexPath: backpack, baudRate: STOCK_FIRMATA_BAUD_RATE }), /within 1\.5 s: it sent nothing/],
  ["the Mega's kit firmware on a Uno", () => ({ hexPath: firmwareHexPath('mega'), baudRate: KIT_BAUD_RATE }), /within 1\.5 s: it sent nothing$/],
  ['the kit firmware opened at the stock firmware\'s 57600 baud', () => ({ hexPath: firmwareHexPath('uno'), baudRate: STOCK_FIRMATA_BAUD_RATE }), /within 1\.5 s: it sent \d+ bytes that were not Firmata \(another firmware, or another baud rate\)/],
];

describe('a twin that never answers Firmata', () => {
  for (const [what, firmware, message] of faults) {
    it(`${what}: a BoardTimeoutError in board time, nothing left running`, async () => {
      const before = resources();
      const cached = boardCache.length;
      const twin = new Twin(firmware());
      const started = twin.nowMs;
      const err = await whileRunning(twin, connectBoard(emulatedTransport(twin), { strips: [{ pin: 6, length: 8 }], readyTimeoutMs: READY_MS })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BoardTimeoutError);
      expect((err as Error).message).toMatch(message);
      expect(twin.nowMs - started).toBeGreaterThanOrEqual(READY_MS);
      expect(twin.nowMs - started).toBeLessThan(READY_MS + 10);
      await new Promise((r) => setImmediate(r));
      expect(gained(before)).toEqual({});
      expect(boardCache.length).toBe(cached);
    });
  }
});

describe('a twin that answers Firmata, but not the pixel one', () => {
  it('stock StandardFirmata: a WrongFirmwareError naming it (without the NULs it sent), nothing left running', async () => {
    const before = resources();
    const cached = boardCache.length;
    const twin = new Twin({ hexPath: standardFirmataHex(), baudRate: STOCK_FIRMATA_BAUD_RATE });
    const err = await whileRunning(twin, connectBoard(emulatedTransport(twin), { strips: [{ pin: 6, length: 8 }], readyTimeoutMs: 6000 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WrongFirmwareError);
    expect((err as Error).message).toBe('The board runs "StandardFirmata.ino", not node_pixel_firmata.ino: it cannot drive LED strips');
    expect((err as WrongFirmwareError).hint).toMatch(/neuron-kit flash/);
    await new Promise((r) => setImmediate(r));
    expect(gained(before)).toEqual({});
    expect(boardCache.length).toBe(cached);
    expect(twin.transport.isOpen).toBe(false);
  });
});

describe('stopping while a board is being waited for', () => {
  it('an abort (Ctrl-C) ends the attempt at once with StoppedWaitingError, nothing left running', async () => {
    const before = resources();
    const twin = new Twin({ hexPath: backpack, baudRate: STOCK_FIRMATA_BAUD_RATE });
    const stop = new AbortController();
    twin.clock.schedule(twin.nowMs + 400, () => stop.abort());
    const started = twin.nowMs;
    const err = await whileRunning(twin, connectBoard(emulatedTransport(twin), { strips: [{ pin: 6, length: 8 }], signal: stop.signal })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoppedWaitingError);
    expect((err as Error).message).toBe('Stopped while waiting for the board to answer');
    expect(twin.nowMs - started).toBeLessThan(410);
    await new Promise((r) => setImmediate(r));
    expect(gained(before)).toEqual({});
  });

  it('stopped before it began: the port is never opened', async () => {
    const twin = new Twin({ hexPath: backpack, baudRate: STOCK_FIRMATA_BAUD_RATE });
    const stop = new AbortController();
    stop.abort();
    const err = await connectBoard(emulatedTransport(twin), { strips: [{ pin: 6, length: 8 }], signal: stop.signal }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoppedWaitingError);
    expect(twin.resets).toBe(0);
    expect(twin.transport.isOpen).toBe(false);
  });
});
