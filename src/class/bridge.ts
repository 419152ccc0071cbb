import type { Exhibit } from '../exhibit/index.js';
import type { ModelEvent } from '../model/index.js';
import type { Runtime } from '../runtime/runtime.js';
import { deliveryTime } from './clock-offset.js';
import type { ClassLink, RemoteSpike } from './link.js';
import { parseRemoteNeuron } from './topics.js';
import type { StateMessage } from './messages.js';
import { direction } from '../story/strength.js';
import { mainCause, relativeOf } from '../story/view.js';

/** How often a kit publishes the state of its remote synapses for the class view, board ms. */
export const STATE_EVERY_MS = 1000;

export interface BridgeCounters {
  /** Spikes delivered on time (at send time + axonal delay). */
  delivered: number;
  /** Spikes that arrived after their due time (or before any clock exchange) and were delivered at once. */
  late: number;
  /** Spikes of neurons no remote input of this exhibit listens to. */
  unrouted: number;
}

/** The kits an exhibit receives spikes from. */
export function kitsHeardBy(exhibit: Exhibit): string[] {
  return [...new Set(exhibit.remote.map((r) => parseRemoteNeuron(r.from)!.kit))];
}

/**
 * Joins a running exhibit to its class: spikes of the exhibit's published neurons go out stamped with
 * the moment they happened on the board; spikes from other kits arrive at the sender's time + the
 * axon's delay and fire the remote neuron there, so spike-timing plasticity sees the order they had.
 *
 * On the wire a kit's time is its host's monotonic clock (`hostNow`), not its board's: a board's clock
 * starts again at every reconnect, which would spoil every other kit's measured offset. A spike's board
 * time is carried over exactly (host now − (board now − spike time)), so what the board measured
 * survives, and arrivals are turned back into board time the same way.
 */
export function bridgeToClass(runtime: Runtime, link: ClassLink, hostNow: () => number = () => performance.now()): { counters: BridgeCounters; stop(): void } {
  const exhibit = runtime.exhibit;
  const counters: BridgeCounters = { delivered: 0, late: 0, unrouted: 0 };
  const publishes = new Set(exhibit.publish);
  const delays = new Map(exhibit.remote.map((r) => [r.from, r.delayMs]));
  // The model's time (on an exhibit with several boards, a board's time plus its offset).
  const clock = runtime.clock;
  const cancels = new Set<() => void>();
  let stopped = false;
  let cancelState = () => {};

  const onModel = (e: ModelEvent) => {
    if (e.kind === 'spike' && publishes.has(e.neuron)) link.publishSpike(e.neuron, hostNow() - (clock.now() - e.tMs));
  };
  const onSpike = (s: RemoteSpike) => {
    const id = `${s.kit}/${s.neuron}`;
    const delayMs = delays.get(id);
    if (delayMs === undefined || stopped) return void (counters.unrouted += 1);
    const nowMs = clock.now();
    const sentBoardMs = s.localMs === null ? null : nowMs - (hostNow() - s.localMs);
    const { atMs, late } = sentBoardMs === null ? { atMs: nowMs, late: true } : deliveryTime(sentBoardMs, delayMs, nowMs);
    if (late) counters.late += 1;
    else counters.delivered += 1;
    const cancel = clock.schedule(atMs, () => {
      cancels.delete(cancel);
      if (!stopped) runtime.remoteSpike(id, Math.max(atMs, runtime.model.nowMs));
    });
    cancels.add(cancel);
  };
  const publishState = () => {
    if (stopped) return;
    const synapses: StateMessage['synapses'] = {};
    // What this kit's own strip shows of each: the story's one quantity, against the same reference.
    const story = runtime.model.storyView();
    for (const r of exhibit.remote) {
      const id = `${r.from}->${r.to}`;
      const s = story.synapses[id]!;
      const relative = relativeOf(s);
      const d = direction(relative);
      const cause = d === 'same' ? null : mainCause(s.causes, null, d === 'stronger' ? 1 : -1)?.cause ?? null;
      synapses[id] = { efficacy: s.efficacy, exists: s.exists, reference: s.reference, direction: d, ...(cause ? { cause } : {}) };
    }
    link.publishState({ t: hostNow(), synapses });
    cancelState = clock.schedule(clock.now() + STATE_EVERY_MS, publishState);
  };
  runtime.on('model', onModel);
  link.on('spike', onSpike);
  if (exhibit.remote.length > 0) publishState();
  return {
    counters,
    stop() {
      stopped = true;
      runtime.off('model', onModel);
      link.off('spike', onSpike);
      cancelState();
      for (const c of cancels) c();
      cancels.clear();
    },
  };
}
