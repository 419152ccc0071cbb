import { EventEmitter } from 'node:events';
import type { KitBoard } from './kit-board.js';

/** Default lockout after an accepted edge, board ms; johnny-five's Button uses 7 ms on the wall clock. */
export const DEFAULT_DEBOUNCE_MS = 7;

/**
 * A push button to ground, debounced on board time: the first edge is reported at once (so latency
 * is the board's, not the debounce's), further edges within `debounceMs` are ignored, and the level
 * at the end of the lockout is reported if it differs. Events: `'press'` and `'release'` with the
 * board time of the accepted edge, ms.
 */
export class BoardButton extends EventEmitter {
  /** True while pressed (after debouncing). */
  pressed = false;
  private raw: 0 | 1 = 1;
  private seen = false;
  private lockedUntilMs = -Infinity;
  private cancel: (() => void) | null = null;

  constructor(private readonly board: KitBoard, readonly pin: number, readonly debounceMs = DEFAULT_DEBOUNCE_MS) {
    super();
    board.watchDigital(pin, (value, atMs) => this.onLevel(value, atMs));
  }

  private onLevel(value: 0 | 1, atMs: number): void {
    this.raw = value;
    // The first report is the level the button is in when watching starts, not a press or release.
    if (!this.seen) {
      this.seen = true;
      this.pressed = value === 0;
      return;
    }
    if (atMs < this.lockedUntilMs) return;
    this.accept(atMs);
  }

  private accept(atMs: number): void {
    const pressed = this.raw === 0;
    if (pressed === this.pressed) return;
    this.pressed = pressed;
    this.lockedUntilMs = atMs + this.debounceMs;
    this.cancel?.();
    this.cancel = this.board.clock.schedule(this.lockedUntilMs, () => {
      this.cancel = null;
      this.accept(this.board.clock.now());
    });
    this.emit(pressed ? 'press' : 'release', atMs);
  }
}
