import type { EventEmitter } from 'node:events';
import { describe, expect, test } from 'vitest';
import { connectBoard } from '../../src/board/index.js';
import { wireToRgb } from '../../src/wire/index.js';
import {
  DEFAULT_STANDALONE_AFTER_MS, KIT_BAUD_RATE, KIT_COMMAND, KIT_FIRMATA_NAME, KIT_SUB, firmwareHexPath, isCompatibleKitFirmware,
} from '../../src/firmware-info.js';
import { decodeSysex } from '../../src/wire/index.js';
import { KitChip, sysexMessages } from './kit-chip.js';

// The committed Uno hex on the emulated ATmega328P (avr8js, via src/emulator), host line at 500000 baud.
// Emulated time throughout; nothing here sleeps on the wall clock.
const HEX = firmwareHexPath('uno');

const kitMessages = (chip: KitChip, sub: number) =>
  sysexMessages(chip.sent).filter((m) => m[0] === KIT_COMMAND && m[1] === sub).map((m) => m.slice(2));

const pixelSysex = (sub: number, ...data: number[]) => [0xf0, 0x51, sub, ...data, 0xf7];
const setPixel = (i: number, rgb: number) =>
  pixelSysex(0x03, i & 0x7f, i >> 7, rgb & 0x7f, (rgb >> 7) & 0x7f, (rgb >> 14) & 0x7f, (rgb >> 21) & 0x7f);
const config = (...strips: [pin: number, length: number][]) => pixelSysex(0x01, ...strips.flatMap(([pin, len]) => [pin, len & 0x7f, len >> 7]));
const show = () => pixelSysex(0x02);
const kit = (sub: number, ...data: number[]) => [0xf0, KIT_COMMAND, sub, ...data, 0xf7];

describe('kit firmware on the emulated Uno', () => {
  test('announces Firmata, the node-pixel name and the kit identity at 500000 baud, exactly', async () => {
    const chip = new KitChip(HEX);
    await chip.run({ until: () => kitMessages(chip, KIT_SUB.info).length > 0, withinMs: 500 });
    // UBRR0/U2X0 as the firmware set them give exactly the host's byte time: 320 cycles = 20 µs.
    expect(chip.transport.chipByteCycles()).toBe(chip.transport.hostByteCycles);
    expect(chip.transport.hostByteCycles).toBe((16e6 * 10) / KIT_BAUD_RATE);
    expect(chip.sent.slice(0, 3)).toEqual([0xf9, 2, 5]); // REPORT_VERSION, protocol 2.5
    const firmware = sysexMessages(chip.sent).find((m) => m[0] === 0x79)!;
    const name = firmware.slice(3).filter((_, i) => i % 2 === 0); // 14-bit chars, LSB first
    expect(String.fromCharCode(...name)).toBe(KIT_FIRMATA_NAME);
    const { kind: _, ...info } = decodeSysex([KIT_COMMAND, KIT_SUB.info, ...kitMessages(chip, KIT_SUB.info)[0]!]) as { kind: 'kitInfo'; name: string; major: number; minor: number };
    expect(info).toEqual({ name: 'NeuronKit', major: 1, minor: 1 });
    expect(isCompatibleKitFirmware(info)).toBe(true);
    // Banner well inside the first 100 ms (the stock firmware needs ~2.1 s).
    expect(chip.nowMs).toBeLessThan(100);
  });

  test('johnny-five, firmata-io and node-pixel work unchanged, and each show is acknowledged', async () => {
    const chip = new KitChip(HEX);
    const ready = connectBoard(chip.boardTransport(), { strips: [{ pin: 6, length: 8 }, { pin: 7, length: 4, colorOrder: 'RGB' }], gamma: 1 });
    let board: Awaited<typeof ready> | undefined;
    void ready.then((b) => (board = b));
    await chip.run({ until: () => board !== undefined, withinMs: 3000 });
    // The board layer parses the kit's FRAME_SHOWN (F0 0E 02 seqLSB seqMSB F7) into 'frameShown' events.
    const acks: number[] = [];
    board!.on('frameShown', (seq: number) => acks.push(seq));
    expect(board!.kit).toEqual({ name: 'NeuronKit', version: '1.1' });
    try {
      board!.strip.pixel(0).color('#ff0000');
      board!.strip.pixel(7).color('#0a0b0c');
      board!.strip.pixel(9).color('#102030');
      board!.strip.show();
      await chip.run({ until: () => acks.length === 1, withinMs: 100 });
      expect(wireToRgb(chip.lastFrame(6)!.bytes)).toEqual([[255, 0, 0], ...Array(6).fill([0, 0, 0]), [10, 11, 12]]);
      expect(wireToRgb(chip.lastFrame(7)!.bytes, 'RGB')).toEqual([[0, 0, 0], [0x10, 0x20, 0x30], [0, 0, 0], [0, 0, 0]]);
      board!.strip.show();
      await chip.run({ until: () => acks.length === 2, withinMs: 100 });
      // The ack carries a 14-bit sequence number (7 bits per byte, LSB first; Firmata packs sysex data this way).
      expect(acks).toEqual([0, 1]);
    } finally {
      (board!.io as unknown as EventEmitter).emit('close');
    }
  });

  test('no byte is lost while a long strip is written: the next frame streams in during the show', async () => {
    const chip = new KitChip(HEX);
    await chip.run({ until: () => kitMessages(chip, KIT_SUB.info).length > 0, withinMs: 500 });
    const pixels = 216; // node-pixel's maximum: 6.5 ms with interrupts off per show
    chip.write(config([6, pixels]));
    // Each frame: 20 set-pixel commands and a show, 204 bytes, no padding. The host keeps two frames
    // in flight (sends frame k+2 when frame k is acknowledged), so every frame's bytes arrive at
    // full line rate while the previous one is being written to the strip with interrupts off.
    const frames = 40;
    const frame = (f: number) => {
      const bytes: number[] = [];
      for (let k = 0; k < 20; k++) bytes.push(...setPixel((f * 20 + k) % pixels, 0x010203 * ((f + k) % 80)));
      return [...bytes, ...show()];
    };
    let sentFrames = 2;
    chip.write([...frame(0), ...frame(1)]);
    const acked = () => kitMessages(chip, KIT_SUB.frameShown).length;
    const start = chip.nowMs;
    await chip.run({
      until: () => {
        while (sentFrames < frames && sentFrames < acked() + 2) chip.write(frame(sentFrames++));
        return acked() === frames;
      },
      withinMs: 2000,
    });
    const fps = frames / ((chip.nowMs - start) / 1000);
    expect(chip.transport.stats.bytesOverrun).toBe(0);
    const acks = kitMessages(chip, KIT_SUB.frameShown).map((a) => a[0]! | (a[1]! << 7));
    expect(acks).toEqual([...Array(frames).keys()]);
    const last = wireToRgb(chip.lastFrame(6)!.bytes);
    expect(last).toHaveLength(pixels);
    for (let f = 0; f < frames; f++) {
      for (let k = 0; k < 20; k++) {
        const i = (f * 20 + k) % pixels;
        if (f * 20 + k + pixels < frames * 20) continue; // overwritten by a later frame
        const v = (f + k) % 80;
        expect(last[i], `pixel ${i}`).toEqual([v, 2 * v, 3 * v]);
      }
    }
    // 216 px: 6.5 ms show + 4.1 ms of bytes, partly overlapped: ~81 fps measured here (the host
    // answers acks only between 1 ms slices). The stock firmware at 57600 baud needs padding and
    // manages ~20 such frames per second.
    expect(fps).toBeGreaterThan(60);
  });

  test('a show writes a strip only up to its last changed pixel; the pixels after it keep their colour', async () => {
    const chip = await (async () => {
      const c = new KitChip(HEX);
      await c.run({ until: () => kitMessages(c, KIT_SUB.info).length > 0, withinMs: 500 });
      return c;
    })();
    chip.write(config([6, 120]));
    chip.write([...setPixel(100, 0x0a0b0c), ...show()]);
    await chip.run({ until: () => chip.frames.length === 1, withinMs: 100 });
    expect(chip.frames[0]!.receivedBytes).toBe(120 * 3); // a new layout is written whole
    const before = chip.nowMs;
    chip.write([...setPixel(2, 0x112233), ...show()]);
    await chip.run({ until: () => chip.frames.length === 2, withinMs: 100 });
    const frame = chip.frames[1]!;
    expect(frame.receivedBytes).toBe(3 * 3); // pixels 0–2 only: about 0.1 ms instead of 3.6 ms
    expect(frame.latchedAtMs - before).toBeLessThan(1);
    const shown = wireToRgb(frame.bytes);
    expect(shown).toHaveLength(120);
    expect(shown[2]).toEqual([0x11, 0x22, 0x33]);
    expect(shown[100]).toEqual([0x0a, 0x0b, 0x0c]); // kept by the LED, not sent again
  });

  test('standalone: the strips idle and buttons pulse their axons when the host falls silent; the host takes over again', async () => {
    const chip = new KitChip(HEX);
    await chip.run({ until: () => kitMessages(chip, KIT_SUB.info).length > 0, withinMs: 500 });
    chip.write([...config([6, 30]), ...kit(KIT_SUB.axon, 0, 2, 10, 0, 12, 0)]);
    // The firmware saves in the background, one EEPROM byte per 3.4 ms (~80 bytes on a blank chip).
    await chip.run({ forMs: 400 });
    // The layout is in EEPROM: it survives a reset with no host at all.
    chip.transport.open();
    await chip.run({ forMs: 10 });
    chip.transport.close();
    chip.sent.length = 0;
    const framesBefore = chip.frames.length;
    await chip.run({ forMs: DEFAULT_STANDALONE_AFTER_MS - 100 });
    expect(chip.frames.length).toBe(framesBefore); // still waiting for a host
    await chip.run({ until: () => kitMessages(chip, KIT_SUB.state).length > 0, withinMs: 500 });
    expect(kitMessages(chip, KIT_SUB.state)).toEqual([[1]]);
    await chip.run({ forMs: 200 });
    const idle = wireToRgb(chip.lastFrame(6)!.bytes);
    expect(idle).toHaveLength(30);
    for (const [r, g, b] of idle) {
      expect(r).toBe(0);
      expect(b).toBeGreaterThan(0); // lit, never dark
      expect(b).toBeLessThan(32); // and calm: dim
      expect(g).toBeLessThanOrEqual(b);
    }
    // A press on D2 sends a pulse down pixels 10–21.
    chip.setInput(2, false);
    await chip.run({ forMs: 130 });
    chip.setInput(2, true);
    const during = wireToRgb(chip.lastFrame(6)!.bytes);
    const bright = during.map(([r], i) => (r > 100 ? i : -1)).filter((i) => i >= 0);
    expect(bright.length).toBeGreaterThan(0);
    expect(bright.every((i) => i >= 10 && i < 22)).toBe(true);
    await chip.run({ forMs: 600 });
    const later = wireToRgb(chip.lastFrame(6)!.bytes);
    expect(later.some(([r]) => r > 100)).toBe(false); // the pulse has left the axon
    // Any byte from the host ends standalone mode: the strip goes dark for the host to draw.
    chip.write(kit(KIT_SUB.heartbeat));
    await chip.run({ until: () => kitMessages(chip, KIT_SUB.state).length > 1, withinMs: 100 });
    expect(kitMessages(chip, KIT_SUB.state)[1]).toEqual([0]);
    await chip.run({ forMs: 5 });
    expect(wireToRgb(chip.lastFrame(6)!.bytes).every(([r, g, b]) => r + g + b === 0)).toBe(true);
    const n = chip.frames.length;
    await chip.run({ forMs: 500 });
    expect(chip.frames.length).toBe(n); // no idle frames while the host is in control
  });

  test('idle, the board sleeps; a byte from the host, its timer and a pressed button each wake it', async () => {
    const chip = new KitChip(HEX);
    await chip.run({ until: () => kitMessages(chip, KIT_SUB.info).length > 0, withinMs: 500 });
    // D2 an input with its pull-up and digital reports on for port 0 (D0–D7), as johnny-five asks for a button.
    chip.write([0xf4, 2, 0x0b, 0xd0, 1]);
    await chip.run({ forMs: 50 });
    // Left alone, the core sleeps most of the time: it wakes each millisecond on Timer0, finds nothing
    // to do and sleeps again.
    const cyclesBefore = chip.uno.cycles;
    const sleptBefore = chip.uno.sleptCycles;
    const millisBefore = chip.nowMs;
    await chip.run({ forMs: 200 });
    const sleptShare = (chip.uno.sleptCycles - sleptBefore) / (chip.uno.cycles - cyclesBefore);
    expect(sleptShare).toBeGreaterThan(0.8);
    expect(chip.nowMs - millisBefore).toBeCloseTo(200, 0);
    // A byte from the host wakes it: a firmware query is answered (its ~40-byte reply takes 0.8 ms on the
    // line) within 3 ms of board time, as read at the end of the 1 ms slice it arrived in.
    const sentBefore = chip.sent.length;
    chip.write([0xf0, 0x79, 0xf7]);
    const askedAt = chip.nowMs;
    await chip.run({ until: () => sysexMessages(chip.sent.slice(sentBefore)).some((m) => m[0] === 0x79), withinMs: 10 });
    expect(chip.nowMs - askedAt).toBeLessThan(3);
    // Its millisecond timer wakes it to read the buttons: a press on D2 is reported within 3 ms.
    await chip.run({ forMs: 20 });
    const reportsBefore = chip.sent.length;
    chip.setInput(2, false);
    const pressedAt = chip.nowMs;
    await chip.run({ until: () => chip.sent.slice(reportsBefore).some((b, i, all) => b === 0x90 && ((all[i + 1] ?? 0) & 0x04) === 0), withinMs: 10 });
    expect(chip.nowMs - pressedAt).toBeLessThan(3);
    // The input's pin-change interrupt wakes it at once, not at the next tick: every change of D2, at
    // any moment between ticks, starts its report within 1000 cycles (62.5 µs; a tick is 16,384 apart).
    for (let k = 0; k < 6; k++) {
      await chip.run({ forMs: 3.3 });
      // Between its millisecond ticks the chip is asleep; step to the moment it falls asleep again.
      for (let i = 0; i < 16_384 && !chip.uno.isSleeping; i++) chip.uno.runUntil(chip.uno.cycles + 1);
      expect(chip.uno.isSleeping).toBe(true);
      const before = chip.sent.length;
      chip.setInput(2, k % 2 === 0);
      chip.uno.runUntil(chip.uno.cycles + 1000);
      expect(chip.sent.slice(before, before + 2)).toEqual([0x90, k % 2 === 0 ? 0x04 : 0x00]);
    }
  });

  test('the watchdog restarts a hung board within its 2 s timeout', async () => {
    const chip = new KitChip(HEX);
    await chip.run({ until: () => kitMessages(chip, KIT_SUB.info).length > 0, withinMs: 500 });
    chip.sent.length = 0;
    chip.hang();
    const hungAt = chip.nowMs;
    await chip.run({ until: () => kitMessages(chip, KIT_SUB.info).length > 0, withinMs: 3000 });
    expect(chip.watchdogResets).toBe(1);
    const restartMs = chip.nowMs - hungAt;
    // WDTO_2S is 2.0 s nominal at the watchdog's 128 kHz oscillator (datasheet §10.9.2, Table 10-3).
    expect(restartMs).toBeGreaterThan(1900);
    expect(restartMs).toBeLessThan(2200);
  });
});
