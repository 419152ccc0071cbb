import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { packageRoot } from '../../src/package-files.js';

const root = packageRoot();

function markdownUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return markdownUnder(path);
    return name.endsWith('.md') ? [path] : [];
  });
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  for (const line of markdown.replace(/```[\s\S]*?```/g, '').split('\n')) {
    const m = /^#{1,6}\s+(.*)$/.exec(line);
    if (m) out.add(m[1]!.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-'));
  }
  return out;
}

/** Every relative link target of a Markdown file: [text](target) and ![alt](target), code left out. */
function links(markdown: string): string[] {
  const text = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...text.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]!).filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t));
}

const files = [join(root, 'README.md'), ...markdownUnder(join(root, 'docs')), ...(existsSync(join(root, 'lessons')) ? markdownUnder(join(root, 'lessons')) : [])];

describe('no dead relative link in the documentation', () => {
  test.each(files.map((f) => [relative(root, f), f]))('%s', (_, file) => {
    const markdown = readFileSync(file, 'utf8');
    const dead: string[] = [];
    for (const target of links(markdown)) {
      const [path = '', anchor] = target.split('#');
      const resolved = path === '' ? file : join(dirname(file), decodeURIComponent(path));
      if (!existsSync(resolved)) dead.push(`${target}: no such file`);
      else if (anchor && resolved.endsWith('.md') && !anchors(readFileSync(resolved, 'utf8')).has(anchor)) dead.push(`${target}: no heading #${anchor}`);
    }
    expect(dead).toEqual([]);
  });

  test('the documents the README and --help name are in the repository', () => {
    for (const doc of ['docs/exhibit.md', 'docs/run.md', 'docs/simulate-protocol.md', 'docs/model.md']) expect(existsSync(join(root, doc)), doc).toBe(true);
    const help = readFileSync(join(root, 'src/cli/main.ts'), 'utf8');
    for (const m of help.matchAll(/see ((?:docs|specs)\/[\w./-]+\.md)/g)) expect(existsSync(join(root, m[1]!)), m[1]).toBe(true);
  });
});
