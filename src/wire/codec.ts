import {
  END_SYSEX, REPORT_VERSION, SHOW_US_PER_PIXEL, KIT_COMMAND, KIT_FIRMWARE_NAME, KIT_FIRMWARE_VERSION, KIT_SUB, MAX_AXONS, MAX_PIXELS, MAX_STRIPS, MAX_STRIP_PIN,
  PIXEL_COMMAND, PIXEL_ORDER, PIXEL_SUB, REPORT_FIRMWARE, START_SYSEX, type PixelOrder,
} from './constants.js';

/**
 * The one codec for every sysex the host and the kit firmware exchange: the kit's own (KIT_COMMAND),
 * node-pixel's (PIXEL_COMMAND) and Firmata's REPORT_FIRMWARE. Encoders return the whole message,
 * F0 … F7; they throw RangeError with the bad value and the valid range, so nothing malformed goes out.
 */

/** A decoded board→host message. */
export type BoardMessage =
  | { kind: 'kitInfo'; name: string; major: number; minor: number }
  | { kind: 'frameShown'; seq: number }
  | { kind: 'standalone'; active: boolean }
  | { kind: 'firmware'; name: string; version: string }
  | { kind: 'other'; command: number; data: number[] };

/** One strip in a PIXEL_CONFIG. */
export interface StripConfig {
  pin: number;
  length: number;
  order?: PixelOrder;
}

/** One standalone axon (KIT_SUB.axon): the button that starts a pulse and the pixels it runs along. */
export interface AxonConfig {
  slot: number;
  buttonPin: number;
  firstPixel: number;
  pixelCount: number;
}

function int(value: number, what: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`${what} must be an integer ${min}–${max}, got ${value}`);
  return value;
}

const sysex = (command: number, ...data: number[]) => Uint8Array.of(START_SYSEX, command, ...data, END_SYSEX);
/** 14-bit value as two 7-bit bytes, LSB first (Firmata's packing of sysex data). */
const u14 = (v: number) => [v & 0x7f, (v >> 7) & 0x7f];
/** 24-bit colour as four 7-bit bytes, LSB first (node-pixel's PIXEL_SET_PIXEL/SET_STRIP). */
const u28 = (v: number) => [v & 0x7f, (v >> 7) & 0x7f, (v >> 14) & 0x7f, (v >> 21) & 0x7f];
const rgb24 = (rgb: number) => int(rgb, 'colour (0xRRGGBB)', 0, 0xffffff);

/**
 * Extra zero bytes after a stock show's blackout: the firmware starts show() a little after the SHOW
 * command's last byte (it finishes the Firmata parse first), and the next command must not arrive
 * before interrupts are back on. Firmata's parser ignores stray data bytes (FirmataParser::parse).
 */
const PADDING_MARGIN_BYTES = 2;

/** Host→board messages. */
export const encode = {
  /** KIT_INFO query: the firmware answers with its name and version. */
  kitInfoQuery: () => sysex(KIT_COMMAND, KIT_SUB.info),
  /** KIT_HEARTBEAT: keeps the firmware out of standalone mode. */
  heartbeat: () => sysex(KIT_COMMAND, KIT_SUB.heartbeat),
  /** KIT_STANDALONE: host silence before standalone mode, in ms (rounded to 100 ms); 0 = never. */
  standaloneAfter: (ms: number) => sysex(KIT_COMMAND, KIT_SUB.standalone, ...u14(Math.round(int(ms, 'standalone timeout (ms)', 0, 0x3fff * 100) / 100))),
  /** KIT_AXON: a button's axon for standalone mode; pixelCount 0 clears the slot. */
  axon: (a: AxonConfig) =>
    sysex(
      KIT_COMMAND, KIT_SUB.axon,
      int(a.slot, 'axon slot', 0, MAX_AXONS - 1),
      int(a.buttonPin, 'axon button pin', 0, 127),
      ...u14(int(a.firstPixel, 'axon first pixel', 0, MAX_PIXELS - 1)),
      ...u14(int(a.pixelCount, 'axon pixel count', 0, MAX_PIXELS - a.firstPixel)),
    ),
  /** Firmata REPORT_FIRMWARE query. */
  firmwareQuery: () => sysex(REPORT_FIRMWARE),
  /** PIXEL_CONFIG: the strip layout; pixels are numbered strip after strip. */
  pixelConfig: (strips: readonly StripConfig[]) => {
    int(strips.length, 'number of strips', 1, MAX_STRIPS);
    const total = strips.reduce((n, s) => n + s.length, 0);
    if (total > MAX_PIXELS) throw new RangeError(`strips hold ${total} pixels; the firmware drives at most ${MAX_PIXELS}`);
    return sysex(
      PIXEL_COMMAND, PIXEL_SUB.config,
      ...strips.flatMap((s) => [
        (PIXEL_ORDER[s.order ?? 'GRB'] << 5) | int(s.pin, 'strip pin (5 bits in PIXEL_CONFIG)', 0, MAX_STRIP_PIN),
        ...u14(int(s.length, 'strip length', 1, MAX_PIXELS)),
      ]),
    );
  },
  /** PIXEL_SET_PIXEL: one pixel's colour, 0xRRGGBB on the wire (after gamma). */
  pixelSet: (index: number, rgb: number) => sysex(PIXEL_COMMAND, PIXEL_SUB.setPixel, ...u14(int(index, 'pixel index', 0, MAX_PIXELS - 1)), ...u28(rgb24(rgb))),
  /** PIXEL_SET_STRIP: every pixel one colour. */
  pixelFill: (rgb: number) => sysex(PIXEL_COMMAND, PIXEL_SUB.setStrip, ...u28(rgb24(rgb))),
  /** PIXEL_SHOW: latch the changed strips; the kit firmware answers with FRAME_SHOWN. */
  pixelShow: () => sysex(PIXEL_COMMAND, PIXEL_SUB.show),
  /** PIXEL_OFF: every pixel black (not shown until the next SHOW). */
  pixelOff: () => sysex(PIXEL_COMMAND, PIXEL_SUB.off),
  /**
   * What follows a SHOW on node-pixel's stock firmware, which loses bytes while it writes the LEDs:
   * zero bytes for as long as `blackoutPixels` take to show at `baudRate`, then a REPORT_VERSION
   * whose answer tells the host the firmware is listening again.
   */
  stockShowFence: (blackoutPixels: number, baudRate: number) => {
    const byteUs = (10 * 1e6) / baudRate; // 8N1: 10 bit times per byte
    const padding = Math.ceil((blackoutPixels * SHOW_US_PER_PIXEL) / byteUs) + PADDING_MARGIN_BYTES;
    const tail = new Uint8Array(padding + 1);
    tail[padding] = REPORT_VERSION;
    return tail;
  },
} as const;

/** Board→host messages, as the firmware sends them (for the emulator's tests and fakes of a board). */
export const encodeReply = {
  kitInfo: (major: number = KIT_FIRMWARE_VERSION.major, minor: number = KIT_FIRMWARE_VERSION.minor, name: string = KIT_FIRMWARE_NAME) =>
    sysex(KIT_COMMAND, KIT_SUB.info, major & 0x7f, minor & 0x7f, ...Array.from(name, (c) => c.charCodeAt(0) & 0x7f)),
  frameShown: (seq: number) => sysex(KIT_COMMAND, KIT_SUB.frameShown, ...u14(seq)),
  standalone: (active: boolean) => sysex(KIT_COMMAND, KIT_SUB.state, active ? 1 : 0),
} as const;

/**
 * Decodes one sysex message given without F0/F7: `[command, ...data]`. Unknown messages come back
 * as `other`, never as an exception: the line may carry anything.
 */
export function decodeSysex(msg: readonly number[]): BoardMessage {
  const [command = -1, ...data] = msg;
  if (command === KIT_COMMAND) {
    const [sub, ...payload] = data;
    if (sub === KIT_SUB.info && payload.length >= 2) {
      const [major = 0, minor = 0, ...name] = payload;
      return { kind: 'kitInfo', name: String.fromCharCode(...name), major, minor };
    }
    if (sub === KIT_SUB.frameShown && payload.length >= 2) return { kind: 'frameShown', seq: (payload[0]! & 0x7f) | ((payload[1]! & 0x7f) << 7) };
    if (sub === KIT_SUB.state && payload.length >= 1) return { kind: 'standalone', active: payload[0] === 1 };
  }
  if (command === REPORT_FIRMWARE && data.length >= 2) {
    const chars: number[] = [];
    for (let i = 2; i + 1 < data.length; i += 2) chars.push(data[i]! | (data[i + 1]! << 7));
    return { kind: 'firmware', name: String.fromCharCode(...chars), version: `${data[0]}.${data[1]}` };
  }
  return { kind: 'other', command, data };
}

/**
 * Splits a byte stream into sysex messages `[command, ...data]` (without F0/F7). Bytes outside
 * F0 … F7 (Firmata's other messages, noise) are skipped; a message cut short by a new F0 is dropped.
 */
export function splitSysex(bytes: Iterable<number>): number[][] {
  const out: number[][] = [];
  let cur: number[] | null = null;
  for (const b of bytes) {
    if (b === START_SYSEX) cur = [];
    else if (b === END_SYSEX) {
      if (cur) out.push(cur);
      cur = null;
    } else if (cur) cur.push(b);
  }
  return out;
}

/** True when a firmware reporting `found` can serve a host built for {@link KIT_FIRMWARE_VERSION}. */
export function isCompatibleKitFirmware(found: { name: string; major: number; minor: number }): boolean {
  return found.name === KIT_FIRMWARE_NAME && found.major === KIT_FIRMWARE_VERSION.major && found.minor >= KIT_FIRMWARE_VERSION.minor;
}
