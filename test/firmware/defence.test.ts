import { describe, expect, test } from 'vitest';
import { wireToRgb } from '../../src/wire/index.js';
import { firmwareHexPath } from '../../src/firmware-info.js';
import { KIT_COMMAND, KIT_SUB, MAX_AXONS, MAX_STRIPS, PIXEL_COMMAND, PIXEL_SUB, decodeSysex, encode } from '../../src/wire/index.js';
import { KitChip, sysexMessages } from './kit-chip.js';

// The kit firmware checks every pin and count it is given, over the line and from EEPROM. The
// committed Uno hex on the emulated ATmega328P, emulated time throughout.
const HEX = firmwareHexPath('uno');

const infos = (chip: KitChip) => sysexMessages(chip.sent).filter((m) => decodeSysex(m).kind === 'kitInfo').length;
const raw = (...bytes: number[]) => [0xf0, PIXEL_COMMAND, PIXEL_SUB.config, ...bytes, 0xf7];

async function booted(): Promise<KitChip> {
  const chip = new KitChip(HEX);
  await chip.run({ until: () => infos(chip) > 0, withinMs: 500 });
  return chip;
}

/** Asks KIT_INFO (after an F7 that ends any sysex left open) and waits for the answer. */
async function answers(chip: KitChip, withinMs = 1000): Promise<boolean> {
  const before = infos(chip);
  chip.write([0xf7, ...encode.kitInfoQuery()]);
  try {
    await chip.run({ until: () => infos(chip) > before, withinMs });
    return true;
  } catch {
    return false;
  }
}

/** The saved-layout image of firmware/src/standalone.cpp (struct SavedLayout, little-endian AVR). */
function layoutImage(version: number, strips: [pin: number, order: number, length: number][], seq = 1): number[] {
  // Version 1 and 2 had no sequence number.
  const bytes = version >= 3 ? [0x4e, 0x4b, version, seq, strips.length] : [0x4e, 0x4b, version, strips.length];
  for (let i = 0; i < MAX_STRIPS; i++) {
    const [pin, order, length] = strips[i] ?? [0, 0, 0];
    bytes.push(pin, order, length & 0xff, length >> 8);
  }
  for (let i = 0; i < MAX_AXONS; i++) bytes.push(0xff, 0, 0, 0, 0);
  bytes.push(30, 0); // timeout 3 s
  let sum = 0x5a;
  for (const b of bytes) sum = (((sum << 1) | (sum >> 7)) & 0xff) ^ b;
  return [...bytes, sum];
}

/** How many PIXEL_SHOW messages a byte run holds. */
function splitShows(bytes: readonly number[]): number {
  let n = 0;
  for (let i = 0; i + 3 < bytes.length; i++) if (bytes[i] === 0xf0 && bytes[i + 1] === PIXEL_COMMAND && bytes[i + 2] === PIXEL_SUB.show && bytes[i + 3] === 0xf7) n++;
  return n;
}

/** mulberry32: a small seeded generator, so the fuzz run is the same every time. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the Nano image', () => {
  // The Nano is an ATmega328P like the Uno; its image differs in the variant (eightanaloginputs) and
  // the flash it may use. The Mega image has its own test (mega.test.ts).
  test('boots, says who it is, drives a strip and refuses a pin the Nano lacks', async () => {
    const chip = new KitChip(firmwareHexPath('nano'));
    await chip.run({ until: () => infos(chip) > 0, withinMs: 500 });
    chip.write([...encode.pixelConfig([{ pin: 6, length: 4 }]), ...raw(21, 4, 0), ...encode.pixelSet(3, 0x405060), ...encode.pixelShow()]);
    await chip.run({ until: () => chip.lastFrame(6) !== null, withinMs: 200 });
    expect(wireToRgb(chip.lastFrame(6)!.bytes)).toEqual([[0, 0, 0], [0, 0, 0], [0, 0, 0], [0x40, 0x50, 0x60]]);
    expect(chip.watchdogResets).toBe(0);
  });
});

describe('kit firmware defends itself', () => {
  test('a strip layout it cannot drive is ignored and the one before stays: pins the Uno lacks, D0/D1, a pin twice, too many pixels, a ragged message', async () => {
    const chip = await booted();
    chip.write([...encode.pixelConfig([{ pin: 6, length: 10 }])]);
    chip.write([
      ...raw(25, 10, 0), // D25: past the Uno's pin tables (the old firmware wrote to an arbitrary address)
      ...raw(1, 10, 0), // TX
      ...raw(6, 5, 0, 6, 5, 0), // D6 twice
      ...raw(6, 100, 1), // 228 pixels
      ...raw(7, 10), // a strip cut short
      ...raw((3 << 5) | 7, 10, 0), // colour order 3
    ]);
    chip.write([...encode.pixelSet(9, 0x102030), ...encode.pixelShow()]);
    await chip.run({ until: () => chip.lastFrame(6) !== null, withinMs: 200 });
    expect(wireToRgb(chip.lastFrame(6)!.bytes)).toEqual([...Array(9).fill([0, 0, 0]), [0x10, 0x20, 0x30]]);
    expect(chip.frames.every((f) => f.pin === 6)).toBe(true);
    expect(chip.watchdogResets).toBe(0);
  });

  test.each([
    ['a layout saved by firmware 1.0 on D25 (the old reset loop)', layoutImage(1, [[25, 0, 30]])],
    ['a layout whose checksum passes but whose pin the Uno lacks', layoutImage(3, [[25, 0, 30]])],
    ['a layout with more pixels than the firmware holds', layoutImage(3, [[6, 0, 400]])],
    ['a torn save (checksum wrong)', layoutImage(3, [[6, 0, 30]]).map((b, i) => (i === 10 ? b ^ 1 : b))],
  ])('%s is ignored at boot and cleared from EEPROM', async (_name, image) => {
    const chip = new KitChip(HEX);
    chip.eepromBackend.memory.set(image, 0);
    chip.transport.open(); // boots with that EEPROM
    await chip.run({ until: () => infos(chip) > 0, withinMs: 500 });
    // No strip driven, no reset for longer than the watchdog's 2 s, and the firmware still answers.
    await chip.run({ forMs: 2500 });
    expect(chip.watchdogResets).toBe(0);
    expect(chip.frames).toEqual([]);
    expect(await answers(chip)).toBe(true);
    // Cleared: an empty, valid layout (no strips) replaced it.
    const slot = layoutImage(3, []).length;
    expect([...chip.eepromBackend.memory.slice(0, slot)]).toEqual(layoutImage(3, [], 1));
  });

  test('two EEPROM slots: a save cut short leaves the previous layout, which the board boots with', async () => {
    const chip = new KitChip(HEX);
    const good = layoutImage(3, [[6, 0, 30]], 5);
    const torn = layoutImage(3, [[7, 0, 10]], 6).map((b, i, all) => (i === all.length - 1 ? b ^ 0xff : b)); // check byte never written
    chip.eepromBackend.memory.set([...good, ...torn], 0);
    chip.transport.open();
    await chip.run({ until: () => infos(chip) > 0, withinMs: 500 });
    // With no host, standalone mode starts after 3 s and animates the saved strip: D6, 30 pixels.
    await chip.run({ until: () => chip.frames.length > 0, withinMs: 4000 });
    expect(chip.frames[0]!.pin).toBe(6);
    expect(chip.frames[0]!.bytes.length).toBe(30 * 3);
    // The next save goes to the torn slot with the next sequence number; the good one stays as it was.
    chip.write([...encode.pixelConfig([{ pin: 8, length: 12 }])]);
    await chip.run({ forMs: 400 });
    expect([...chip.eepromBackend.memory.slice(0, good.length)]).toEqual(good);
    expect([...chip.eepromBackend.memory.slice(good.length, 2 * good.length)]).toEqual(layoutImage(3, [[8, 0, 12]], 6));
    expect(chip.watchdogResets).toBe(0);
  });

  test('fuzz: 10,000 random and malformed messages; the firmware keeps answering, never resets, and boots clean afterwards', async () => {
    const chip = await booted();
    const random = rng(13);
    const int = (n: number) => Math.floor(random() * n);
    const byte7 = () => int(0x80);
    // Any byte but END_SYSEX: Firmata's parser stores whatever arrives inside a sysex.
    const anyByte = () => {
      const b = int(0x100);
      return b === 0xf7 ? 0x7f : b;
    };
    const message = (): number[] => {
      const kind = int(8);
      const data = (n: number, gen: () => number) => Array.from({ length: n }, gen);
      switch (kind) {
        case 0: return [0xf0, KIT_COMMAND, int(9), ...data(int(10), byte7), 0xf7];
        case 1: return [0xf0, KIT_COMMAND, KIT_SUB.axon, ...data(6, () => (random() < 0.5 ? int(40) : anyByte())), 0xf7];
        case 2: return [0xf0, PIXEL_COMMAND, int(7), ...data(int(12), byte7), 0xf7];
        case 3: return [0xf0, PIXEL_COMMAND, PIXEL_SUB.config, ...data(int(28), () => (random() < 0.7 ? int(40) : anyByte())), 0xf7];
        case 4: return [0xf0, PIXEL_COMMAND, PIXEL_SUB.show, 0xf7];
        case 5: return [0xf0, ...data(int(80), anyByte), 0xf7]; // any command, past the parser's 64-byte buffer
        case 6: return [0xf0, int(0x80), ...data(int(8), byte7)]; // cut short: no F7
        default: return data(1 + int(6), () => int(0x100)).filter((b) => b !== 0xf0); // stray Firmata commands and noise
      }
    };
    const total = 10_000;
    const checks = 20;
    let sent = 0;
    let answered = 0;
    let bytes = 0;
    while (sent < total) {
      const batch: number[] = [];
      for (let k = 0; k < 25 && sent < total; k++, sent++) batch.push(...message());
      bytes += batch.length;
      chip.write(batch);
      // 20 µs a byte at 500000 baud, and up to 6.5 ms for each show of 216 pixels: pace the batches
      // so that most of them reach the parser rather than overflow the receive ring.
      const shows = splitShows(batch);
      await chip.run({ forMs: batch.length * 0.02 + shows * 6.5 + 2 });
      if (sent % (total / checks) === 0) {
        // Let the firmware work off what its 256-byte receive ring holds (a flooding host loses bytes
        // there, as it would on a real board), then ask who it is.
        await chip.run({ forMs: 50 });
        if (await answers(chip)) answered++;
      }
    }
    expect(answered).toBe(checks);
    expect(chip.watchdogResets).toBe(0);
    // Whatever the fuzz left in EEPROM, the board boots, answers and stays up (no reset loop).
    chip.transport.close();
    chip.transport.open();
    await chip.run({ until: () => infos(chip) > 0, withinMs: 500 });
    await chip.run({ forMs: 2500 });
    expect(chip.watchdogResets).toBe(0);
    expect(await answers(chip)).toBe(true);
    process.stderr.write(`fuzz: ${total} messages, ${bytes} bytes, ${answered}/${checks} identity checks answered, ${chip.frames.length} frames shown, 0 resets\n`);
  }, 300_000);
});
