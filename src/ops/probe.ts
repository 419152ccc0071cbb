import { FrameAudit } from '../link/index.js';
import { LatencyMeter } from '../runtime/latency.js';
import type { VisitorEvent } from '../runtime/runtime.js';
import type { Session } from '../runtime/session.js';
import { CountWatch } from './count-watch.js';

/** Frame counts over every connection since the exhibit started. */
export interface FrameTotals {
  sent: number;
  /** Null on a real board: what its LEDs latched cannot be seen from the host. */
  shown: number | null;
  corrupted: number | null;
}

export interface ProbeOptions {
  /** Wall clock, ms (tests pass their own). Default performance.now. */
  wallMs?: () => number;
}

interface Attached {
  session: Session;
  audit: FrameAudit | null;
  base: FrameTotals;
  detach(): void;
}

/**
 * Watches the running session (and the next one after a reconnect) for health and metrics: is a
 * board connected, is the loop drawing frames, what the link sent and the LEDs showed, press → LED
 * latencies. Only observes: it subscribes to the runtime's and the link's events and never calls in.
 */
export class ExhibitProbe {
  private readonly wallMs: () => number;
  private current: Attached | null = null;
  private totals: FrameTotals = { sent: 0, shown: null, corrupted: null };
  private lastRenderWallMs: number | null = null;
  private lastSentWallMs: number | null = null;
  private speedMark: { wallMs: number; boardMs: number } | null = null;
  /** Called with each press → LED latency, ms, as it is measured (the twin only). */
  onLatency: (ms: number) => void = () => {};
  /** Called with each press, by button. */
  onPress: (button: string) => void = () => {};
  /**
   * Called when the link or the LEDs misbehave: the firmware did not answer a fence in time (`link`),
   * or the twin's LEDs latched a frame other than the one sent (`leds`). At most once a minute per
   * part, with the count since the last call, so a failing board cannot flood the log.
   */
  onFault: (what: 'link' | 'leds', message: string) => void = () => {};
  private readonly faultWatch = { link: new CountWatch(), leds: new CountWatch() };
  readonly startedWallMs: number;

  constructor(options: ProbeOptions = {}) {
    this.wallMs = options.wallMs ?? (() => performance.now());
    this.startedWallMs = this.wallMs();
  }

  /** Starts watching `session` (the previous one, if any, is let go). */
  attach(session: Session): void {
    this.detach();
    const { runtime, side } = session;
    // Attached to a running exhibit (on several boards, once the last board is up): frames the link
    // sent before may still latch. It keeps at most one frame unacknowledged, so two at the most.
    const audit = side.leds.observed ? new FrameAudit(runtime.link, (l) => side.leds.onFrame(l), 2) : null;
    const meter = side.edges ? new LatencyMeter(runtime, side.edges, side.leds) : null;
    const onFrame = () => {
      this.lastRenderWallMs = this.wallMs();
      this.watchFaults('link', runtime.link.stats.fenceTimeouts, (n) => `the board did not acknowledge ${n} frame${n === 1 ? '' : 's'} in time`);
      if (audit) this.watchFaults('leds', audit.counts.framesCorrupted, (n) => `${n} LED frame${n === 1 ? '' : 's'} latched differently from what was sent`);
      // The meter keeps every latency; hand them on and forget them, or months of presses pile up.
      if (meter && meter.latenciesMs.length) for (const ms of meter.latenciesMs.splice(0)) this.onLatency(ms);
    };
    const onSent = () => {
      this.lastSentWallMs = this.wallMs();
    };
    const onVisitor = (e: VisitorEvent) => {
      if (e.kind === 'press') this.onPress(e.target);
    };
    const onStopped = () => this.detach();
    // Counts start again with each connection.
    this.faultWatch.link.reset();
    this.faultWatch.leds.reset();
    runtime.on('frame', onFrame);
    runtime.on('visitor', onVisitor);
    runtime.link.on('sent', onSent);
    runtime.once('stopped', onStopped);
    this.speedMark = { wallMs: this.wallMs(), boardMs: session.kit.clock.now() };
    this.current = {
      session,
      audit,
      base: { ...this.totals },
      detach: () => {
        runtime.off('frame', onFrame);
        runtime.off('visitor', onVisitor);
        runtime.link.off('sent', onSent);
        runtime.off('stopped', onStopped);
      },
    };
  }

  private watchFaults(what: 'link' | 'leds', count: number, say: (n: number) => string): void {
    const grown = this.faultWatch[what].update(count, this.wallMs());
    if (grown !== null) this.onFault(what, say(grown));
  }

  /** Stops watching the current session, keeping its counts in the totals. */
  detach(): void {
    if (!this.current) return;
    this.totals = this.frameTotals();
    this.current.detach();
    this.current = null;
    this.speedMark = null;
  }

  get connected(): boolean {
    return this.current !== null;
  }

  get session(): Session | null {
    return this.current?.session ?? null;
  }

  frameTotals(): FrameTotals {
    const c = this.current;
    if (!c) return { ...this.totals };
    const sent = c.base.sent + c.session.runtime.link.stats.framesSent;
    if (!c.audit) return { sent, shown: c.base.shown, corrupted: c.base.corrupted };
    return { sent, shown: (c.base.shown ?? 0) + c.audit.counts.framesShown, corrupted: (c.base.corrupted ?? 0) + c.audit.counts.framesCorrupted };
  }

  /** Wall ms since the loop last drew a frame (null before the first). */
  lastFrameAgeMs(): number | null {
    return this.lastRenderWallMs === null ? null : this.wallMs() - this.lastRenderWallMs;
  }

  /** Wall ms since the link last sent a frame to the LEDs (null before the first: nothing changed yet). */
  lastSentAgeMs(): number | null {
    return this.lastSentWallMs === null ? null : this.wallMs() - this.lastSentWallMs;
  }

  /**
   * Board seconds per wall second since the last call (or since the session began): 1 when the
   * exhibit keeps up with real time, less when the host (or the twin) falls behind. Null when no
   * board is connected or no wall time has passed.
   */
  modelSpeed(): number | null {
    const s = this.current?.session;
    if (!s || !this.speedMark) return null;
    const now = { wallMs: this.wallMs(), boardMs: s.kit.clock.now() };
    const dWall = now.wallMs - this.speedMark.wallMs;
    if (dWall <= 0) return null;
    const speed = (now.boardMs - this.speedMark.boardMs) / dWall;
    this.speedMark = now;
    return speed;
  }
}
