import { describe, expect, test } from 'vitest';
import { MAX_PIXELS, decodeSysex, encode, encodeReply, splitSysex } from '../../src/wire/index.js';

const body = (bytes: Uint8Array) => splitSysex(bytes)[0]!;

describe('kit codec', () => {
  test('host→board messages are framed sysex with 7-bit data', () => {
    expect([...encode.heartbeat()]).toEqual([0xf0, 0x0e, 0x03, 0xf7]);
    expect([...encode.kitInfoQuery()]).toEqual([0xf0, 0x0e, 0x01, 0xf7]);
    expect([...encode.firmwareQuery()]).toEqual([0xf0, 0x79, 0xf7]);
    expect([...encode.standaloneAfter(3000)]).toEqual([0xf0, 0x0e, 0x04, 30, 0, 0xf7]);
    expect([...encode.axon({ slot: 1, buttonPin: 2, firstPixel: 200, pixelCount: 10 })]).toEqual([0xf0, 0x0e, 0x05, 1, 2, 200 & 0x7f, 1, 10, 0, 0xf7]);
    // node-pixel's own packing: (order << 5) | pin, then length LSB/MSB (lib/pixel.js).
    expect([...encode.pixelConfig([{ pin: 6, length: 130, order: 'RGB' }])]).toEqual([0xf0, 0x51, 0x01, (1 << 5) | 6, 2, 1, 0xf7]);
    expect([...encode.pixelSet(129, 0xff8001)]).toEqual([0xf0, 0x51, 0x03, 1, 1, 1, 0, 0x7e, 0x07, 0xf7]);
    expect([...encode.pixelFill(0x000000)]).toEqual([0xf0, 0x51, 0x04, 0, 0, 0, 0, 0xf7]);
    expect([...encode.pixelShow()]).toEqual([0xf0, 0x51, 0x02, 0xf7]);
    for (const m of [encode.pixelSet(215, 0xffffff), encode.axon({ slot: 7, buttonPin: 13, firstPixel: 0, pixelCount: MAX_PIXELS })]) {
      expect(m.slice(1, -1).every((b) => b < 0x80)).toBe(true);
    }
  });

  test('out-of-range values are refused with the value and the valid range', () => {
    expect(() => encode.pixelConfig([{ pin: 32, length: 10 }])).toThrow('strip pin (5 bits in PIXEL_CONFIG) must be an integer 0–31, got 32');
    expect(() => encode.pixelConfig([{ pin: 6, length: 200 }, { pin: 7, length: 17 }])).toThrow('strips hold 217 pixels; the firmware drives at most 216');
    expect(() => encode.pixelConfig([])).toThrow('number of strips must be an integer 1–8, got 0');
    expect(() => encode.pixelSet(216, 0)).toThrow('pixel index must be an integer 0–215, got 216');
    expect(() => encode.pixelFill(0x1000000)).toThrow('colour (0xRRGGBB)');
    expect(() => encode.axon({ slot: 8, buttonPin: 2, firstPixel: 0, pixelCount: 1 })).toThrow('axon slot must be an integer 0–7, got 8');
    expect(() => encode.axon({ slot: 0, buttonPin: 2, firstPixel: 210, pixelCount: 7 })).toThrow('axon pixel count must be an integer 0–6, got 7');
  });

  test('board→host messages decode to what was encoded', () => {
    expect(decodeSysex(body(encodeReply.kitInfo(1, 2, 'NeuronKit')))).toEqual({ kind: 'kitInfo', name: 'NeuronKit', major: 1, minor: 2 });
    expect(decodeSysex(body(encodeReply.frameShown(0x3fff)))).toEqual({ kind: 'frameShown', seq: 0x3fff });
    expect(decodeSysex(body(encodeReply.frameShown(130)))).toEqual({ kind: 'frameShown', seq: 130 });
    expect(decodeSysex(body(encodeReply.standalone(true)))).toEqual({ kind: 'standalone', active: true });
    expect(decodeSysex(body(encodeReply.standalone(false)))).toEqual({ kind: 'standalone', active: false });
    // REPORT_FIRMWARE: version, then the name as 14-bit characters, LSB first.
    expect(decodeSysex([0x79, 2, 5, 0x41, 0, 0x42, 0])).toEqual({ kind: 'firmware', name: 'AB', version: '2.5' });
  });

  test('anything else, truncated or unknown, decodes to "other" without throwing', () => {
    expect(decodeSysex([])).toEqual({ kind: 'other', command: -1, data: [] });
    expect(decodeSysex([0x0e, 0x02, 5])).toEqual({ kind: 'other', command: 0x0e, data: [0x02, 5] });
    expect(decodeSysex([0x0e, 0x7f])).toEqual({ kind: 'other', command: 0x0e, data: [0x7f] });
  });

  test('a stream splits into its sysex messages; noise and cut-off messages are skipped', () => {
    const stream = [0xf9, 2, 5, ...encodeReply.frameShown(1), 0x90, 1, 0, 0xf0, 0x0e, 0xf0, ...encodeReply.standalone(true), 0xf7, 3];
    expect(splitSysex(stream)).toEqual([[0x0e, 0x02, 1, 0], [0x0e, 0x06, 1]]);
  });
});

describe('stock show fence', () => {
  test('zero padding for the show blackout at the line rate, then REPORT_VERSION', () => {
    // 30 px × 30 µs = 900 µs; 57600 baud is 173.6 µs a byte: 6 bytes, + 2 of margin.
    const tail = encode.stockShowFence(30, 57_600);
    expect([...tail]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0xf9]);
  });
});
