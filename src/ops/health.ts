import type { EventSink, OpsEvent } from './events.js';
import type { BoardStatus } from '../runtime/boards.js';
import type { ExhibitProbe } from './probe.js';
import type { Exhibition, Phase } from '../runtime/exhibition.js';

/** The loop counts as alive while it drew a frame this recently (it draws one every 10 ms of board time). */
export const FRAME_STALE_MS = 2000;

/**
 * Where the exhibit is in its round of visits: a visitor is there (`visitor`), the LEDs are easing back
 * after one (`rest`), it waits with its attract demo (`idle`), outside opening hours (`closed`); or
 * `unknown` when no board has connected yet, or this run does not track visits (one driven by a script).
 */
export type SessionState = 'visitor' | 'rest' | 'idle' | 'closed' | 'unknown';

const STATE_OF_PHASE: Readonly<Record<Phase, SessionState>> = { session: 'visitor', rest: 'rest', idle: 'idle', closed: 'closed' };

/** The `/healthz` document. */
export interface HealthReport {
  ok: boolean;
  uptimeS: number;
  board: { connected: boolean; port: string | null; firmware: { name: string; version: string } | null };
  /**
   * An exhibit on several boards: each board, in the exhibit's order (`board` above is then the one
   * the loop is watched on). `ok` is false while any of them is away.
   */
  boards?: Array<{ id: string; connected: boolean; port: string; firmware: { name: string; version: string } | null; connections: number }>;
  /** Wall ms since the loop drew a frame; since the link last sent one (null: nothing changed yet). */
  lastFrameAgeMs: number | null;
  lastFrameSentAgeMs: number | null;
  session: { state: SessionState; sessions: number };
  reconnects: number;
  faults: number;
  log: { degraded: boolean; linesDropped: number } | null;
}

/** Answers "is the exhibit alive?" for /healthz and the service watchdog. */
export class HealthProbe implements EventSink {
  private sessions = 0;
  /** The exhibition last seen on a connected board: it goes on while the board is away. */
  private exhibition: Exhibition | null = null;
  private reconnects = 0;
  private faults = 0;
  /** Set for an exhibit on several boards (ExhibitOps.watchBoards). */
  boards: (() => readonly BoardStatus[]) | null = null;

  constructor(
    private readonly probe: ExhibitProbe,
    private readonly logStats: () => { degraded: boolean; linesDropped: number } | null = () => null,
    private readonly wallMs: () => number = () => performance.now(),
  ) {}

  logEvent(event: OpsEvent): void {
    if (event.kind === 'session-start') this.sessions++;
    else if (event.kind === 'reconnect') this.reconnects++;
    else if (event.kind === 'fault') this.faults++;
  }

  /** Alive: a board is connected and the loop drew a frame within FRAME_STALE_MS. */
  alive(): boolean {
    const age = this.probe.lastFrameAgeMs();
    return this.probe.connected && age !== null && age < FRAME_STALE_MS;
  }

  /** Read from the exhibition itself, which outlives a pulled cable. */
  private sessionState(): SessionState {
    this.exhibition = this.probe.session?.exhibition ?? this.exhibition;
    return this.exhibition?.lifecycle ? STATE_OF_PHASE[this.exhibition.phase] : 'unknown';
  }

  report(): HealthReport {
    const s = this.probe.session;
    const log = this.logStats();
    const boards = this.boards?.().map((b) => ({ id: b.id, connected: b.session !== null, port: b.label, firmware: b.session ? (b.session.kit.kit ?? b.session.kit.firmware) : null, connections: b.connections }));
    return {
      ok: this.alive() && (boards ?? []).every((b) => b.connected),
      ...(boards ? { boards } : {}),
      uptimeS: Math.round((this.wallMs() - this.probe.startedWallMs) / 100) / 10,
      board: { connected: this.probe.connected, port: s?.boardLabel ?? null, firmware: s ? (s.kit.kit ?? s.kit.firmware) : null },
      lastFrameAgeMs: round(this.probe.lastFrameAgeMs()),
      lastFrameSentAgeMs: round(this.probe.lastSentAgeMs()),
      // Visits in all, the saved ones included: the exhibition's own count when it keeps one.
      session: { state: this.sessionState(), sessions: this.exhibition?.lifecycle ? this.exhibition.sessions : this.sessions },
      reconnects: this.reconnects,
      faults: this.faults,
      log: log ? { degraded: log.degraded, linesDropped: log.linesDropped } : null,
    };
  }
}

function round(ms: number | null): number | null {
  return ms === null ? null : Math.round(ms);
}
