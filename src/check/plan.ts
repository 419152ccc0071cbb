import type { Exhibit } from '../exhibit/types.js';
import type { Check } from '../lessons/checks.js';
import { TAP_MS, type VisitorAction } from '../runtime/script.js';

/** How a scripted visitor tries one button: taps at a visitor's pace, then holds, then leaves it alone. */
export const VISIT = {
  /** Taps at this rate (a visitor tapping eagerly) for `tapForMs`. */
  tapHz: 4,
  tapForMs: 20_000,
  /** Then, on a neuron that fires trains while held (`holdHz`), holds of this long, `holds` times, `holdEveryMs` apart. */
  holdMs: 2_000,
  holds: 3,
  holdEveryMs: 3_000,
  /** Then a rest, the way a visitor steps back to look. */
  restMs: 20_000,
  /** After the reset that begins each part, the LEDs ease back to the start (the exhibit's `idle.restS`) and settle. */
  settleMs: 4_000,
} as const;

/** One part of a check: from the exhibit's starting state, a visitor does `actions`, then rests. */
export interface Part {
  /** What the part tries: a button (a neuron id or `injury`), the age dial, or one of the exhibit's claims. */
  kind: 'button' | 'injury' | 'age' | 'claim';
  /** The neuron id, `injury`, `age`, or the claim's index. */
  subject: string;
  /** In words: "tapping Touch, holding it, then a rest". */
  title: string;
  /** Actions, board ms from when the part's activity begins (after the settle). */
  actions: VisitorAction[];
  /** When the activity is over and the rest begins (ms from the same start). */
  activeMs: number;
  /** When the part ends (ms from the same start). */
  endMs: number;
  /** For a claim: what must then hold on the model and the strip. */
  then?: Check[];
  /** The age dial's position during the part (a button part of the age check plays at newborn). */
  age?: number;
}

/** An exhibit's own claims: visitor actions from its starting state and what they show, read with it. */
export interface Claim {
  /** The sentence of `about` it backs, for the report. */
  says: string;
  actions: VisitorAction[];
  /** Board ms after the first action at which `then` is looked at. */
  afterMs: number;
  then: Check[];
}

const press = (atMs: number, target: string, pin: number): VisitorAction => ({ atMs, kind: 'button', pin, pressed: true, target });
const release = (atMs: number, target: string, pin: number): VisitorAction => ({ atMs, kind: 'button', pin, pressed: false, target });

/** Taps of a button at the visit's pace, then its holds when it has a train. */
function tryButton(target: string, pin: number, holdHz: number | undefined): { actions: VisitorAction[]; activeMs: number } {
  const actions: VisitorAction[] = [];
  const period = 1000 / VISIT.tapHz;
  for (let t = 0; t < VISIT.tapForMs; t += period) actions.push(press(t, target, pin), release(t + TAP_MS, target, pin));
  let activeMs = VISIT.tapForMs;
  if (holdHz) {
    for (let k = 0; k < VISIT.holds; k++) {
      const at = VISIT.tapForMs + k * VISIT.holdEveryMs;
      actions.push(press(at, target, pin), release(at + VISIT.holdMs, target, pin));
    }
    activeMs = VISIT.tapForMs + (VISIT.holds - 1) * VISIT.holdEveryMs + VISIT.holdMs;
  }
  return { actions, activeMs };
}

/**
 * What `neuron-kit check` plays, part by part, each from the exhibit's starting state: every button
 * (tapped, held if it fires trains, then left alone), the injury button, the age dial (the first
 * button again with the dial at newborn), and each of the exhibit's claims. Pure.
 */
export function planCheck(exhibit: Exhibit, claims: readonly Claim[] = []): Part[] {
  const parts: Part[] = [];
  const buttons = exhibit.neurons.filter((n) => n.button !== undefined);
  for (const n of buttons) {
    const { actions, activeMs } = tryButton(n.id, n.button!, n.holdHz);
    parts.push({ kind: 'button', subject: n.id, title: `tapping ${n.label}${n.holdHz ? ', holding it' : ''}, then a rest`, actions, activeMs, endMs: activeMs + VISIT.restMs });
  }
  const injury = exhibit.controls.injury;
  if (injury) {
    parts.push({ kind: 'injury', subject: 'injury', title: 'pressing Injury, then a rest', actions: [press(0, 'injury', injury.button), release(TAP_MS, 'injury', injury.button)], activeMs: TAP_MS, endMs: TAP_MS + VISIT.restMs });
  }
  const first = buttons[0];
  if (exhibit.controls.age && first) {
    const { actions, activeMs } = tryButton(first.id, first.button!, first.holdHz);
    parts.push({ kind: 'age', subject: first.id, title: `the Age dial at newborn, then tapping ${first.label}${first.holdHz ? ', holding it' : ''}, then a rest`, actions, activeMs, endMs: activeMs + VISIT.restMs, age: 0 });
  }
  claims.forEach((c, i) => {
    const last = c.actions.reduce((m, a) => Math.max(m, a.atMs), 0);
    parts.push({ kind: 'claim', subject: String(i), title: c.says, actions: c.actions, activeMs: last, endMs: Math.max(last, c.afterMs), then: c.then });
  });
  return parts;
}
