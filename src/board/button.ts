import { EventEmitter } from 'node:events';
import type { KitPort } from './kit-port.js';

/** Default debounce, board ms; johnny-five's Button uses 7 ms on the wall clock. */
export const DEFAULT_DEBOUNCE_MS = 7;

/**
 * A push button to ground, debounced on board time. A press counts at its first falling edge (so the
 * latency is the board's, not the debounce's) unless it comes within `debounceMs` of the last accepted
 * change; a release counts only once the pin has stayed high for `debounceMs`, so a switch that chatters
 * for longer than the debounce time still gives one press. Events: `'press'` and `'release'` with the
 * board time of the edge that started them, ms.
 */
export class BoardButton extends EventEmitter {
  /** True while pressed (after debouncing). */
  pressed = false;
  private seen = false;
  private lockedUntilMs = -Infinity;
  private cancelRelease: (() => void) | null = null;

  constructor(private readonly board: Pick<KitPort, 'watchDigital' | 'clock'>, readonly pin: number, readonly debounceMs = DEFAULT_DEBOUNCE_MS) {
    super();
    board.watchDigital(pin, (value, atMs) => this.onLevel(value, atMs));
  }

  private onLevel(value: 0 | 1, atMs: number): void {
    // The first report is the level the button is in when watching starts, not a press: Firmata
    // reports whole ports, and a neighbouring pin may still be in its power-up OUTPUT LOW state
    // when its port first reports (a button already held at start-up counts from its next press).
    if (!this.seen) {
      this.seen = true;
      this.pressed = value === 0;
      return;
    }
    if (value === 0) {
      // Low again: a pending release was a bounce.
      this.cancelRelease?.();
      this.cancelRelease = null;
      if (!this.pressed && atMs >= this.lockedUntilMs) {
        this.pressed = true;
        this.lockedUntilMs = atMs + this.debounceMs;
        this.emit('press', atMs);
      }
      return;
    }
    if (!this.pressed || this.cancelRelease) return;
    this.cancelRelease = this.board.clock.schedule(atMs + this.debounceMs, () => {
      this.cancelRelease = null;
      this.pressed = false;
      this.lockedUntilMs = this.board.clock.now();
      this.emit('release', atMs);
    });
  }
}
