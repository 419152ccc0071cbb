import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { loadExhibit } from '../../src/exhibit/index.js';
import { REGENERATE_WIRING, WALL_EXHIBIT, WIRING_DIR, wiringFiles, wiringSources } from '../../src/hardware/index.js';

/** The wiring committed under hardware/wiring/ must be exactly what the exhibit configs generate. */

const root = join(import.meta.dirname, '..', '..');
const sources = wiringSources(root);

/** Where two texts first differ, for a message a person can act on. */
function firstDifference(committed: string, generated: string): string {
  const a = committed.split('\n');
  const b = generated.split('\n');
  const line = a.findIndex((l, i) => l !== b[i]);
  const at = line < 0 ? Math.min(a.length, b.length) : line;
  return `line ${at + 1}: committed ${JSON.stringify((a[at] ?? '(end)').slice(0, 100))}, generated ${JSON.stringify((b[at] ?? '(end)').slice(0, 100))}`;
}

describe('committed wiring documents', () => {
  it('covers every bundled exhibit and the wall version', () => {
    const bundled = readdirSync(join(root, 'exhibits')).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'));
    expect(sources.map((s) => s.exhibit)).toEqual([...bundled.sort().map((f) => `exhibits/${f}`), WALL_EXHIBIT.exhibit]);
  });

  it.each(sources.map((s) => [s.exhibit, s] as const))('%s: the committed Markdown and SVG are what the exhibit generates', async (_, source) => {
    const exhibit = await loadExhibit(join(root, source.exhibit));
    for (const file of wiringFiles(exhibit, source)) {
      const path = join(root, file.path);
      if (!existsSync(path)) expect.fail(`${file.path} is missing: regenerate the wiring with \`${REGENERATE_WIRING}\``);
      const committed = readFileSync(path, 'utf8').replace(/\r\n/g, '\n');
      if (committed !== file.text) {
        expect.fail(`${file.path} is stale (${firstDifference(committed, file.text)}): regenerate the wiring with \`${REGENERATE_WIRING}\``);
      }
    }
  });

  it('has no leftover files from exhibits that no longer exist', async () => {
    const expected = new Set<string>();
    for (const source of sources) for (const f of wiringFiles(await loadExhibit(join(root, source.exhibit)), source)) expected.add(f.path);
    const leftovers = readdirSync(join(root, WIRING_DIR))
      .map((f) => `${WIRING_DIR}/${f}`)
      .filter((f) => !expected.has(f));
    expect(leftovers, `remove them, or run \`${REGENERATE_WIRING}\`, which does`).toEqual([]);
  });

  it('the wall exhibit is a valid exhibit for the editor schema too', () => {
    const schema = JSON.parse(readFileSync(join(root, 'exhibits', 'exhibit.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true }).compile(schema);
    const doc = JSON.parse(readFileSync(join(root, WALL_EXHIBIT.exhibit), 'utf8'));
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
  });
});
