#!/usr/bin/env node
// Writes the validation report (docs/validation/*.svg) from the model. Runs the compiled code:
// `npm run figures` builds first. test/validation/figures.test.ts fails when a committed figure is stale.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { validationFigures } = await import(new URL(`file://${join(root, 'dist', 'src', 'validation', 'figures.js')}`).href);
const dir = join(root, 'docs', 'validation');
mkdirSync(dir, { recursive: true });
for (const figure of validationFigures()) {
  writeFileSync(join(dir, figure.name), figure.svg);
  process.stdout.write(`wrote docs/validation/${figure.name}\n`);
}
