#!/usr/bin/env node
// Regenerates the committed wiring documents (hardware/wiring/*.md and *.svg) from the exhibit configs.
// Runs the compiled code, so build first: `npm run build && node scripts/generate-hardware.mjs`.
// test/hardware/generated.test.ts fails when a committed file differs from what this writes.
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist', 'src');
if (!existsSync(join(dist, 'hardware', 'index.js'))) {
  process.stderr.write('dist/ is missing: run `npm run build` first.\n');
  process.exit(1);
}
const { loadExhibit } = await import(new URL(`file://${join(dist, 'exhibit', 'index.js')}`).href);
const { wiringFiles, wiringSources, WIRING_DIR } = await import(new URL(`file://${join(dist, 'hardware', 'index.js')}`).href);
const { writeFilesTogether } = await import(new URL(`file://${join(dist, 'state', 'atomic-write.js')}`).href);

const written = new Set();
for (const source of wiringSources(root)) {
  const exhibit = await loadExhibit(join(root, source.exhibit));
  const files = wiringFiles(exhibit, source);
  mkdirSync(join(root, WIRING_DIR), { recursive: true });
  // An exhibit's Markdown and SVG are written together: never a new table beside an old diagram.
  await writeFilesTogether(files.map((file) => ({ path: join(root, file.path), data: file.text })));
  for (const file of files) {
    written.add(file.path);
    process.stdout.write(`wrote ${file.path}\n`);
  }
}
// Wiring of an exhibit that no longer exists would be stale forever: remove it.
for (const name of readdirSync(join(root, WIRING_DIR))) {
  const path = `${WIRING_DIR}/${name}`;
  if (!written.has(path) && /\.(md|svg)$/.test(name)) {
    rmSync(join(root, path));
    process.stdout.write(`removed ${path}\n`);
  }
}
