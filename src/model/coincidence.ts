import { STRUCTURE } from './params.js';

/** A filtered rate of pre → post coincidences (Hz), decayed lazily: how much two cells fire together. */
export interface Coincidences {
  coincidenceHz: number;
  lastCoincidenceMs: number;
}

/** The coincidence rate (Hz) at fast time `t`, decayed since the last coincidence. */
export function coincidenceRateHz(c: Coincidences, t: number): number {
  return c.coincidenceHz * Math.exp(-(t - c.lastCoincidenceMs) / STRUCTURE.coincidenceTauMs);
}

/** Counts one coincidence at fast time `t` into the filtered rate. */
export function addCoincidence(c: Coincidences, t: number): void {
  c.coincidenceHz = coincidenceRateHz(c, t) + 1000 / STRUCTURE.coincidenceTauMs;
  c.lastCoincidenceMs = t;
}
