import type { BoardStatus } from '../runtime/boards.js';
import type { Session } from '../runtime/session.js';
import { fanOut, type EventSink, type OpsEvent } from './events.js';
import { HealthProbe, type HealthReport } from './health.js';
import type { OpsEndpoints } from './http.js';
import { ExhibitMetrics } from './metrics.js';
import { ExhibitProbe } from './probe.js';
import { VisitorLog, type VisitorLogOptions } from './visitor-log.js';

export interface ExhibitOpsOptions {
  /** The visitor log; none when absent (`--no-log`). */
  log?: VisitorLogOptions;
  /** A sink failed on an event (a bug): told, and the other sinks still get it. */
  onSinkError?: (err: unknown) => void;
}

/**
 * Everything a running exhibit reports about itself, in one place: the visitor log, the Prometheus
 * metrics and the health probe all take the same events through `logEvent`, and watch the running
 * session through `attach`. Presses are picked up from the runtime by the probe; visitor sessions,
 * resets and checkpoints are told by whoever runs them.
 */
export class ExhibitOps implements EventSink {
  readonly probe = new ExhibitProbe();
  readonly metrics = new ExhibitMetrics(this.probe);
  readonly log: VisitorLog | null;
  readonly health: HealthProbe;
  private readonly sink: EventSink;

  constructor(options: ExhibitOpsOptions = {}) {
    this.log = options.log ? new VisitorLog(options.log) : null;
    this.health = new HealthProbe(this.probe, () => this.log?.stats() ?? null);
    this.sink = fanOut([...(this.log ? [this.log] : []), this.metrics, this.health], options.onSinkError);
    this.probe.onPress = (button) => this.logEvent({ kind: 'press', button });
    this.probe.onLatency = (ms) => this.metrics.observeLatencyMs(ms);
    this.probe.onFault = (what, message) => this.logEvent({ kind: 'fault', what, message });
  }

  logEvent(event: OpsEvent): void {
    this.sink.logEvent(event);
  }

  /** Watches a session that just started (after a reconnect, the new one). */
  attach(session: Session): void {
    this.probe.attach(session);
  }

  /** An exhibit on several boards: /healthz reports each of them, as `boards` tells. */
  watchBoards(boards: () => readonly BoardStatus[]): void {
    this.health.boards = boards;
  }

  /** What the page server answers at /healthz and /metrics. */
  readonly endpoints: OpsEndpoints = {
    health: (): HealthReport => this.health.report(),
    metrics: () => this.metrics.text(),
  };

  close(): void {
    this.probe.detach();
    this.log?.close();
  }
}
