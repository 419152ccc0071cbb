import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's root folder (holding package.json), whether running from src/ or from dist/. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'neuron-kit') return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the neuron-kit package folder');
    dir = up;
  }
}

/** A file shipped with the package (bundled exhibits, protocols, firmware). */
export function bundled(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}

/** The version in the package's package.json. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
