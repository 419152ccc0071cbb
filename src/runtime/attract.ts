import type { AttractConfig, Exhibit } from '../exhibit/index.js';
import type { ExhibitModel } from './exhibit-model.js';
import { TAP_MS, type VisitorAction } from './script.js';

/** Without a demo (`attract: false`) the idle copy starts again from the model this often, ms. */
export const PLAIN_IDLE_ROUND_MS = 60_000;

/**
 * The attract demo of an exhibit that has no `attract`: each button (up to four) tapped three times in
 * turn, then a button with `holdHz` held for two seconds (a burst: its synapse grows brighter).
 */
export function defaultDemo(exhibit: Exhibit): AttractConfig {
  const buttons = exhibit.neurons.filter((n) => n.button !== undefined).slice(0, 4);
  const script: VisitorAction[] = [];
  const push = (atMs: number, id: string, pin: number, pressed: boolean) => script.push({ atMs, kind: 'button', pin, pressed, target: id });
  let t = 1_000;
  for (const n of buttons) {
    for (let k = 0; k < 3; k++) {
      push(t + k * 500, n.id, n.button!, true);
      push(t + k * 500 + TAP_MS, n.id, n.button!, false);
    }
    t += 2_500;
  }
  const holder = buttons.find((n) => n.holdHz !== undefined);
  if (holder) {
    push(t, holder.id, holder.button!, true);
    push(t + 2_000, holder.id, holder.button!, false);
    t += 3_000;
  }
  return script.length === 0 ? { script, everyMs: PLAIN_IDLE_ROUND_MS } : { script, everyMs: Math.max(10_000, t + 6_000) };
}

/** The demo an exhibit asks for: its own, the default one, or none (`false`: the copy lives on its own). */
export function attractOf(exhibit: Exhibit): AttractConfig {
  return exhibit.attract === false ? { script: [], everyMs: PLAIN_IDLE_ROUND_MS } : (exhibit.attract ?? defaultDemo(exhibit));
}

/**
 * The ghost visitor: plays the demo, round after round, each round on a fresh copy of the model (which
 * waits meanwhile and is never touched), on board time.
 */
export class Ghost {
  /** The copy being played on: what the LEDs show while idle. */
  model: ExhibitModel;
  private roundStartMs: number;
  private next = 0;

  constructor(
    private readonly demo: AttractConfig,
    private readonly original: ExhibitModel,
    atMs: number,
  ) {
    this.model = this.copy(atMs);
    this.roundStartMs = atMs;
  }

  private copy(atMs: number): ExhibitModel {
    const model = this.original.copy();
    model.rebase(atMs);
    return model;
  }

  /** Board time moved by `deltaMs` without the ghost (a new board whose clock started again). */
  shift(deltaMs: number): void {
    this.roundStartMs += deltaMs;
    this.model.rebase(this.model.nowMs + deltaMs);
  }

  /** Plays the demo up to board time `boardMs`, starting new rounds as they come. */
  playTo(boardMs: number): void {
    const script = this.demo.script;
    for (;;) {
      const roundEnd = this.roundStartMs + this.demo.everyMs;
      const until = Math.min(boardMs, roundEnd);
      while (this.next < script.length && this.roundStartMs + script[this.next]!.atMs <= until) {
        const action = script[this.next++]!;
        this.model.advanceTo(this.roundStartMs + action.atMs);
        act(this.model, action);
      }
      if (boardMs < roundEnd) break;
      this.model = this.copy(roundEnd);
      this.roundStartMs = roundEnd;
      this.next = 0;
    }
    this.model.advanceTo(boardMs);
  }
}

/** A visitor action on a model directly (the ghost has no board). */
function act(model: ExhibitModel, action: VisitorAction): void {
  if (action.kind === 'dial') model.setAge(action.fraction);
  else if (action.target === 'injury') {
    if (action.pressed) model.injure();
  } else if (action.pressed) model.press(action.target);
  else model.release(action.target);
}
