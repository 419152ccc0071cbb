import { terminalText } from '../safe-text.js';

/** What guardProcess needs of a process (the real one, or a stand-in in tests). */
export interface GuardedProcess {
  stdout: NodeJS.EventEmitter;
  stderr: NodeJS.EventEmitter & { write(line: string): unknown };
  on(event: 'uncaughtException' | 'unhandledRejection', listener: (err: unknown) => void): unknown;
  exit(code: number): void;
  exitCode?: number | string | null | undefined;
  env: Record<string, string | undefined>;
}

/** Exit code of a process that died of an error nobody caught (1: the service restarts it). */
const CRASHED = 1;

/**
 * Most wall time the last actions get before a crashed process exits anyway: enough to write a
 * dozen bytes to the board and close its port, short enough that the service restarts it promptly.
 */
export const LAST_ACTIONS_MS = 1000;

/** What a crash does before exiting, e.g. leaving the LEDs safe; see {@link beforeCrashExit}. */
const lastActions = new Set<() => Promise<void> | void>();

/**
 * Registers `action` to run when an error nobody caught ends the process (after its one line,
 * before the exit; all actions together get at most {@link LAST_ACTIONS_MS}). Returns a function
 * that unregisters it: call it once what it protects is closed.
 */
export function beforeCrashExit(action: () => Promise<void> | void): () => void {
  lastActions.add(action);
  return () => lastActions.delete(action);
}

/** Runs every last action, each failure ignored (there is nothing left to tell), within `withinMs`. */
function runLastActions(withinMs: number): Promise<void> {
  if (lastActions.size === 0) return Promise.resolve();
  const all = Promise.allSettled([...lastActions].map((action) => Promise.resolve().then(action)));
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, withinMs)));
  return Promise.race([all.then(() => undefined), late]).finally(() => clearTimeout(timer));
}

/**
 * The command line's last line of defence, installed by bin/neuron-kit.js before anything runs:
 * - a reader that stops reading (`neuron-kit power | head -1`) is a quiet, successful exit, not an
 *   EPIPE stack trace;
 * - an error nobody caught, anywhere, prints one line (the stack only under DEBUG), runs the last
 *   actions registered with {@link beforeCrashExit} (the LEDs left safe) and exits non-zero, so a
 *   service manager restarts the exhibit instead of leaving it half alive.
 */
export function guardProcess(proc: GuardedProcess = process): void {
  const exitNow = (code: number) => proc.exit(code);
  proc.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') exitNow(typeof proc.exitCode === 'number' ? proc.exitCode : 0);
    else crash(err);
  });
  // Nothing more can be said once stderr is gone; the exit code still tells.
  proc.stderr.on('error', () => exitNow(typeof proc.exitCode === 'number' && proc.exitCode !== 0 ? proc.exitCode : CRASHED));
  let crashing = false;
  const crash = (err: unknown) => {
    // A second error while the last actions run (they touch what just failed) ends it at once.
    if (crashing) return exitNow(CRASHED);
    crashing = true;
    const message = err instanceof Error ? err.message : String(err);
    const line = `neuron-kit: unexpected error: ${message.split('\n')[0]} (please report it; DEBUG=neuron-kit:* shows where)`;
    try {
      proc.stderr.write(`${terminalText(line)}\n`);
      if (proc.env.DEBUG && err instanceof Error && err.stack) proc.stderr.write(`${err.stack}\n`);
    } catch {
      // stderr is gone too: the exit code is all that is left to say it.
    }
    void runLastActions(LAST_ACTIONS_MS).then(() => exitNow(CRASHED));
  };
  proc.on('uncaughtException', crash);
  proc.on('unhandledRejection', crash);
}
