/**
 * What happens to an exhibit over its life, for a visitor log, a health page or a study. Every event is
 * one plain object, JSON-ready, with `type` and `wallMs` (the wall clock, ms since 1970 UTC). Subscribe
 * with `SessionOptions.onEvent`, or `exhibition.on(type, listener)` / `exhibition.on('event', listener)`
 * (session.exhibition, runtime.exhibition). Nothing here names or identifies a visitor.
 *
 * - `session-start` `{ session }`: the first input after the exhibit was idle. `session` counts visits
 *   since the state began (it survives restarts with the checkpoint).
 * - `session-end` `{ session, reason, dwellMs, presses }`: `reason` `idle` (no input for `idle.afterS`),
 *   `closing` (opening hours ended), `stop` (the exhibit was stopped) or `reset` (the docent reset the
 *   exhibit during the visit). `dwellMs`: board time from
 *   the visit's first input to its last (a visitor who pressed once dwelt 0 ms). `presses`: per button
 *   (neuron ids and "injury"), every button of the exhibit listed, 0 when not pressed.
 * - `reset` `{ reason }`: the exhibit went back to its starting state — `idle` (a visit ended;
 *   the LEDs ease back over `idle.restS`), `opening` (opening hours began, `hours.atOpening` "fresh"),
 *   `restart` (a checkpoint saved mid-visit, read at start, `idle.mode` "reset"), `docent` (the docent's
 *   reset, from the docent page: the LEDs ease back over `idle.restS` as after a visit).
 * - `reconnect` `{ attempts, downMs, ledsRestoredMs }`: the board came back after it went away or restarted;
 *   `downMs` wall time from losing it to its LEDs showing the exhibit again, `ledsRestoredMs` board
 *   time from opening its port to the first frame sent. The model
 *   went on where it was.
 * - `checkpoint` `{ reason, path, bytes }`: state saved — `interval`, `closing` or `stop`.
 * - `hours` `{ open }`: opening hours began (`true`) or ended (`false`).
 * - `fault` `{ kind, message }`: something went wrong and the exhibit went on — `board-lost` (the board
 *   went away; reconnecting), `board-rebooted` (the board started again under the open line — its
 *   watchdog restarted a hung firmware, a brown-out, its reset button — and forgot its set-up; connecting
 *   again at once, a `reconnect` follows), `reconnect-failed` (an attempt failed for a new reason; retrying),
 *   `checkpoint-unreadable` (the saved state could not be used: started afresh; `message` is the
 *   one log line), `checkpoint-failed` (saving failed; the next interval tries again).
 *
 * On an exhibit with several boards, `reconnect` and the board faults carry `board`: the id of the board.
 */
export type ExhibitEvent =
  | { type: 'session-start'; wallMs: number; session: number }
  | { type: 'session-end'; wallMs: number; session: number; reason: 'idle' | 'closing' | 'stop' | 'reset'; dwellMs: number; presses: Record<string, number> }
  | { type: 'reset'; wallMs: number; reason: ResetReason }
  | { type: 'reconnect'; wallMs: number; attempts: number; downMs: number; ledsRestoredMs: number; board?: string }
  | { type: 'checkpoint'; wallMs: number; reason: 'interval' | 'closing' | 'stop'; path: string; bytes: number }
  /** The exhibition went on from its saved state (`savedAtWallMs`: when it was saved; `sessions`: visits counted so far). */
  | { type: 'restored'; wallMs: number; path: string; savedAtWallMs: number; sessions: number }
  | { type: 'hours'; wallMs: number; open: boolean }
  | { type: 'fault'; wallMs: number; kind: 'board-lost' | 'board-rebooted' | 'reconnect-failed' | 'checkpoint-unreadable' | 'checkpoint-failed'; message: string; board?: string };

/** Why the exhibit went back to its starting state (see `reset` above). */
export type ResetReason = 'idle' | 'opening' | 'restart' | 'docent';

export type ExhibitEventType = ExhibitEvent['type'];
/** The event of one type. */
export type ExhibitEventOf<T extends ExhibitEventType> = Extract<ExhibitEvent, { type: T }>;
/** An event as it is raised, before the time is stamped on it. */
export type ExhibitEventInit = ExhibitEvent extends infer E ? (E extends ExhibitEvent ? Omit<E, 'wallMs'> : never) : never;
