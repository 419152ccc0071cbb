/**
 * The kit firmware's protocol constants, one for one with firmware/src/kit_protocol.h (a test parses
 * the header and compares). Pure: no Node imports, so the browser build can take it as it is.
 */

/** Name in the firmware's KIT_INFO reply (KIT_FIRMWARE_NAME). */
export const KIT_FIRMWARE_NAME = 'NeuronKit';
/** Version in the KIT_INFO reply; a host accepts the same major and a minor at least this. */
export const KIT_FIRMWARE_VERSION = { major: 1, minor: 1 } as const;
/**
 * Name the firmware reports to Firmata's REPORT_FIRMWARE (KIT_FIRMATA_NAME). node-pixel refuses any
 * other name (node-pixel lib/pixel.js), so the kit firmware keeps it and carries its own identity in KIT_INFO.
 */
export const KIT_FIRMATA_NAME = 'node_pixel_firmata.ino';
/** Serial rate of the kit firmware (KIT_BAUD): exact at 16 MHz, UBRR 3 with U2X (ATmega328P datasheet Table 20-7). */
export const KIT_BAUD_RATE = 500_000;
/** Serial rate of the stock node-pixel firmware and of StandardFirmata. */
export const STOCK_FIRMATA_BAUD_RATE = 57_600;

/** Firmata framing (Firmata protocol v2.x): START_SYSEX, END_SYSEX. */
export const START_SYSEX = 0xf0;
export const END_SYSEX = 0xf7;
/** Firmata REPORT_FIRMWARE ("Query Firmware Name and Version"). */
export const REPORT_FIRMWARE = 0x79;
/** Firmata REPORT_VERSION: the firmware answers F9 major minor, which makes it a fence on stock firmware. */
export const REPORT_VERSION = 0xf9;
/**
 * WS2812 show time per pixel, µs: 24 bits × 1.25 µs (WS2812B datasheet, TH+TL = 1.25 µs ±600 ns). The
 * stock firmware bit-bangs them with interrupts off, so bytes arriving meanwhile are lost.
 */
export const SHOW_US_PER_PIXEL = 30;

/** Sysex command of the kit's extensions (Firmata's user-defined range 0x00–0x0F). */
export const KIT_COMMAND = 0x0e;
/** Sub-commands of {@link KIT_COMMAND}: the first data byte. */
export const KIT_SUB = {
  /** host→board query; board→host `[major, minor, ...name ASCII]`. Also sent unasked at start-up. */
  info: 0x01,
  /** board→host `[seq & 0x7f, seq >> 7]` once a PIXEL_SHOW has been written and interrupts are on again. */
  frameShown: 0x02,
  /** host→board no-op: keeps the board out of standalone mode. */
  heartbeat: 0x03,
  /** host→board `[tenths & 0x7f, tenths >> 7]`: host silence before standalone mode, 0 = never. Saved in EEPROM. */
  standalone: 0x04,
  /** host→board `[slot 0–7, button pin, first LSB, first MSB, count LSB, count MSB]`; count 0 clears. Saved. */
  axon: 0x05,
  /** board→host `[1]` when standalone mode starts, `[0]` when the host takes over again. */
  state: 0x06,
} as const;

/** node-pixel's sysex command and sub-commands (node-pixel firmware/src/libs/protocol.md). */
export const PIXEL_COMMAND = 0x51;
export const PIXEL_SUB = { off: 0x00, config: 0x01, show: 0x02, setPixel: 0x03, setStrip: 0x04, shift: 0x05 } as const;
/** Colour orders as node-pixel codes them in PIXEL_CONFIG (PIXEL_ORDER_*). */
export const PIXEL_ORDER = { GRB: 0, RGB: 1, BRG: 2 } as const;
export type PixelOrder = keyof typeof PIXEL_ORDER;

/** Strips one configuration may hold (node-pixel's MAX_STRIPS). */
export const MAX_STRIPS = 8;
/** Standalone axon slots the firmware keeps (MAX_AXONS). */
export const MAX_AXONS = 8;
/**
 * Pixels over all strips (MAX_PIXELS): node-pixel's host library refuses more than 216 on Firmata
 * (lib/pixel.js "based on # bytes available in firmata"), so every board's firmware holds exactly that.
 */
export const MAX_PIXELS = 216;
/**
 * PIXEL_CONFIG carries a strip's pin in the low 5 bits of one byte, the colour order in bits 5–6
 * (node-pixel lib/pixel.js `(color_order << 5) | pin`): pins above this cannot be named.
 */
export const MAX_STRIP_PIN = 31;
/** Host silence after which the firmware plays its idle animation (DEFAULT_STANDALONE_AFTER_MS). */
export const DEFAULT_STANDALONE_AFTER_MS = 3000;
/** The firmware's watchdog timeout (WDTO_2S in neuron_kit.cpp): a board that stops looping restarts. */
export const WATCHDOG_TIMEOUT_MS = 2000;
