import type { EventSink, OpsEvent } from './events.js';
import type { BoardStatus } from '../runtime/boards.js';
import type { ExhibitProbe } from './probe.js';

/** The loop counts as alive while it drew a frame this recently (it draws one every 10 ms of board time). */
export const FRAME_STALE_MS = 2000;

export type SessionState = 'visitor' | 'idle' | 'unknown';

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
  /** `unknown` until the exhibit reports its first visitor session. */
  session: { state: SessionState; sessions: number };
  reconnects: number;
  faults: number;
  log: { degraded: boolean; linesDropped: number } | null;
}

/** Answers "is the exhibit alive?" for /healthz and the service watchdog. */
export class HealthProbe implements EventSink {
  private state: SessionState = 'unknown';
  private sessions = 0;
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
    if (event.kind === 'session-start') {
      this.state = 'visitor';
      this.sessions++;
    } else if (event.kind === 'session-end') this.state = 'idle';
    else if (event.kind === 'reconnect') this.reconnects++;
    else if (event.kind === 'fault') this.faults++;
  }

  /** Alive: a board is connected and the loop drew a frame within FRAME_STALE_MS. */
  alive(): boolean {
    const age = this.probe.lastFrameAgeMs();
    return this.probe.connected && age !== null && age < FRAME_STALE_MS;
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
      session: { state: this.state, sessions: this.sessions },
      reconnects: this.reconnects,
      faults: this.faults,
      log: log ? { degraded: log.degraded, linesDropped: log.linesDropped } : null,
    };
  }
}

function round(ms: number | null): number | null {
  return ms === null ? null : Math.round(ms);
}
