import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/package-files.js';

/** docs/architecture.md is the map of the code: it names every folder a contributor finds in src/. */
describe('docs/architecture.md', () => {
  const root = packageRoot();
  const map = readFileSync(join(root, 'docs', 'architecture.md'), 'utf8');
  const folders = readdirSync(join(root, 'src')).filter((name) => statSync(join(root, 'src', name)).isDirectory());
  it('describes every folder under src/', () => {
    expect(folders.length).toBeGreaterThan(10);
    expect(folders.filter((name) => !map.includes(`src/${name}/`))).toEqual([]);
  });
  it('names no folder src/ does not have', () => {
    const named = new Set([...map.matchAll(/\bsrc\/([a-z][\w-]*)\//g)].map((m) => m[1]!));
    expect([...named].filter((name) => !folders.includes(name))).toEqual([]);
  });
});
