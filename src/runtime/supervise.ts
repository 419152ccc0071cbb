import createDebug from 'debug';
import { BoardError } from '../board/index.js';
import { runSession, type EndReason, type RunResult, type SessionOptions } from './session.js';

const log = createDebug('neuron-kit:supervise');

/** Wall-clock wait before reconnecting: a re-plugged Arduino needs a moment to enumerate. */
export const RECONNECT_DELAY_MS = 2000;

export interface SuperviseOptions extends SessionOptions {
  /** Told each time the board went away or could not be reached again, before the next attempt. */
  onReconnecting?: (why: string) => void;
  /** How to wait between attempts (a test passes a no-op). Default: RECONNECT_DELAY_MS, abortable. */
  wait?: () => Promise<void>;
}

function defaultWait(signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, RECONNECT_DELAY_MS);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

/**
 * Runs an exhibit for a museum: when the board goes away (a pulled cable, a brown-out) it reconnects
 * and starts the exhibit afresh, until the run's time is up or it is aborted. The first connection
 * must succeed (a wrong port or firmware is a setup mistake worth stopping for); later failures to
 * reach the board are retried.
 */
export async function superviseSession(options: SuperviseOptions): Promise<RunResult> {
  const wait = options.wait ?? (() => defaultWait(options.signal));
  let connected = false;
  for (;;) {
    let reason: EndReason | null = null;
    try {
      const result = await runSession({
        ...options,
        onStart: (s) => {
          connected = true;
          options.onStart?.(s);
        },
        onEnd: (r) => {
          reason = r;
          options.onEnd?.(r);
        },
      });
      if (reason !== 'disconnect' || options.signal?.aborted) return result;
      log('board disconnected; reconnecting');
      options.onReconnecting?.('the board disconnected');
    } catch (err) {
      if (!connected || !(err instanceof BoardError) || options.signal?.aborted) throw err;
      log('reconnect failed: %s', err.message);
      options.onReconnecting?.(err.message);
    }
    await wait();
    if (options.signal?.aborted) throw new BoardError('Stopped while waiting for the board to come back', 'Start the exhibit again once the board is plugged in.');
  }
}
