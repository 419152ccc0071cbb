import { createHash } from 'node:crypto';
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { Exhibit } from '../exhibit/types.js';
import { networkSpec } from './exhibit-model.js';

export { readCheckpoint, writeCheckpoint } from '../state/checkpoint.js';

/**
 * What identifies an exhibit's model: a hash of its network (neurons, synapses, candidates, rates) and
 * time-lapse. Labels, pixels, pins and the rest may change and a saved model still fits.
 */
export function modelFingerprint(exhibit: Exhibit): string {
  return createHash('sha256').update(JSON.stringify({ network: networkSpec(exhibit), compression: exhibit.compression })).digest('hex').slice(0, 16);
}

/** The checkpoint file of an exhibit in `dir`: named after the exhibit. */
export function checkpointPath(dir: string, exhibit: Exhibit): string {
  const slug = exhibit.name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64) || 'exhibit';
  return join(dir, `${slug}.checkpoint`);
}

/** Moves an unusable checkpoint out of the way (kept as `….unreadable` for whoever looks into it). */
export async function setAside(path: string): Promise<void> {
  await rename(path, `${path}.unreadable`).catch(() => {});
}
