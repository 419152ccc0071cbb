import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Exhibit } from '../exhibit/index.js';
import { wiringMarkdown } from './markdown.js';
import { DEFAULT_LEAD_METRES, DEFAULT_PIXELS_PER_METRE } from './power.js';
import { wiringSvg } from './svg.js';

/**
 * The wiring documents committed under hardware/wiring/: one Markdown table and one SVG per exhibit the
 * project ships, so the docs are regenerated from the configs instead of drifting from them.
 */

/** An exhibit whose wiring is committed, and the strip it is built with. */
export interface WiringSource {
  /** Path of the exhibit file from the package root, with "/" separators. */
  exhibit: string;
  /** Pixel pitch of the strip the BOM names for it. */
  pixelsPerMetre: number;
  /** One-way length of its power leads, m (the wall's far-end feeds run the length of a strip). */
  leadMetres: number;
}

/**
 * The wall version of the kit (hardware/BOM.md): built with 30 pixels/m strip so its paths are twice as
 * long, and fed at both ends, so the leads to the far ends are about 3 m.
 */
export const WALL_EXHIBIT: WiringSource = { exhibit: 'hardware/wall/neuron-wall.json', pixelsPerMetre: 30, leadMetres: 3 };

/** Where the committed wiring lives, from the package root. */
export const WIRING_DIR = 'hardware/wiring';

/** The command that regenerates every committed wiring document. */
export const REGENERATE_WIRING = 'npm run build && node scripts/generate-hardware.mjs';

/** Every bundled exhibit (exhibits/*.json: 60 pixels/m strip, 1.5 m leads) and the wall version, in a stable order. */
export function wiringSources(packageRoot: string): WiringSource[] {
  const bundled = readdirSync(join(packageRoot, 'exhibits'))
    .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
    .sort()
    .map((f) => ({ exhibit: `exhibits/${f}`, pixelsPerMetre: DEFAULT_PIXELS_PER_METRE, leadMetres: DEFAULT_LEAD_METRES }));
  return [...bundled, WALL_EXHIBIT];
}

export interface GeneratedFile {
  /** Path from the package root, with "/" separators. */
  path: string;
  text: string;
}

/** The Markdown and SVG wiring of one exhibit, as committed under hardware/wiring/. */
export function wiringFiles(exhibit: Exhibit, source: WiringSource): GeneratedFile[] {
  const stem = basename(source.exhibit, '.json');
  const options = { source: source.exhibit, pixelsPerMetre: source.pixelsPerMetre, leadMetres: source.leadMetres };
  return [
    { path: `${WIRING_DIR}/${stem}.md`, text: wiringMarkdown(exhibit, { ...options, svgFile: `${stem}.svg` }) },
    { path: `${WIRING_DIR}/${stem}.svg`, text: wiringSvg(exhibit, options) },
  ];
}
