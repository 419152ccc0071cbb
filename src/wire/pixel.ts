import { PIXEL_ORDER } from './constants.js';

/**
 * A pixel on the wire: the colour orders a WS2812 strip may take, as the firmware numbers them
 * (PIXEL_ORDER, mirrored from kit_protocol.h), and the conversion of wire bytes back to logical colours.
 * The one place these are defined: the exhibit validator, the Node client, the link, the twin's
 * decoder and the pages all read them from here.
 */
export const COLOR_ORDERS = Object.keys(PIXEL_ORDER) as Array<keyof typeof PIXEL_ORDER>;
export type ColorOrder = keyof typeof PIXEL_ORDER;

/**
 * Gamma applied on the way to the LEDs. node-pixel's default is 1.0 with a warning that WS2812 wants
 * 2.8 (node-pixel lib/pixel.js, GAMMA_DEFAULT); the kit passes 2.8 explicitly.
 */
export const LED_GAMMA = 2.8;

/**
 * The LEDs' gamma table, as node-pixel builds it (lib/pixel.js create_gamma_table):
 * floor((i / 255)^γ × 255 + 0.5) for each logical value i.
 */
export function ledGammaTable(gamma: number): number[] {
  return Array.from({ length: 256 }, (_, i) => Math.floor(Math.pow(i / 255, gamma) * 255 + 0.5));
}

/** The kit's gamma table: logical channel value → wire value. */
export const GAMMA_TABLE: Uint8Array = Uint8Array.from(ledGammaTable(LED_GAMMA));

/** A logical colour, 0–255 per channel. */
export type Rgb = [number, number, number];

/** Converts wire bytes in `order` to logical `[r, g, b]` pixels. */
export function wireToRgb(bytes: Uint8Array, order: ColorOrder = 'GRB'): Rgb[] {
  const out: Rgb[] = [];
  for (let i = 0; i + 2 < bytes.length; i += 3) {
    const a = bytes[i]!, b = bytes[i + 1]!, c = bytes[i + 2]!;
    if (order === 'GRB') out.push([b, a, c]);
    else if (order === 'RGB') out.push([a, b, c]);
    else out.push([b, c, a]); // BRG: blue, red, green on the wire
  }
  return out;
}
