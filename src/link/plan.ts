import type { StripSpec } from '../board/kit-board.js';

/** A colour as the exhibit means it: `[r, g, b]`, each 0–255, before gamma. */
export type Rgb = readonly [number, number, number];

/**
 * Bytes per node-pixel Firmata operation (node-pixel lib/pixel.js; firmware/src/libs/protocol.md):
 * SET_PIXEL = F0 51 03 idx×2 colour×4 F7, SET_STRIP = F0 51 04 colour×4 F7, SHOW = F0 51 02 F7.
 */
export const PIXEL_OP_BYTES = 10;
export const FILL_OP_BYTES = 8;
export const SHOW_OP_BYTES = 4;

/** What to send to turn the board's pixel buffer from `shown` into `wanted` (packed wire colours). */
export interface Plan {
  /** Fill the whole strip with the colour of this pixel of `wanted` first, or null. */
  fillFrom: number | null;
  /** Pixels to set after the fill. */
  pixels: number[];
  /** Bytes the plan costs on the wire, without show. */
  bytes: number;
}

/** Packs a colour after gamma as node-pixel does: `(r << 16) | (g << 8) | b`. */
export function packWire(rgb: Rgb, gamma: readonly number[]): number {
  return (gamma[clampByte(rgb[0])]! << 16) | (gamma[clampByte(rgb[1])]! << 8) | gamma[clampByte(rgb[2])]!;
}

function clampByte(v: number): number {
  return v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
}

/**
 * The cheapest of: set each changed pixel (10 bytes each), or fill with the most common wanted
 * colour (8 bytes) and then set every pixel that differs from it.
 */
export function planFrame(shown: Uint32Array, wanted: Uint32Array): Plan {
  const changed: number[] = [];
  for (let i = 0; i < wanted.length; i++) if (wanted[i] !== shown[i]) changed.push(i);
  const diffBytes = changed.length * PIXEL_OP_BYTES;
  if (changed.length <= 1) return { fillFrom: null, pixels: changed, bytes: diffBytes };
  const counts = new Map<number, number>();
  let modeAt = 0;
  let modeCount = 0;
  for (let i = 0; i < wanted.length; i++) {
    const n = (counts.get(wanted[i]!) ?? 0) + 1;
    counts.set(wanted[i]!, n);
    if (n > modeCount) {
      modeAt = i;
      modeCount = n;
    }
  }
  const mode = wanted[modeAt]!;
  const fillBytes = FILL_OP_BYTES + (wanted.length - modeCount) * PIXEL_OP_BYTES;
  if (fillBytes >= diffBytes) return { fillFrom: null, pixels: changed, bytes: diffBytes };
  const pixels: number[] = [];
  for (let i = 0; i < wanted.length; i++) if (wanted[i] !== mode) pixels.push(i);
  return { fillFrom: modeAt, pixels, bytes: fillBytes };
}

/** The WS2812 bytes strip `k` receives on a show, from the board's buffer (packed wire colours, strips end to end). */
export function stripWireBytes(board: Uint32Array, strips: readonly StripSpec[], k: number): { pin: number; bytes: Uint8Array } {
  const spec = strips[k]!;
  let first = 0;
  for (let j = 0; j < k; j++) first += strips[j]!.length;
  const bytes = new Uint8Array(spec.length * 3);
  const order = spec.colorOrder ?? 'GRB';
  for (let i = 0; i < spec.length; i++) {
    const c = board[first + i]!;
    const r = (c >> 16) & 0xff, g = (c >> 8) & 0xff, b = c & 0xff;
    bytes.set(order === 'GRB' ? [g, r, b] : order === 'RGB' ? [r, g, b] : [b, r, g], i * 3);
  }
  return { pin: spec.pin, bytes };
}
