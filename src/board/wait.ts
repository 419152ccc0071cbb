import { existsSync } from 'node:fs';
import createDebug from 'debug';
import { BoardError } from './errors.js';
import { listPorts, type PortInfo } from './ports.js';

const log = createDebug('neuron-kit:board:wait');

/** How often the ports are listed while waiting for an Arduino, wall ms: a plugged board is seen within a second. */
export const BOARD_POLL_MS = 1000;
/** How often a wait is reported again after the first time, wall ms. */
export const WAITING_REPORT_MS = 60_000;

/** Stopped (Ctrl-C, the service stopping) while still waiting for a board: to be plugged in, or to answer. */
export class StoppedWaitingError extends BoardError {
  /** @param what what was waited for, e.g. "the Arduino" or "the board to answer" */
  constructor(readonly waitedMs: number, what = 'the Arduino') {
    super(`Stopped while waiting for ${what}`, 'Start the exhibit again once the board is plugged in.');
  }
}

export interface BoardWaitOptions {
  /** Told when the wait starts (`waitedMs` 0) and every {@link WAITING_REPORT_MS} after, with the ports seen last. */
  onWaiting?: (waitedMs: number, portsSeen: readonly string[]) => void;
  /** Lists the serial ports (tests inject one). Default {@link listPorts}. */
  listPorts?: () => Promise<PortInfo[]>;
  /** Waits `ms` of wall time or until `signal` aborts (tests inject one on simulated time). Default: a timer. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
}

/** Waits `ms`, or less when `signal` aborts; leaves no listener on the signal either way. */
export function abortableDelay(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Waits until a likely Arduino is plugged in and returns its port path: a museum PC whose USB
 * enumerates late, or a board plugged in after the exhibit started, still drives the real LEDs.
 *
 * @throws StoppedWaitingError when `signal` aborts first
 */
export function waitForArduino(options: BoardWaitOptions = {}): Promise<string> {
  return pollPorts((ports) => ports.find((p) => p.likelyArduino)?.path ?? null, options);
}

/**
 * Waits until the port at `path` exists (a /dev/serial/by-id/… link appears only once the board
 * has enumerated) and returns it.
 *
 * @throws StoppedWaitingError when `signal` aborts first
 */
export function waitForPort(path: string, options: BoardWaitOptions & { exists?: (path: string) => boolean } = {}): Promise<string> {
  const exists = options.exists ?? existsSync;
  return pollPorts(() => (exists(path) ? path : null), options);
}

/** Lists the ports every {@link BOARD_POLL_MS} until `pick` finds the one wanted, reporting the wait. */
async function pollPorts(pick: (ports: PortInfo[]) => string | null, options: BoardWaitOptions): Promise<string> {
  const list = options.listPorts ?? listPorts;
  const sleep = options.sleep ?? abortableDelay;
  let waitedMs = 0;
  let nextReportMs = 0;
  for (;;) {
    if (options.signal?.aborted) throw new StoppedWaitingError(waitedMs);
    // A listing that fails once (udev busy while a board enumerates) is no reason to stop waiting.
    const ports = await list().catch((err: unknown) => {
      log('listing the ports failed: %s', err instanceof Error ? err.message : String(err));
      return [] as PortInfo[];
    });
    const found = pick(ports);
    if (found !== null) {
      log('found %s after %d ms', found, waitedMs);
      return found;
    }
    if (waitedMs >= nextReportMs) {
      options.onWaiting?.(waitedMs, ports.map((p) => p.path));
      nextReportMs = waitedMs + WAITING_REPORT_MS;
    }
    await sleep(BOARD_POLL_MS, options.signal);
    waitedMs += BOARD_POLL_MS;
  }
}
