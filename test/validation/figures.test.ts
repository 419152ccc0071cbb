import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validationFigures } from '../../src/validation/figures.js';

/** The committed validation report is what the model draws now (`npm run figures` rewrites it). */
describe('docs/validation', () => {
  const figures = validationFigures();
  for (const figure of figures) {
    it(`${figure.name} is up to date (run \`npm run figures\` after changing the model)`, () => {
      const committed = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'validation', figure.name), 'utf8');
      expect(committed === figure.svg, `${figure.name} differs from what the model draws`).toBe(true);
    });
  }
  it('every figure is listed in docs/validation/README.md', () => {
    const index = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'validation', 'README.md'), 'utf8');
    for (const figure of figures) expect(index).toContain(`(${figure.name})`);
  });
});
