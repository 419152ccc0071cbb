import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/package-files.js';

/**
 * The import rules docs/architecture.md states, checked on the source: the command line sits on top
 * and nothing imports it; above the board seam nothing reaches into the emulator (src/board/twin.ts is
 * the one door; the browser's board in src/site and the uploader in src/flash sit below the seam); the
 * model is pure; the wire protocol stands alone, as the firmware and the browser share it.
 */
const src = join(packageRoot(), 'src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.ts$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every import of every source file: the importer and what it names (a src-relative path, or a package). */
const imports = sources(src).flatMap((file) => {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => {
    const spec = m[1]!;
    const target = spec.startsWith('.') ? relative(src, join(dirname(file), spec)) : spec;
    return { from: relative(src, file), target };
  });
});

const inFolder = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);

describe('the import rules of docs/architecture.md', () => {
  it('found the imports it checks', () => {
    expect(imports.length).toBeGreaterThan(500);
  });
  it('nothing outside src/cli imports it', () => {
    expect(imports.filter((i) => inFolder(i.target, 'cli') && !inFolder(i.from, 'cli')).map((i) => `${i.from} → ${i.target}`)).toEqual([]);
  });
  it('above the board seam nothing imports the emulator: only src/board/twin.ts, src/site and src/flash do', () => {
    const allowed = (from: string) => from === 'board/twin.ts' || inFolder(from, 'emulator') || inFolder(from, 'site') || inFolder(from, 'flash');
    expect(imports.filter((i) => inFolder(i.target, 'emulator') && !allowed(i.from)).map((i) => `${i.from} → ${i.target}`)).toEqual([]);
  });
  it('the model imports nothing of the kit and no Node module: it is pure', () => {
    expect(imports.filter((i) => inFolder(i.from, 'model') && !inFolder(i.target, 'model')).map((i) => `${i.from} → ${i.target}`)).toEqual([]);
  });
  it('the wire protocol imports nothing else, so the firmware tests, the Node client and the browser share it', () => {
    expect(imports.filter((i) => inFolder(i.from, 'wire') && !inFolder(i.target, 'wire')).map((i) => `${i.from} → ${i.target}`)).toEqual([]);
  });
});
