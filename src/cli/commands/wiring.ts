import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ExhibitFileError, loadExhibit, type Exhibit } from '../../exhibit/index.js';
import { wiringMarkdown, wiringSvg } from '../../hardware/index.js';
import { UsageError } from '../errors.js';
import type { Output } from '../output.js';
import { writeFilesTogether } from '../../state/atomic-write.js';
import { bundled } from '../../package-files.js';

export interface WiringOptions {
  /** Exhibit file; default the bundled exhibits/default.json. */
  exhibit?: string;
  /** Folder to write wiring.md and wiring.svg into; without it the Markdown goes to stdout. */
  out?: string;
  /** Pixel pitch of the strip, as typed (default 60). */
  pixelsPerMetre?: string;
  /** One-way length of the power leads from the supply to the farthest feed point, m, as typed (default 1.5). */
  leadMetres?: string;
}

/**
 * `neuron-kit wiring [--exhibit FILE] [--out DIR] [--pixels-per-metre N] [--lead-metres M]`: the wiring of an exhibit as a
 * Markdown table (pin → part → strip segment) and, with --out, an SVG diagram beside it.
 */
export async function wiringCommand(options: WiringOptions, out: Output): Promise<void> {
  const pixelsPerMetre = positiveNumber(options.pixelsPerMetre, '--pixels-per-metre', '60');
  const leadMetres = positiveNumber(options.leadMetres, '--lead-metres', '1.5');
  const { exhibit, source } = await chooseExhibit(options.exhibit);
  refuseSeveralBoards(exhibit, 'wiring');
  const docOptions = { source, ...(pixelsPerMetre !== undefined ? { pixelsPerMetre } : {}), ...(leadMetres !== undefined ? { leadMetres } : {}) };
  if (options.out === undefined) {
    out.log(wiringMarkdown(exhibit, docOptions).trimEnd());
    return;
  }
  await mkdir(options.out, { recursive: true });
  const markdown = join(options.out, 'wiring.md');
  const svg = join(options.out, 'wiring.svg');
  // The Markdown describes the SVG beside it: written together, so a crash never leaves a mismatched pair.
  await writeFilesTogether([
    { path: svg, data: wiringSvg(exhibit, docOptions) },
    { path: markdown, data: wiringMarkdown(exhibit, { ...docOptions, svgFile: 'wiring.svg' }) },
  ]);
  out.log(`Wrote ${markdown} and ${svg} for "${exhibit.name}".`);
}

/** The exhibit a hardware command works on, and how to name it to the user. */
export interface ChosenExhibit {
  exhibit: Exhibit;
  /** The path as the user gave it, or "exhibits/default.json" for the bundled default. */
  source: string;
}

/** Loads --exhibit (default: the bundled exhibits/default.json). A missing or broken file is a usage error. */
export async function chooseExhibit(path: string | undefined): Promise<ChosenExhibit> {
  const source = path ?? 'exhibits/default.json';
  try {
    return { exhibit: await loadExhibit(path ?? bundled('exhibits', 'default.json')), source };
  } catch (err) {
    if (err instanceof ExhibitFileError) throw new UsageError(err.message, err.hint);
    throw err;
  }
}

/**
 * The wiring table and the doctor know one board's pins: an exhibit on several boards would come out as
 * one board with every pin of all of them. Refused, saying what to do instead.
 */
export function refuseSeveralBoards(exhibit: Exhibit, command: 'wiring' | 'doctor'): void {
  if (exhibit.boards === undefined || exhibit.boards.length < 2) return;
  throw new UsageError(
    `neuron-kit ${command} knows one board's pins, and "${exhibit.name}" runs on ${exhibit.boards.length} boards (${exhibit.boards.map((b) => `"${b.id}"`).join(', ')}).`,
    `Check each board on its own: copy the exhibit with only that board's strips, buttons and controls under "board", and run neuron-kit ${command} on the copy.`,
  );
}

/** Parses a positive number option such as --pixels-per-metre; undefined when not given. */
export function positiveNumber(value: string | undefined, flag: string, example: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a number > 0, got "${value}"`, `For example: ${flag} ${example}`);
  return n;
}
