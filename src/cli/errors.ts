import { ExhibitFileError } from '../exhibit/index.js';
import { InvalidDocumentError } from '../experiment/problems.js';

/** A mistake in how the command was called or in a file it was given: exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Exit codes: 0 success, 1 runtime failure (hardware, I/O), 2 bad input, 130 stopped by a signal (128 + SIGINT). */
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;

/** Anything thrown below the CLI that carries a user-facing next step. */
interface WithHint {
  hint?: unknown;
}

/**
 * Turns an error into the lines the user sees and an exit code. Known error types become a plain
 * message with the next step; anything else is a bug, reported with its stack only under DEBUG.
 */
export function describeError(err: unknown): { lines: string[]; code: number } {
  if (err instanceof InvalidDocumentError) return { lines: [err.message], code: EXIT.usage };
  if (err instanceof UsageError || err instanceof ExhibitFileError) return { lines: [err.message, ...(err.hint ? [err.hint] : [])], code: EXIT.usage };
  if (err instanceof Error) {
    const hint = (err as WithHint).hint;
    if (typeof hint === 'string') return { lines: [err.message, hint], code: EXIT.failure };
    const lines = [`neuron-kit: unexpected error: ${err.message}`];
    if (process.env.DEBUG) lines.push(err.stack ?? '');
    else lines.push('Run again with DEBUG=neuron-kit:* for details, and please report it with the command you ran.');
    return { lines, code: EXIT.failure };
  }
  return { lines: [`neuron-kit: unexpected error: ${String(err)}`], code: EXIT.failure };
}
