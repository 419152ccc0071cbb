import type { BoardWaitOptions } from '../board/index.js';
import type { Exhibit } from '../exhibit/index.js';
import type { SessionOptions } from '../runtime/session.js';
import { UsageError } from './errors.js';
import type { Output } from './output.js';

export interface BoardWaitFlags {
  board: string;
  /** `--wait-for-board` (the service always passes it). */
  waitForBoard?: boolean;
  fast?: boolean;
  /** How the wait lists ports and sleeps (tests inject both). */
  boardWait?: Pick<BoardWaitOptions, 'listPorts' | 'sleep'>;
}

/**
 * Whether `run` waits for a real board — when the exhibit is built for one (`board.require`) or the
 * service says so (`--wait-for-board`) — and what it says while waiting: once, then every minute.
 * Undefined when it does not wait.
 *
 * @throws UsageError for --wait-for-board with --board emulated or --fast
 */
export function boardWait(flags: BoardWaitFlags, exhibit: Exhibit, out: Output): SessionOptions['waitForBoard'] {
  if (flags.waitForBoard && flags.board === 'emulated') throw new UsageError('--wait-for-board waits for a real Arduino: leave out --board emulated (or --wait-for-board).');
  if (flags.waitForBoard && flags.fast) throw new UsageError('--wait-for-board waits for a real Arduino, and --fast is for the emulated board only: leave out one of them.');
  if (flags.waitForBoard !== true && exhibit.board.require !== true) return undefined;
  const { board } = flags;
  const onWaiting = (waitedMs: number, portsSeen: readonly string[]) => {
    const minutes = Math.round(waitedMs / 60_000);
    if (board !== 'auto') out.error(waitedMs === 0 ? `There is no serial port ${board} yet: waiting for it to appear (Ctrl-C stops)…` : `Still waiting for ${board} (${minutes} min)…`);
    else out.error(waitedMs === 0
      ? `No Arduino found${portsSeen.length > 0 ? ` (ports seen: ${portsSeen.join(', ')})` : ''}: waiting for one to be plugged in (Ctrl-C stops)…`
      : `Still waiting for the Arduino (${minutes} min)…`);
  };
  return { ...flags.boardWait, onWaiting };
}
