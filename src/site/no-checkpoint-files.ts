import type * as CheckpointFiles from '../runtime/checkpoint-files.js';

/**
 * What the site's bundle has in place of the exhibition's checkpoint files (scripts/build-site.mjs):
 * a page keeps no saved state, so its exhibitions are made without a state directory and none of
 * these is reached. Each fails loudly should one be, rather than quietly losing a visit.
 */
function noFiles(): never {
  throw new Error('The site keeps no saved state: an exhibition in the browser has no state directory.');
}

export const modelFingerprint: typeof CheckpointFiles.modelFingerprint = noFiles;
export const checkpointPath: typeof CheckpointFiles.checkpointPath = noFiles;
export const setAside: typeof CheckpointFiles.setAside = async () => noFiles();
export const readCheckpoint: typeof CheckpointFiles.readCheckpoint = async () => noFiles();
export const writeCheckpoint: typeof CheckpointFiles.writeCheckpoint = async () => noFiles();
