import type { Twin } from '../board/twin.js';
import type { Exhibit } from '../exhibit/index.js';
import type { Rgb } from '../link/index.js';
import type { AsBuilt } from './as-built.js';
import type { AnyOrder } from './colour-order.js';
import type { Action, Person, Question, SeenColour } from './types.js';

export interface TwinPersonOptions {
  /** How long a press is held, board ms. Default 150 (a quick human press). */
  holdMs?: number;
}

/** Wire bytes in the strip's real colour order → what its LEDs show, `[r, g, b]`. */
export function reinterpret(bytes: Uint8Array, order: AnyOrder, length: number): Rgb[] {
  const out: Rgb[] = [];
  for (let i = 0; i < length; i++) {
    const rgb = [0, 0, 0];
    // Past the end of the data the LEDs never received anything: they stay dark from power-up.
    if (i * 3 + 2 < bytes.length) for (let j = 0; j < 3; j++) rgb['RGB'.indexOf(order[j]!)] = bytes[i * 3 + j]!;
    out.push(rgb as unknown as Rgb);
  }
  return out;
}

const isLit = (p: Rgb) => p[0] > 0 || p[1] > 0 || p[2] > 0;

/** What a person names a colour: the one channel that clearly dominates, else "other". */
export function nameColour(p: Rgb): SeenColour {
  const max = Math.max(...p);
  if (max === 0) return 'nothing';
  const strong = p.filter((c) => c > max / 4).length;
  if (strong > 1) return 'other';
  return p[0] === max ? 'red' : p[1] === max ? 'green' : 'blue';
}

/**
 * Plays the person at a kit on the twin. It answers only by looking at what the twin's LEDs show: the
 * data decoded on each strip's as-built pin, in the as-built colour order and length (so a strip the
 * exhibit configures too short shows more LEDs after the last lit one). It presses buttons and turns
 * the dial on their as-built pins, holding presses on board time. The twin must be running meanwhile.
 */
export class TwinPerson implements Person {
  private readonly holdMs: number;

  constructor(private readonly twin: Twin, private readonly exhibit: Exhibit, private readonly built: AsBuilt, options: TwinPersonOptions = {}) {
    this.holdMs = options.holdMs ?? 150;
  }

  /** The LEDs of the strip the exhibit calls strip `k`, as they look now. */
  view(k: number): Rgb[] {
    const real = this.built.strips[k]!;
    const frame = this.twin.lastFrame(real.pin);
    return reinterpret(frame?.bytes ?? new Uint8Array(0), real.order, real.length);
  }

  private litIndexes(k: number): number[] {
    return this.view(k).flatMap((p, i) => (isLit(p) ? [i] : []));
  }

  async yesNo(q: Question): Promise<boolean> {
    switch (q.kind) {
      case 'first-lit': return isLit(this.view(q.strip)[0] ?? [0, 0, 0]);
      case 'any-lit': return this.litIndexes(q.strip).length > 0;
      case 'end-lit': return this.litIndexes(q.strip).some((i) => i > 0);
      case 'segment': {
        const lit = this.litIndexes(this.exhibit.segments[q.segment]!.strip);
        const real = this.built.segments[q.segment]!;
        return lit.length === real.last - real.first + 1 && lit[0] === real.first && lit.at(-1) === real.last;
      }
      default: throw new RangeError(`TwinPerson: "${q.kind}" is not a yes/no question`);
    }
  }

  async colour(q: Question): Promise<SeenColour> {
    if (q.kind !== 'first-colour') throw new RangeError(`TwinPerson: "${q.kind}" is not a colour question`);
    return nameColour(this.view(q.strip)[0] ?? [0, 0, 0]);
  }

  async count(q: Question): Promise<number> {
    switch (q.kind) {
      case 'more-after': return this.built.strips[q.strip]!.length - 1 - (this.litIndexes(q.strip).at(-1) ?? -1);
      case 'strip-length': return this.built.strips[q.strip]!.length;
      case 'segment-first': return this.built.segments[q.segment]!.first;
      case 'segment-last': return this.built.segments[q.segment]!.last;
      default: throw new RangeError(`TwinPerson: "${q.kind}" is not a count question`);
    }
  }

  async act(a: Action): Promise<void> {
    if (a.kind === 'press') {
      const pin = this.built.buttons[a.label];
      // A button that is not connected: the person presses, nothing reaches the board.
      if (pin === null || pin === undefined) return this.wait(this.holdMs);
      this.twin.press(pin);
      await this.wait(this.holdMs);
      this.twin.release(pin);
      return;
    }
    const dial = this.built.dial;
    if (dial) this.twin.setAnalog(dial.analog, a.to === 'newborn' ? dial.newborn : dial.adult);
    await this.wait(50);
  }

  private wait(ms: number): Promise<void> {
    const clock = this.twin.clock;
    return new Promise((resolve) => clock.schedule(clock.now() + ms, resolve));
  }
}
