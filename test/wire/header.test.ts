import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import * as kit from '../../src/wire/index.js';

// The host's codec and the firmware share one protocol: every #define in kit_protocol.h has its
// counterpart here with the same value, and nothing in the header goes unchecked.
const header = readFileSync(new URL('../../firmware/src/kit_protocol.h', import.meta.url), 'utf8');

/** `#define NAME value` lines (guards and conditionals skipped), values parsed as C would read them. */
function defines(text: string): Map<string, number | string> {
  const out = new Map<string, number | string>();
  for (const line of text.split('\n')) {
    const m = /^#define\s+(\w+)\s+(.+?)\s*(\/\/.*)?$/.exec(line);
    if (!m) continue;
    const raw = m[2]!;
    if (raw.startsWith('"')) out.set(m[1]!, JSON.parse(raw) as string);
    else out.set(m[1]!, Number(raw.replace(/U?L$/i, '')));
  }
  return out;
}

const expected: Record<string, number | string> = {
  KIT_FIRMWARE_NAME: kit.KIT_FIRMWARE_NAME,
  KIT_VERSION_MAJOR: kit.KIT_FIRMWARE_VERSION.major,
  KIT_VERSION_MINOR: kit.KIT_FIRMWARE_VERSION.minor,
  KIT_FIRMATA_NAME: kit.KIT_FIRMATA_NAME,
  KIT_BAUD: kit.KIT_BAUD_RATE,
  KIT_COMMAND: kit.KIT_COMMAND,
  KIT_INFO: kit.KIT_SUB.info,
  KIT_FRAME_SHOWN: kit.KIT_SUB.frameShown,
  KIT_HEARTBEAT: kit.KIT_SUB.heartbeat,
  KIT_STANDALONE: kit.KIT_SUB.standalone,
  KIT_AXON: kit.KIT_SUB.axon,
  KIT_STATE: kit.KIT_SUB.state,
  PIXEL_COMMAND: kit.PIXEL_COMMAND,
  PIXEL_OFF: kit.PIXEL_SUB.off,
  PIXEL_CONFIG: kit.PIXEL_SUB.config,
  PIXEL_SHOW: kit.PIXEL_SUB.show,
  PIXEL_SET_PIXEL: kit.PIXEL_SUB.setPixel,
  PIXEL_SET_STRIP: kit.PIXEL_SUB.setStrip,
  PIXEL_SHIFT: kit.PIXEL_SUB.shift,
  PIXEL_ORDER_GRB: kit.PIXEL_ORDER.GRB,
  PIXEL_ORDER_RGB: kit.PIXEL_ORDER.RGB,
  PIXEL_ORDER_BRG: kit.PIXEL_ORDER.BRG,
  MAX_STRIPS: kit.MAX_STRIPS,
  MAX_AXONS: kit.MAX_AXONS,
  MAX_PIXELS: kit.MAX_PIXELS,
  MAX_STRIP_PIN: kit.MAX_STRIP_PIN,
  DEFAULT_STANDALONE_AFTER_MS: kit.DEFAULT_STANDALONE_AFTER_MS,
};

describe('the kit codec and firmware/src/kit_protocol.h', () => {
  const found = defines(header);
  found.delete('KIT_PROTOCOL_H');

  test.each(Object.entries(expected))('%s is the same on both sides', (name, value) => {
    expect(found.get(name)).toBe(value);
  });

  test('every constant in the header is checked here', () => {
    expect([...found.keys()].filter((k) => !(k in expected))).toEqual([]);
  });

  test('the header has one MAX_PIXELS for every board (no per-chip #if)', () => {
    expect(header.match(/#define MAX_PIXELS/g)).toHaveLength(1);
  });
});
