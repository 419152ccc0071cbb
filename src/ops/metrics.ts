import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { EventSink, OpsEvent } from './events.js';
import type { ExhibitProbe } from './probe.js';

/** Press → LED latency buckets, seconds: a frame is 10 ms, a visitor notices about 100 ms. */
const LATENCY_BUCKETS_S = [0.005, 0.01, 0.015, 0.02, 0.03, 0.05, 0.1, 0.2, 0.5, 1];

/**
 * The exhibit's Prometheus metrics (prom-client, its own registry: nothing global), fed by the
 * event stream and read from the probe when scraped.
 */
export class ExhibitMetrics implements EventSink {
  readonly registry = new Registry();
  private readonly sessions: Counter;
  private readonly presses: Counter<'button'>;
  private readonly reconnects: Counter;
  private readonly reboots: Counter;
  private readonly errors: Counter<'what'>;
  private readonly resets: Counter;
  private readonly latency: Histogram;
  private readonly reported = { sent: 0, shown: 0, corrupted: 0 };

  constructor(probe: ExhibitProbe, wallMs: () => number = () => performance.now()) {
    const registers = [this.registry];
    new Gauge({ name: 'neuron_kit_uptime_seconds', help: 'Seconds since the exhibit started.', registers, collect() { this.set((wallMs() - probe.startedWallMs) / 1000); } });
    new Gauge({ name: 'neuron_kit_board_connected', help: '1 while a board runs the exhibit, 0 while it is away.', registers, collect() { this.set(probe.connected ? 1 : 0); } });
    new Gauge({
      name: 'neuron_kit_model_speed_ratio', help: 'Board (model) seconds per wall second since the last scrape: 1 keeps up with real time.', registers,
      collect() {
        const s = probe.modelSpeed();
        if (s !== null) this.set(s);
      },
    });
    new Gauge({
      name: 'neuron_kit_last_frame_age_seconds', help: 'Seconds since the loop last drew an LED frame.', registers,
      collect() {
        const age = probe.lastFrameAgeMs();
        if (age !== null) this.set(age / 1000);
      },
    });
    const reported = this.reported;
    const frameCounter = (name: string, help: string, pick: 'sent' | 'shown' | 'corrupted') => new Counter({
      name, help, registers,
      collect() {
        const total = probe.frameTotals()[pick];
        // Totals only grow; the counter follows them by the difference since the last scrape.
        if (total !== null && total > reported[pick]) {
          this.inc(total - reported[pick]);
          reported[pick] = total;
        }
      },
    });
    frameCounter('neuron_kit_frames_sent_total', 'LED frames the link sent to the board.', 'sent');
    frameCounter('neuron_kit_frames_shown_total', 'Frames the LEDs latched as meant (the twin: decoded from the data pin).', 'shown');
    frameCounter('neuron_kit_frames_corrupted_total', 'Frames the LEDs latched differently from what was sent (must stay 0).', 'corrupted');
    this.sessions = new Counter({ name: 'neuron_kit_sessions_total', help: 'Visitor sessions begun.', registers });
    this.presses = new Counter({ name: 'neuron_kit_presses_total', help: 'Button presses (debounced), by button.', labelNames: ['button'], registers });
    this.reconnects = new Counter({ name: 'neuron_kit_reconnects_total', help: 'Times the board went away (a pulled cable, a brown-out); the exhibit then keeps trying to reconnect.', registers });
    this.reboots = new Counter({ name: 'neuron_kit_board_reboots_total', help: 'Times the board restarted under the open line (its watchdog, a brown-out, its reset button) and was set up again.', registers });
    this.errors = new Counter({ name: 'neuron_kit_errors_total', help: 'Faults the exhibit survived, by part (web, log, board, watchdog…).', labelNames: ['what'], registers });
    this.resets = new Counter({ name: 'neuron_kit_resets_total', help: 'Times the exhibit eased back to its starting state.', registers });
    this.latency = new Histogram({ name: 'neuron_kit_press_to_led_seconds', help: 'Button press (pin edge) to the first LED frame showing it (the twin only).', buckets: LATENCY_BUCKETS_S, registers });
  }

  logEvent(event: OpsEvent): void {
    if (event.kind === 'press') this.presses.inc({ button: event.button });
    else if (event.kind === 'session-start') this.sessions.inc();
    else if (event.kind === 'reconnect') this.reconnects.inc();
    else if (event.kind === 'fault') {
      this.errors.inc({ what: event.what });
      if (event.what === 'reboot') this.reboots.inc();
    }
    else if (event.kind === 'reset') this.resets.inc();
    else if (event.kind === 'checkpoint' && !event.ok) this.errors.inc({ what: 'checkpoint' });
  }

  observeLatencyMs(ms: number): void {
    this.latency.observe(ms / 1000);
  }

  /** The Prometheus text exposition. */
  async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
