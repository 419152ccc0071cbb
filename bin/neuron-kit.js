#!/usr/bin/env node
// The CLI is compiled from src/cli by `npm run build` (run by `npm install` through `prepare`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('neuron-kit is not built yet: run `npm install` (or `npm run build`) in the project folder.\n');
  process.exit(1);
}
// A closed pipe on stdout is a quiet exit; an error nobody caught prints one line and exits 1.
const { guardProcess } = await import(new URL('../dist/src/cli/guard.js', import.meta.url).href);
guardProcess();
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
