import type { ModelEvent } from '../model/index.js';

/** How the exhibit animates (board milliseconds, pixels). */
export const ANIMATION = {
  /** Action potentials run along axons at a speed a visitor can follow. */
  pixelsPerSecond: 40,
  /** Pixels of fading tail behind a travelling action potential. */
  tailPixels: 2,
  somaFlashMs: 150,
  /** A synapse lights up for this long when an action potential arrives (brightness ∝ response). */
  synapseFlashMs: 200,
  /** A pruned synapse fades out over this time; a new one grows in pixel by pixel over `growMs`. */
  fadeMs: 1500,
  growMs: 2000,
  /** Spikes older than this no longer show anywhere. */
  keepMs: 5000,
} as const;

export interface SpikeMark {
  neuron: string;
  tMs: number;
}

export interface ResponseMark {
  synapse: string;
  tMs: number;
  amplitude: number;
}

/**
 * What the renderer needs to remember beyond the model's state: recent spikes and responses, and
 * when synapses were pruned or formed. Fed with model events stamped with board time; pure data.
 */
export class Animation {
  readonly spikes: SpikeMark[] = [];
  readonly responses: ResponseMark[] = [];
  /** When each synapse was pruned, and how many contacts it had just before. */
  readonly pruned = new Map<string, { tMs: number; contacts: number }>();
  readonly formed = new Map<string, number>();

  /** Records a model event at board time `tMs` (the runtime maps the model's clock to the board's). */
  record(event: ModelEvent, tMs: number): void {
    if (event.kind === 'spike') this.spikes.push({ neuron: event.neuron, tMs });
    else if (event.kind === 'pruned') this.pruned.set(event.synapse, { tMs, contacts: Math.max(1, event.contacts) });
    else if (event.kind === 'formed') this.formed.set(event.synapse, tMs);
  }

  /** Records the response one action potential caused at a synapse (its size shows as a flash). */
  respond(synapse: string, tMs: number, amplitude: number): void {
    this.responses.push({ synapse, tMs, amplitude });
  }

  /** Forgets spikes and responses too old to show. */
  forget(nowMs: number): void {
    const cutoff = nowMs - ANIMATION.keepMs;
    drop(this.spikes, cutoff);
    drop(this.responses, cutoff);
  }
}

function drop(list: Array<{ tMs: number }>, cutoff: number): void {
  let n = 0;
  while (n < list.length && list[n]!.tMs < cutoff) n++;
  if (n > 0) list.splice(0, n);
}
