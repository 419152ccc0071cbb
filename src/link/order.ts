/**
 * Which changed pixel goes on the wire next. At 57600 baud a pixel costs 10 bytes = 1.7 ms of line
 * and a 120-pixel strip can change faster than that, so the order decides what a visitor sees late.
 */

/** Pixel classes, highest first. */
export const URGENT = 2;
/** A pixel a fill just overwrote with the wrong colour: it must go out before that fill is shown. */
export const FILL_REPAIR = 1;
export const NORMAL = 0;

/**
 * How much a ms of waiting is worth against a colour change, in wire-value units (0–255) per ms:
 * after 100 ms a pixel outranks any fresh change, so under a sustained overload dim changes are
 * delayed but never starved.
 */
export const AGE_WEIGHT_PER_MS = 255 / 100;

/** The link's view of every pixel, indexed strip after strip. */
export interface PixelState {
  /** What the board's pixel buffer holds once every byte written has been parsed (packed wire colour). */
  readonly board: Uint32Array;
  /** What the exhibit wants now (packed wire colour). */
  readonly wanted: Uint32Array;
  /** Board time the pixel started to differ from the board, ms; NaN while it does not. */
  readonly dirtySinceMs: Float64Array;
  /** {@link URGENT}, {@link FILL_REPAIR} or {@link NORMAL}; cleared when the pixel is written. */
  readonly klass: Uint8Array;
}

/**
 * The visible size of a change: the largest channel difference on the wire. Wire values are after
 * gamma, i.e. roughly proportional to light (WS2812 PWM duty), so a soma flash from dark to full
 * outranks a dim tail fading by a few steps.
 */
export function changeSize(a: number, b: number): number {
  const dr = Math.abs(((a >> 16) & 0xff) - ((b >> 16) & 0xff));
  const dg = Math.abs(((a >> 8) & 0xff) - ((b >> 8) & 0xff));
  const db = Math.abs((a & 0xff) - (b & 0xff));
  return Math.max(dr, dg, db);
}

/** What is still to send, by class. */
export interface Pending {
  dirty: number;
  /** Dirty pixels of class URGENT. */
  urgent: number;
  /** Dirty pixels of class FILL_REPAIR. */
  repair: number;
}

/** Counts the pixels that differ from the board, per class. */
export function pending(s: PixelState): Pending {
  const p: Pending = { dirty: 0, urgent: 0, repair: 0 };
  for (let i = 0; i < s.board.length; i++) {
    if (s.board[i] === s.wanted[i]) continue;
    p.dirty++;
    if (s.klass[i] === URGENT) p.urgent++;
    else if (s.klass[i] === FILL_REPAIR) p.repair++;
  }
  return p;
}

/**
 * The dirty pixel to send next, or -1: the highest class first; within a class the largest
 * `changeSize + waited ms × AGE_WEIGHT_PER_MS`; ties by index.
 */
export function pickNext(s: PixelState, nowMs: number): number {
  let best = -1;
  let bestClass = -1;
  let bestScore = -Infinity;
  for (let i = 0; i < s.board.length; i++) {
    const shown = s.board[i]!;
    const want = s.wanted[i]!;
    if (shown === want) continue;
    const k = s.klass[i]!;
    if (k < bestClass) continue;
    const waited = Math.max(0, nowMs - s.dirtySinceMs[i]!);
    const score = changeSize(shown, want) + waited * AGE_WEIGHT_PER_MS;
    if (k > bestClass || score > bestScore) {
      best = i;
      bestClass = k;
      bestScore = score;
    }
  }
  return best;
}
