import { STRUCTURE } from './params.js';

/**
 * A filtered rate of pre → post coincidences (Hz): how much two cells fire together. It rises by
 * 1/τ at each coincidence and decays with τ = STRUCTURE.coincidenceTauMs at every slow tick.
 */
export interface Coincidences {
  coincidenceHz: number;
}

/** Counts one coincidence into the filtered rate. */
export function addCoincidence(c: Coincidences): void {
  c.coincidenceHz += 1000 / STRUCTURE.coincidenceTauMs;
}

/** Decay factor of the coincidence rate over `ms` of fast time. */
export function coincidenceDecay(ms: number): number {
  return Math.exp(-ms / STRUCTURE.coincidenceTauMs);
}
