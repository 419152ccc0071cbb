/**
 * Power model of WS2812B strips, shared by the renderer's limiter and `neuron-kit power`.
 *
 * A WS2812B draws about 20 mA per colour channel at full duty (60 mA full white) and about 1 mA idle
 * (Worldsemi WS2812B datasheet; the Adafruit NeoPixel Überguide's 60 mA rule of thumb). The duty on the
 * wire is the gamma-corrected value, so current is estimated after gamma.
 */
export const LED_POWER = {
  fullWhiteMilliamps: 60,
  idleMilliampsPerPixel: 1,
  /** An Arduino Uno/Nano with a few buttons, powered from the same 5 V rail. */
  boardMilliamps: 100,
  /** Headroom kept free on the supply (connectors, tolerance, inrush). */
  supplyHeadroom: 0.9,
} as const;

/** Gamma on the way to the LEDs: defined with the wire protocol, where every pixel's bytes are. */
import { GAMMA_TABLE, LED_GAMMA } from '../wire/pixel.js';

export { GAMMA_TABLE, LED_GAMMA };

/** An RGB frame: 3 bytes per pixel, logical colours before gamma. */
export type Frame = Uint8Array;

/** Current a frame of logical colours draws once gamma-corrected, in mA (idle current included). */
export function frameMilliamps(frame: Frame): number {
  return scaledMilliamps(frame, 1);
}

/** Worst case: every pixel full white at the brightness cap, in mA. */
export function worstCaseMilliamps(pixels: number, maxBrightness = 1): number {
  const duty = GAMMA_TABLE[Math.round(255 * maxBrightness)]! / 255;
  return pixels * (LED_POWER.fullWhiteMilliamps * duty + LED_POWER.idleMilliampsPerPixel);
}

/** What the strips may draw in all from a supply of `supplyAmps`, in mA, after the board and headroom. */
export function stripBudgetMilliamps(supplyAmps: number): number {
  return Math.max(0, supplyAmps * 1000 * LED_POWER.supplyHeadroom - LED_POWER.boardMilliamps);
}

/**
 * Dims frames (all strips of one supply together) so that they draw no more than `budgetMilliamps`.
 * Returns the scale applied to the logical colours (1 when nothing had to be dimmed). Dimming searches
 * the largest scale that fits, since gamma makes current non-linear in the logical value.
 */
export function limitFrames(frames: Frame[], budgetMilliamps: number): number {
  const draw = (scale: number) => frames.reduce((sum, f) => sum + scaledMilliamps(f, scale), 0);
  if (draw(1) <= budgetMilliamps) return 1;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 16; i++) {
    const mid = (lo + hi) / 2;
    if (draw(mid) <= budgetMilliamps) lo = mid;
    else hi = mid;
  }
  for (const f of frames) for (let i = 0; i < f.length; i++) f[i] = Math.floor(f[i]! * lo);
  return lo;
}

function scaledMilliamps(frame: Frame, scale: number): number {
  let duty = 0;
  for (let i = 0; i < frame.length; i++) duty += GAMMA_TABLE[Math.floor(frame[i]! * scale)]!;
  return (duty / 255) * (LED_POWER.fullWhiteMilliamps / 3) + (frame.length / 3) * LED_POWER.idleMilliampsPerPixel;
}
