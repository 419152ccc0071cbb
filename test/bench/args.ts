import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readExhibit, type Exhibit } from '../../src/exhibit/index.js';

/** The command line of a bench script: `--name value` flags and `--json`. */
export const args = process.argv.slice(2);

/** The value after `--name`, or undefined. */
export function flag(name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

/** The exhibit `--exhibit FILE` names, or the default exhibit (bench scripts run from dist/test/bench). */
export function benchExhibit(): Exhibit {
  const root = join(import.meta.dirname, '..', '..', '..');
  return readExhibit(JSON.parse(readFileSync(flag('exhibit') ?? join(root, 'exhibits', 'default.json'), 'utf8')));
}
