import createDebug from 'debug';
import { exhibitFitFor, type ExhibitChoice } from '../exhibit/choices.js';
import type { Exhibit } from '../exhibit/types.js';
import type { RunResult } from './session.js';
import { superviseSession, type SuperviseOptions } from './supervise.js';

const log = createDebug('neuron-kit:switching');

/** What a docent's request to switch came to: the exhibit is on its way, or why it cannot run here. */
export type SwitchAnswer = { ok: true; name: string } | { ok: false; problems: string[] };

/**
 * Which exhibit runs, and the docent's requests to run another of `choices` (src/exhibit/choices.ts).
 * A request is checked against the board the running exhibit is built for; one that fits stops the
 * running exhibit (`superviseSwitching` then starts the new one), one that does not is answered with
 * its problems and the running exhibit goes on.
 */
export class ExhibitSwitch {
  private running: { exhibit: Exhibit; id: string | null };
  private pending: { exhibit: Exhibit; id: string } | null = null;
  private checking = false;
  private stopRun: (() => void) | null = null;

  /** @param currentFile the running exhibit's file, to mark it among the choices. */
  constructor(
    exhibit: Exhibit,
    readonly choices: readonly ExhibitChoice[],
    currentFile?: string,
  ) {
    this.running = { exhibit, id: choices.find((c) => c.file === currentFile)?.id ?? null };
  }

  /** The exhibit that runs now (or is about to, after a switch). */
  get exhibit(): Exhibit {
    return this.running.exhibit;
  }

  /** The choice that runs now, or null for an exhibit from elsewhere. */
  get current(): string | null {
    return this.running.id;
  }

  /**
   * Asks for the exhibit `id` of the choices. Never throws: a refusal says why. `announce` is told the
   * new exhibit's name just before the running one stops (the pages say what is coming).
   */
  async request(id: string, announce?: (name: string) => void): Promise<SwitchAnswer> {
    const choice = this.choices.find((c) => c.id === id);
    if (!choice) return { ok: false, problems: [`There is no exhibit "${id}" to switch to.`] };
    if (id === this.running.id) return { ok: false, problems: [`"${choice.name}" is running already: use Reset to start it afresh.`] };
    if (this.pending || this.checking) return { ok: false, problems: ['Another switch is under way: wait for it.'] };
    this.checking = true;
    try {
      const fit = await exhibitFitFor(choice.file, this.running.exhibit.board.kind);
      if ('problems' in fit) {
        log('refused %s: %o', id, fit.problems);
        return { ok: false, problems: fit.problems };
      }
      log('switching to %s', id);
      this.pending = { exhibit: fit.exhibit, id };
      announce?.(fit.exhibit.name);
      this.stopRun?.();
      return { ok: true, name: fit.exhibit.name };
    } finally {
      this.checking = false;
    }
  }

  /** The run of the current exhibit started: `stop` ends it when a switch is asked for. */
  bind(stop: () => void): void {
    this.stopRun = stop;
    if (this.pending) stop();
  }

  /** The run ended: the exhibit asked for, which now runs, or null when none was. */
  next(): Exhibit | null {
    this.stopRun = null;
    const pending = this.pending;
    if (!pending) return null;
    this.pending = null;
    this.running = pending;
    return pending.exhibit;
  }
}

export interface SwitchingOptions extends SuperviseOptions {
  switcher: ExhibitSwitch;
  /** Told when one exhibit stopped for another, before the new one starts. */
  onSwitch?: (from: Exhibit, to: Exhibit) => void;
}

/**
 * Runs the switcher's exhibit as `superviseSession` does; when the docent switches, the running
 * exhibit stops as at the end of a run (its state saved in `stateDir`, its LEDs left safe, the board's
 * connection closed) and the new one starts in the same process: its own model, from its own
 * checkpoint when state is kept, and the board opened again so that its strips are configured afresh
 * (node-pixel configures strips only when it connects). `options.exhibit` is ignored: the switcher's
 * runs; `options.exhibition`, if given, is the first exhibit's (closed when switched away from).
 * Ends when `signal` aborts or `forMs` is up; the result is the last exhibit's.
 */
export async function superviseSwitching(options: SwitchingOptions): Promise<RunResult> {
  const { switcher, signal, exhibition, ...rest } = options;
  // A given exhibition is the first exhibit's; each exhibit switched to opens its own.
  let given = exhibition;
  for (;;) {
    const run = new AbortController();
    const stop = () => run.abort();
    signal?.addEventListener('abort', stop, { once: true });
    if (signal?.aborted) stop();
    switcher.bind(stop);
    let result: RunResult;
    const from = switcher.exhibit;
    try {
      result = await superviseSession({ ...rest, ...(given ? { exhibition: given } : {}), exhibit: from, signal: run.signal });
    } finally {
      signal?.removeEventListener('abort', stop);
    }
    const to = switcher.next();
    if (to === null || signal?.aborted) return result;
    if (given) await given.close();
    given = undefined;
    options.onSwitch?.(from, to);
  }
}
