import type { ExhibitEvent } from '../runtime/events.js';
/**
 * What the visitor log records: one event per line, nothing about who the visitor was (no address,
 * no name, no free text from the page): exhibit ids, counts and durations only.
 */
export type OpsEvent =
  /** The exhibit started on a board. */
  | { kind: 'start'; exhibit: string; board: string; firmware: string; version: string }
  /** The exhibit stopped: `reason` is time, signal or an error's one-line message. */
  | { kind: 'stop'; reason: string }
  /** A button went down (debounced, board time): a neuron id or "injury". */
  | { kind: 'press'; button: string }
  /** The board went away or could not be reached; the exhibit tries again. */
  | { kind: 'reconnect'; why: string }
  /**
   * Something went wrong that the exhibit survived (`what` names the part: web, log, watchdog, board;
   * `reboot`: the board restarted under the open line and was set up again).
   */
  | { kind: 'fault'; what: string; message: string }
  /** A visitor session began (the first input after an idle period). */
  | { kind: 'session-start' }
  /** A visitor session ended after the idle timeout. `presses` per button. */
  | { kind: 'session-end'; dwellMs: number; presses: Record<string, number> }
  /** The exhibit eased back to its starting state. */
  | { kind: 'reset'; why?: string }
  /** The model and session state were saved. */
  | { kind: 'checkpoint'; ok: boolean; ms?: number }
  /** The docent switched to another exhibit (its name), which starts next. */
  | { kind: 'switch'; exhibit: string };

export type OpsEventKind = OpsEvent['kind'];

/** Every kind, for readers that check what they are given (the report). */
export const EVENT_KINDS: readonly OpsEventKind[] = ['start', 'stop', 'press', 'reconnect', 'fault', 'session-start', 'session-end', 'reset', 'checkpoint', 'switch'];

/** Something that takes events: the visitor log, the metrics, the health probe. */
export interface EventSink {
  logEvent(event: OpsEvent): void;
}

/** Hands each event to every sink; one sink failing never keeps an event from the others. */
export function fanOut(sinks: readonly EventSink[], onSinkError: (err: unknown) => void = () => {}): EventSink {
  return {
    logEvent(event) {
      for (const s of sinks) {
        try {
          s.logEvent(event);
        } catch (err) {
          onSinkError(err);
        }
      }
    },
  };
}

/**
 * What the visitor log, metrics and health take from an exhibit's life (src/runtime/events.ts), or
 * null for what is logged elsewhere (a lost board is logged by the run as a reconnect) or not at all.
 */
export function opsEventOf(e: ExhibitEvent): OpsEvent | null {
  switch (e.type) {
    case 'session-start':
      return { kind: 'session-start' };
    case 'session-end':
      return { kind: 'session-end', dwellMs: e.dwellMs, presses: e.presses };
    case 'reset':
      return { kind: 'reset', why: e.reason };
    case 'checkpoint':
      return { kind: 'checkpoint', ok: true };
    case 'fault':
      if (e.kind === 'checkpoint-failed') return { kind: 'checkpoint', ok: false };
      if (e.kind === 'checkpoint-unreadable') return { kind: 'fault', what: 'checkpoint', message: e.message };
      if (e.kind === 'board-rebooted') return { kind: 'fault', what: 'reboot', message: e.message };
      return null;
    default:
      return null;
  }
}
