// Animation loads for the LED link benchmark: what an exhibit asks the link to show, and how the
// bench recognises, in a frame decoded from the strip's pin, that a given press has become visible.
import type { Rgb } from '../../src/link/index.js';

export type LoadName = 'counter' | 'exhibit';

export interface Load {
  /** Called on an accepted press of button `b` (0–3), before the frame is redrawn. */
  press(b: number, nowMs: number): void;
  /** Called every render tick (10 ms of board time), before the frame is redrawn. */
  tick(nowMs: number): void;
  /** The frame to show at `nowMs`. */
  render(nowMs: number): Rgb[];
  /** Pixel indexes that show button `b`'s response (the soma). */
  somaOf(b: number): number;
  /** What the soma pixel of `b` must hold (wire GRB bytes, gamma 1) once press number `count` shows. */
  shows(b: number, count: number, grb: Uint8Array): boolean;
}

/**
 * The original bench load: soma pixels 0–3 show each button's press count in red (a tiny colour
 * change per press, so the link cannot guess it is important); pulses 3 px wide run along the strip
 * at 50 px/s, one every 300 ms and one per press.
 */
export function counterLoad(pixels: number): Load {
  const counts = [0, 0, 0, 0];
  let pulses: number[] = [];
  let ticks = 0;
  return {
    press(b) {
      counts[b] = Math.min(255, counts[b]! + 1);
      pulses.push(4);
    },
    tick() {
      pulses = pulses.map((p) => p + 0.5).filter((p) => p < pixels);
      if ((ticks++ + 10) % 30 === 0) pulses.push(4); // the original bench's phase: its clock started 100 ms earlier
    },
    render: () => Array.from({ length: pixels }, (_, i): Rgb => {
      if (i < 4) return [counts[i]!, 200, 40 * i];
      for (const p of pulses) if (Math.abs(i - p) < 1.5) return [255, 140, 30];
      return [0, 6 + (i % 5), 24];
    }),
    somaOf: (b) => b,
    shows: (_b, count, grb) => grb[1]! >= Math.min(255, count),
  };
}

const FLASH_HOLD_MS = 50;
const FLASH_DECAY_MS = 150;
const SOMA_REST: Rgb = [12, 4, 24];
/** Action potential speed along an axon: 60 px/s, about 1 m/s on a 60 LED/m strip. */
const AP_PX_PER_MS = 0.06;
const SYNAPSE_PX = 4;

/**
 * An exhibit-like load (DESIGN.md "What a visitor sees"): four input neurons (somas 0–3), each with
 * an axon ending in a 4-pixel synapse segment onto one output neuron (the last pixel). A press
 * flashes the input soma white (held 50 ms, then fading over 150 ms) and launches an action
 * potential (bright head, dimming 2-pixel tail) down its axon; when it arrives the synapse segment
 * brightens and slowly potentiates (warmer, brighter), and every second arrival fires the output
 * soma. The output neuron also fires on its own every 400 ms. The flash's blue channel carries the
 * press count modulo 8 (invisible) so the bench can tell which press a latched frame shows.
 */
export function exhibitLoad(pixels: number): Load {
  const branch = Math.max(SYNAPSE_PX + 2, Math.floor((pixels - 5) / 4));
  const counts = [0, 0, 0, 0];
  const flashAt = [-1e9, -1e9, -1e9, -1e9];
  const efficacy = [0.4, 0.5, 0.6, 0.7];
  const lastArrival = [-1e9, -1e9, -1e9, -1e9];
  let aps: { b: number; born: number }[] = [];
  let arrivals = 0;
  let outputAt = -1e9;
  const axonLen = branch - SYNAPSE_PX;
  const flash = (at: number, now: number, full: Rgb): Rgb => {
    const t = now - at;
    if (t < FLASH_HOLD_MS) return full;
    const k = Math.max(0, 1 - (t - FLASH_HOLD_MS) / FLASH_DECAY_MS);
    return [SOMA_REST[0] + (full[0] - SOMA_REST[0]) * k, SOMA_REST[1] + (full[1] - SOMA_REST[1]) * k, SOMA_REST[2] + (full[2] - SOMA_REST[2]) * k];
  };
  const full = (b: number): Rgb => [255, 255, 248 + (counts[b]! % 8)];
  return {
    press(b, now) {
      counts[b]!++;
      flashAt[b] = now;
      aps.push({ b, born: now });
    },
    tick(now) {
      aps = aps.filter((ap) => {
        if ((now - ap.born) * AP_PX_PER_MS < axonLen + 2) return true;
        lastArrival[ap.b] = now;
        efficacy[ap.b] = Math.min(1, efficacy[ap.b]! + 0.01);
        if (++arrivals % 2 === 0) outputAt = now;
        return false;
      });
      if (now - outputAt > 400) outputAt = now;
    },
    render(now) {
      const f = Array.from({ length: pixels }, (): Rgb => [0, 0, 0]);
      for (let b = 0; b < 4; b++) {
        f[b] = flash(flashAt[b]!, now, full(b));
        const start = 4 + b * branch;
        for (let j = 0; j < axonLen && start + j < pixels - 1; j++) f[start + j] = [2, 2, 6];
        const e = efficacy[b]!;
        const boost = now - lastArrival[b]! < 80 ? 1.8 : 1;
        for (let j = 0; j < SYNAPSE_PX && start + axonLen + j < pixels - 1; j++) {
          f[start + axonLen + j] = [Math.min(255, 120 * e * boost), Math.min(255, 60 * e * boost), 40 * (1 - e)];
        }
      }
      for (const ap of aps) {
        const head = Math.floor((now - ap.born) * AP_PX_PER_MS);
        const start = 4 + ap.b * branch;
        const tail: Rgb[] = [[255, 200, 80], [90, 50, 20], [30, 15, 6]];
        tail.forEach((c, k) => {
          const j = head - k;
          if (j >= 0 && j < axonLen && start + j < pixels - 1) f[start + j] = c;
        });
      }
      f[pixels - 1] = flash(outputAt, now, [255, 80, 200]);
      return f;
    },
    somaOf: (b) => b,
    shows: (_b, count, grb) => grb[0] === 255 && grb[1] === 255 && grb[2] === 248 + (count % 8),
  };
}

export function makeLoad(name: LoadName, pixels: number): Load {
  return name === 'counter' ? counterLoad(pixels) : exhibitLoad(pixels);
}
