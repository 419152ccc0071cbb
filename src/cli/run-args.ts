import { parseDurationMs } from '../protocol/duration.js';
import { UsageError } from './errors.js';

/** A TCP port from the command line (`fallback` when not given); 0 picks a free one. */
export function parsePort(text: string | undefined, fallback: number, flag = '--port'): number {
  const port = text === undefined ? fallback : Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`${flag} must be a whole number 0–65535, got "${text}"`);
  return port;
}

/** `--board`, `--fast` and `--for` of the commands that run an exhibit: the board to use and how long, board ms. */
export function parseBoardAndDuration(opts: { board?: string; fast?: boolean; for?: string }): { board: string; forMs?: number } {
  const board = opts.board ?? 'auto';
  if (opts.fast && board !== 'emulated') throw new UsageError('--fast needs --board emulated: only the emulated board can run faster than real time.');
  if (opts.for === undefined) return { board };
  const d = parseDurationMs(/^\d+(\.\d+)?$/.test(opts.for) ? Number(opts.for) : opts.for);
  if ('error' in d || !(d.ms > 0)) throw new UsageError(`--for ${'error' in d ? d.error : 'must be longer than 0'}`, 'Give a board time like 60s, 5min or 90.');
  return { board, forMs: d.ms };
}
