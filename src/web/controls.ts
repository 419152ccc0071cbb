import createDebug from 'debug';
import type { Exhibit } from '../exhibit/index.js';
import { TAP_MS } from '../runtime/script.js';
import type { Session } from '../runtime/session.js';
import type { VisitorInputs } from '../runtime/board-side.js';
import type { Feed } from './feed.js';
import type { WebPaletteName } from './messages.js';

const log = createDebug('neuron-kit:web:controls');

/**
 * Shortest press the page can make, board ms. A mouse click lasts ~100 ms wall, but a key or a
 * touch can be shorter than the runtime's debounce (and in the twin's fast mode wall time means
 * nothing), so a release is held back until the button has been down this long: a scripted `tap`.
 */
export const MIN_PRESS_MS = TAP_MS;

interface Held {
  holders: Set<number>;
  downAtMs: number;
  cancelRelease: (() => void) | null;
}

/**
 * Visitor controls from the page, passed to the session's {@link VisitorInputs} (the twin's pins, or
 * the runtime's commands on a real board, chosen when the exhibit started). Several viewers may hold
 * the same button: it goes up when the last one lets go.
 */
export class Controls {
  readonly targets: ReadonlySet<string>;
  private readonly pins = new Map<string, number>();
  private readonly held = new Map<string, Held>();

  constructor(
    private readonly session: Session,
    private readonly exhibit: Exhibit,
  ) {
    for (const n of exhibit.neurons) if (n.button !== undefined) this.pins.set(n.id, n.button);
    if (exhibit.controls.injury) this.pins.set('injury', exhibit.controls.injury.button);
    this.targets = new Set(this.pins.keys());
  }

  press(target: string, client: number): void {
    const pin = this.pins.get(target);
    if (pin === undefined) return;
    const held = this.held.get(target);
    if (held) {
      held.holders.add(client);
      // Pressed again while a held-back release was pending: the button simply stays down.
      held.cancelRelease?.();
      held.cancelRelease = null;
      return;
    }
    const { kit, side } = this.session;
    this.held.set(target, { holders: new Set([client]), downAtMs: kit.clock.now(), cancelRelease: null });
    log('press %s (client %d)', target, client);
    side.inputs.press(target, pin);
  }

  release(target: string, client: number): void {
    const held = this.held.get(target);
    if (!held || !held.holders.delete(client) || held.holders.size > 0 || held.cancelRelease) return;
    const { kit } = this.session;
    held.cancelRelease = kit.clock.schedule(Math.max(kit.clock.now(), held.downAtMs + MIN_PRESS_MS), () => {
      if (this.held.get(target) !== held || held.holders.size > 0) return;
      this.held.delete(target);
      this.up(target);
    });
  }

  /** A viewer left: whatever it held is let go. */
  releaseAll(client: number): void {
    for (const target of [...this.held.keys()]) this.release(target, client);
  }

  /** The age dial, 0 = newborn … 1 = adult. */
  age(fraction: number): void {
    const age = this.exhibit.controls.age;
    if (!age) return;
    this.session.side.inputs.turn(age.analog, fraction);
  }

  /** The docent's reset: the exhibit back to its starting state now, the LEDs easing to it. */
  reset(): void {
    log('reset');
    this.session.runtime.reset();
  }

  /**
   * Starts a lesson offered for the exhibit (`name`), or ends the one running (null). A lesson starts
   * from the exhibit's starting state, which its steps compare with: the exhibit is reset first, and
   * while the lesson runs a visit waits longer before it ends (a step may ask for a rest).
   */
  lesson(name: string | null, feed: Pick<Feed, 'offers' | 'setLesson'>): void {
    if (name !== null && !feed.offers(name)) return;
    log('lesson %s', name);
    if (name !== null) this.session.runtime.reset();
    this.session.exhibition.lessonRunning = name !== null;
    feed.setLesson(name);
  }

  palette(name: WebPaletteName): void {
    this.session.runtime.setPalette(name);
  }

  /** Lets go of every button at once (the server is closing); no board time needed. */
  releaseEverything(): void {
    for (const [target, held] of this.held) {
      held.cancelRelease?.();
      this.up(target);
    }
    this.held.clear();
  }

  private up(target: string): void {
    log('release %s', target);
    this.session.side.inputs.release(target, this.pins.get(target)!);
  }
}
