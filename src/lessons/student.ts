import type { VisitorAction } from '../runtime/script.js';
import type { Lesson } from './types.js';

/** Rounds of a step's student beyond which it gives up (a step not seen by then is a lesson that does not work). */
const MAX_ROUNDS = 1000;

/**
 * A lesson's scripted student: what it does in each step, from the moment the step began, played on
 * board time through the same inputs a visitor's hands use (the twin's pins, or a real board's
 * runtime). When a step is seen, what was left of its part is dropped and the next step's begins.
 * `schedule` runs a function at a board time and returns its cancel; `act` does one visitor action.
 */
export class Student {
  private cancels: Array<() => void> = [];
  private held = new Set<string>();

  constructor(
    private readonly lesson: Lesson,
    private readonly schedule: (atMs: number, fn: () => void) => () => void,
    private readonly act: (action: VisitorAction) => void,
  ) {}

  /** Step `index` began at board time `atMs`: plays its part (nothing once the lesson is done). */
  begin(index: number, atMs: number): void {
    this.stop();
    const part = this.lesson.steps[index]?.student;
    if (!part || part.actions.length === 0) return;
    const round = (k: number) => {
      const start = atMs + k * (part.everyMs ?? 0);
      for (const action of part.actions) {
        this.cancels.push(this.schedule(start + action.atMs, () => this.do(action)));
      }
      if (part.everyMs !== undefined && k + 1 < MAX_ROUNDS) this.cancels.push(this.schedule(start + part.everyMs, () => round(k + 1)));
    };
    round(0);
  }

  private do(action: VisitorAction): void {
    if (action.kind === 'button') {
      if (action.pressed) this.held.add(action.target);
      else this.held.delete(action.target);
    }
    this.act(action);
  }

  /** Stops the part being played, letting go of any button it holds. */
  stop(): void {
    for (const cancel of this.cancels.splice(0)) cancel();
    for (const target of [...this.held]) {
      this.held.delete(target);
      const pin = this.pinOf(target);
      if (pin !== undefined) this.act({ atMs: 0, kind: 'button', pin, pressed: false, target });
    }
  }

  private pinOf(target: string): number | undefined {
    for (const step of this.lesson.steps) for (const a of step.student.actions) if (a.kind === 'button' && a.target === target) return a.pin;
    return undefined;
  }
}
