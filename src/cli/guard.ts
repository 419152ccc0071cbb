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
 * The command line's last line of defence, installed by bin/neuron-kit.js before anything runs:
 * - a reader that stops reading (`neuron-kit power | head -1`) is a quiet, successful exit, not an
 *   EPIPE stack trace;
 * - an error nobody caught, anywhere, prints one line (the stack only under DEBUG) and exits non-zero,
 *   so a service manager restarts the exhibit instead of leaving it half alive.
 */
export function guardProcess(proc: GuardedProcess = process): void {
  const exitNow = (code: number) => proc.exit(code);
  proc.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') exitNow(typeof proc.exitCode === 'number' ? proc.exitCode : 0);
    else crash(err);
  });
  // Nothing more can be said once stderr is gone; the exit code still tells.
  proc.stderr.on('error', () => exitNow(typeof proc.exitCode === 'number' && proc.exitCode !== 0 ? proc.exitCode : CRASHED));
  const crash = (err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    const line = `neuron-kit: unexpected error: ${message.split('\n')[0]} (please report it; DEBUG=neuron-kit:* shows where)`;
    try {
      proc.stderr.write(`${terminalText(line)}\n`);
      if (proc.env.DEBUG && err instanceof Error && err.stack) proc.stderr.write(`${err.stack}\n`);
    } catch {
      // stderr is gone too: the exit code is all that is left to say it.
    }
    exitNow(CRASHED);
  };
  proc.on('uncaughtException', crash);
  proc.on('unhandledRejection', crash);
}
