/**
 * How many cases a fuzzer runs. `npm test` runs a fifth of each fuzzer's full count, enough to catch a
 * validator that lets through what cannot run; `npm run test:deep` (and CI) runs the full count, which
 * takes minutes. The seeds are fixed either way, so a failure repeats.
 */
export const DEEP = process.env.npm_lifecycle_event === 'test:deep' || process.env.NEURON_KIT_DEEP === '1';

export function cases(full: number): number {
  return DEEP ? full : Math.ceil(full / 5);
}
