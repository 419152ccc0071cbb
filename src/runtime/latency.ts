import { boardOf } from '../exhibit/types.js';
import type { InputEdges, LedView } from './board-side.js';
import type { SentFrame } from '../link/index.js';
import type { Runtime, VisitorEvent } from './runtime.js';

export interface LatencySummary {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** The p-th percentile (0–100) of sorted values, nearest rank. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function summarise(latenciesMs: readonly number[]): LatencySummary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return { count: sorted.length, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), maxMs: sorted.at(-1) ?? 0 };
}

interface Pending {
  edgeMs: number;
  pressMs: number;
  pin: number;
}

/**
 * Where input edges can be seen (the twin): for each press of a neuron's button, board time from the
 * pin's falling edge to the end of the first WS2812 frame that shows the resulting action potential
 * (specs/run.md `latency`). A frame
 * shows it when it was rendered at or after the spike; decoded frames are paired with the frames the
 * link sent, in order, per strip pin (the audit checks that they match).
 */
export class LatencyMeter {
  readonly latenciesMs: number[] = [];
  private readonly lastFallMs = new Map<number, number>();
  private readonly rendered = new Map<number, number[]>();
  private readonly pending: Pending[] = [];
  /** The strip pin showing each neuron (its soma, else its axon). */
  private readonly displayPin = new Map<string, number>();
  private readonly buttonPin = new Map<string, number>();

  constructor(runtime: Runtime, edges: InputEdges, leds: LedView) {
    const { exhibit } = runtime;
    // This board's presses and strips only: another board's pins have the same numbers.
    const mine = new Set(runtime.strips);
    for (const kind of ['axon', 'soma'] as const) {
      for (const seg of exhibit.segments) {
        if (seg.shows !== kind || !mine.has(seg.strip)) continue;
        const neuron = kind === 'soma' ? seg.of : seg.of.split('->')[0]!;
        this.displayPin.set(neuron, exhibit.strips[seg.strip]!.pin);
      }
    }
    for (const n of exhibit.neurons) if (n.button !== undefined && boardOf(n) === runtime.boardIndex) this.buttonPin.set(n.id, n.button);
    edges.onInputEdge((pin, high, atMs) => {
      if (!high) this.lastFallMs.set(pin, atMs);
    });
    runtime.on('visitor', (e: VisitorEvent) => {
      if (e.kind !== 'press') return;
      const button = this.buttonPin.get(e.target);
      const pin = this.displayPin.get(e.target);
      const edgeMs = button === undefined ? undefined : this.lastFallMs.get(button);
      if (pin !== undefined && edgeMs !== undefined) this.pending.push({ edgeMs, pressMs: e.atMs, pin });
    });
    // The link sends the newest frame it was given: the one drawn for runtime.renderedAtMs.
    runtime.link.on('sent', (sent: SentFrame) => {
      for (const s of sent.strips) {
        let q = this.rendered.get(s.pin);
        if (!q) this.rendered.set(s.pin, (q = []));
        q.push(runtime.renderedAtMs);
      }
    });
    leds.onFrame((frame) => {
      const renderMs = this.rendered.get(frame.pin)?.shift();
      if (renderMs === undefined) return;
      for (let i = 0; i < this.pending.length; ) {
        const p = this.pending[i]!;
        if (p.pin === frame.pin && renderMs >= p.pressMs) {
          this.latenciesMs.push(frame.latchedAtMs - p.edgeMs);
          this.pending.splice(i, 1);
        } else i++;
      }
    });
  }

  summary(): LatencySummary {
    return summarise(this.latenciesMs);
  }
}
