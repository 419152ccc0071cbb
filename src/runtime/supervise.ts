import createDebug from 'debug';
import { abortableDelay, BoardError } from '../board/index.js';
import { summarise } from './latency.js';
import { chooseBoard, openExhibition, runConnection, type ConnectionRun, type RunResult, type SessionOptions } from './session.js';

const log = createDebug('neuron-kit:supervise');

/**
 * Wall-clock wait between attempts to reach a board that went away. Short, so that the LEDs are back
 * within 3 s of the board coming back (a failed attempt on a missing port costs nothing; a re-plugged
 * Arduino that is still enumerating fails fast and is tried again).
 */
export const RECONNECT_DELAY_MS = 500;

/** The fault's message when the board restarted under the open line. */
export const BOARD_REBOOTED_MESSAGE = 'the board restarted (its watchdog, a brown-out or its reset button); setting it up again';

export interface SuperviseOptions extends SessionOptions {
  /**
   * Told when the board went away and when an attempt to reach it again fails for a new reason,
   * before the next attempt (not at every attempt: a board can be away for hours).
   */
  onReconnecting?: (why: string) => void;
  /** How to wait between attempts (a test passes a no-op). Default: `reconnectDelayMs`, abortable. */
  wait?: () => Promise<void>;
  /** Wall-clock wait between attempts, ms. Default RECONNECT_DELAY_MS. */
  reconnectDelayMs?: number;
}


/**
 * Runs an exhibit for a museum: when the board goes away (a pulled cable, a brown-out) it keeps the
 * exhibit — its model, its visits — in memory, reconnects, and the LEDs show the exhibit again as soon
 * as the board answers; when the board restarts under the open line (its watchdog, its reset button:
 * it forgot its strips and inputs) it connects again at once, the same way; until the run's time is up (`forMs`: board time over all connections) or it
 * is aborted. The first connection must succeed (a wrong port or firmware is a setup mistake worth
 * stopping for); later failures to reach the board are retried, on the port first used (`auto` does not
 * switch to the twin while the Arduino is away). The state is checkpointed (`stateDir`) and the
 * lifecycle events raised (`onEvent`). The result covers the whole run: durations, presses, spikes,
 * frames and latencies over every connection; the strips as last shown.
 */
export async function superviseSession(options: SuperviseOptions): Promise<RunResult> {
  const wait = options.wait ?? (() => abortableDelay(options.reconnectDelayMs ?? RECONNECT_DELAY_MS, options.signal));
  const exhibition = await openExhibition(options, options.script === undefined);
  try {
    // Chosen once for the whole run (given `waitForBoard`, once the Arduino is there): a reconnect goes to the same port.
    const path = options.openBoard ? null : await chooseBoard(options.board ?? 'auto', options.waitForBoard && { ...options.waitForBoard, ...(options.signal ? { signal: options.signal } : {}) });
    const board = path ?? 'emulated';
    const totals = new Totals();
    let elapsedMs = 0;
    let lostAtWallMs: number | null = null;
    let attempts = 0;
    let lastWhy = '';
    for (;;) {
      if (options.forMs !== undefined && totals.connections > 0 && elapsedMs >= options.forMs) return totals.result(elapsedMs);
      let run: ConnectionRun;
      try {
        const remaining = options.forMs === undefined ? undefined : Math.max(0, options.forMs - elapsedMs);
        attempts++;
        const downSince = lostAtWallMs;
        const tries = attempts;
        run = await runConnection({
          ...options,
          board,
          exhibition,
          offsetMs: elapsedMs,
          ...(remaining !== undefined ? { forMs: remaining } : {}),
          onFirstFrame: (frame, openedAtMs) => {
            if (downSince === null) return;
            exhibition.raise({ type: 'reconnect', attempts: tries, downMs: Date.now() - downSince, ledsRestoredMs: frame.atMs - openedAtMs });
          },
        });
      } catch (err) {
        if (totals.connections === 0 || !(err instanceof BoardError)) throw err;
        // Stopped while the board was away: the run ends with what it did.
        if (options.signal?.aborted) return totals.result(elapsedMs);
        log('reconnect failed: %s', err.message);
        if (err.message !== lastWhy) {
          lastWhy = err.message;
          exhibition.raise({ type: 'fault', kind: 'reconnect-failed', message: err.message });
          options.onReconnecting?.(err.message);
        }
        await wait();
        if (options.signal?.aborted) return totals.result(elapsedMs);
        continue;
      }
      totals.add(run);
      elapsedMs += run.durationMs;
      if ((run.reason !== 'disconnect' && run.reason !== 'reboot') || options.signal?.aborted) return totals.result(elapsedMs);
      lostAtWallMs = Date.now();
      attempts = 0;
      if (run.reason === 'reboot') {
        // The board is still there but forgot its set-up (strips, inputs, the frame): connect again at
        // once, the same way as at start, so it is set up as it was then.
        log('board restarted; connecting again');
        lastWhy = '';
        exhibition.raise({ type: 'fault', kind: 'board-rebooted', message: BOARD_REBOOTED_MESSAGE });
        continue;
      }
      log('board disconnected; reconnecting');
      lastWhy = 'the board disconnected';
      exhibition.raise({ type: 'fault', kind: 'board-lost', message: 'the board disconnected' });
      options.onReconnecting?.('the board disconnected');
      await wait();
      if (options.signal?.aborted) return totals.result(elapsedMs);
    }
  } finally {
    if (!options.exhibition) await exhibition.close();
  }
}

/** Most press → LED latencies kept for the result's percentiles: the newest, over a season of visitors. */
const MAX_LATENCIES = 100_000;

/**
 * What the result adds up over connections, kept as running totals (a season of reconnects must not
 * keep every connection's result): one document for the whole run, the last connection's with totals.
 */
export class Totals {
  connections = 0;
  /** The newest connection's result, or null before the first. */
  last: RunResult | null = null;
  framesSent = 0;
  framesShown = 0;
  framesCorrupted = 0;
  bytesSent = 0;
  /** Bytes the line could have carried while connected. */
  capacity = 0;
  latenciesMs: number[] = [];

  add(run: ConnectionRun): void {
    this.connections++;
    this.last = run.result;
    const link = run.result.link;
    this.framesSent += link.framesSent;
    this.framesShown += link.framesShown ?? 0;
    this.framesCorrupted += link.framesCorrupted ?? 0;
    this.bytesSent += link.bytesSent;
    this.capacity += (run.durationMs / 1000) * run.lineBytesPerS;
    this.latenciesMs.push(...run.latenciesMs);
    if (this.latenciesMs.length > MAX_LATENCIES) this.latenciesMs = this.latenciesMs.slice(-MAX_LATENCIES);
  }

  result(elapsedMs: number): RunResult {
    const last = this.last!;
    if (this.connections === 1) return last;
    return {
      ...last,
      duration: elapsedMs / 1000,
      ...(last.latency ? { latency: summarise(this.latenciesMs) } : {}),
      link: {
        framesSent: this.framesSent,
        ...(last.link.framesShown !== undefined ? { framesShown: this.framesShown, framesCorrupted: this.framesCorrupted } : {}),
        bytesSent: this.bytesSent,
        utilization: this.capacity > 0 ? this.bytesSent / this.capacity : 0,
      },
    };
  }
}
