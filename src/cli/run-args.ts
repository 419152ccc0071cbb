import { exhibitBoards, type Exhibit } from '../exhibit/index.js';
import { parseDurationMs } from '../experiment/duration.js';
import { UsageError } from './errors.js';

/** A TCP port from the command line (`fallback` when not given); 0 picks a free one. */
export function parsePort(text: string | undefined, fallback: number, flag = '--port'): number {
  const port = text === undefined ? fallback : Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`${flag} must be a whole number 0–65535, got "${text}"`);
  return port;
}

/** `--board`, `--fast` and `--for` of the commands that run an exhibit: the board to use and how long, board ms. */
export function parseBoardAndDuration(opts: { board?: string | string[]; fast?: boolean; for?: string }): { board: string; forMs?: number } {
  const boards = opts.board === undefined ? ['auto'] : Array.isArray(opts.board) ? opts.board : [opts.board];
  const board = boards[0] ?? 'auto';
  if (opts.fast && boards.some((b) => b !== 'emulated')) throw new UsageError('--fast needs --board emulated: only the emulated board can run faster than real time.');
  if (opts.for === undefined) return { board };
  const d = parseDurationMs(/^\d+(\.\d+)?$/.test(opts.for) ? Number(opts.for) : opts.for);
  if ('error' in d || !(d.ms > 0)) throw new UsageError(`--for ${'error' in d ? d.error : 'must be longer than 0'}`, 'Give a board time like 60s, 5min or 90.');
  return { board, forMs: d.ms };
}

/**
 * `--board`, given once or once per board of an exhibit on several (`boards`): the choice for each of
 * its boards, in its order. An exhibit with one board takes at most one `--board` (default auto).
 *
 * @throws UsageError for a wrong count, `auto` or a port given twice on an exhibit with several boards
 */
export function parseBoards(given: string | string[] | undefined, exhibit: Pick<Exhibit, 'name' | 'board' | 'boards'>): string[] {
  const list = given === undefined ? [] : Array.isArray(given) ? given : [given];
  const boards = exhibitBoards(exhibit);
  const ids = boards.map((b) => `"${b.id}"`).join(', ');
  if (exhibit.boards === undefined) {
    if (list.length > 1) throw new UsageError(`--board is given ${list.length} times, but "${exhibit.name}" runs on one board: give --board once (an exhibit on several boards lists them in "boards", docs/exhibit.md).`);
    return [list[0] ?? 'auto'];
  }
  if (list.length === 0 && boards.length > 1) {
    throw new UsageError(`"${exhibit.name}" runs on ${boards.length} boards (${ids}): give --board once per board, in that order, e.g. --board emulated --board emulated, or --board /dev/ttyACM0 --board /dev/ttyACM1.`);
  }
  if (list.length !== boards.length && !(list.length === 0 && boards.length === 1)) {
    throw new UsageError(`--board is given ${list.length} time${list.length === 1 ? '' : 's'}, but "${exhibit.name}" runs on ${boards.length} board${boards.length === 1 ? '' : 's'} (${ids}): give one --board per board, in that order.`);
  }
  const choices = list.length === 0 ? ['auto'] : list;
  if (boards.length > 1 && choices.includes('auto')) {
    throw new UsageError(`--board auto cannot tell ${boards.length} Arduinos apart: name each board's port in the exhibit's order (${ids}), e.g. /dev/serial/by-id/… (it survives replugging), or emulated.`);
  }
  const twice = choices.find((c, i) => c !== 'emulated' && choices.indexOf(c) !== i);
  if (twice !== undefined) throw new UsageError(`--board ${twice} is given twice: each board needs its own port.`);
  return choices;
}
