import { readExhibit } from '../exhibit/read.js';
import { InvalidDocumentError, type Problem } from '../experiment/problems.js';
import { bundledExhibit, DEFAULT_EXHIBIT, exhibitNames } from './content.js';

/** Where a dropped exhibit waits while the page reloads to run it (this tab only). */
const DROPPED_KEY = 'neuron-kit:dropped-exhibit';
/** The query value that names the dropped exhibit. */
export const DROPPED = 'dropped';
/** Exhibit files are at most 8 MB (docs/exhibit.md "Files have limits"). */
const MAX_FILE_BYTES = 8 * 1024 * 1024;

/**
 * The exhibit the page runs: `?exhibit=NAME` (a bundled one, or the dropped one), else the default.
 * `unknown` names what was asked for when there is no such exhibit (the default runs instead).
 */
export function chosenExhibit(): { name: string; doc: unknown; unknown?: string } {
  const name = new URLSearchParams(location.search).get('exhibit') ?? DEFAULT_EXHIBIT;
  if (name === DROPPED) {
    const text = sessionStorage.getItem(DROPPED_KEY);
    if (text !== null) return { name, doc: JSON.parse(text) as unknown };
  }
  const known = exhibitNames().includes(name) ? name : DEFAULT_EXHIBIT;
  // Validated here as well as in the twin: a bundled exhibit that fails shows its problems at once.
  bundledExhibit(known);
  return { name: known, doc: undefined, ...(known !== name ? { unknown: name } : {}) };
}

/** The document of a bundled exhibit by name (the twin validates it again). */
export { exhibits as bundledDocs } from 'neuron-kit:content';

/** Where the page runs the exhibit: the twin, or the kit on the Web Serial port chosen before (`?board=serial`). */
export type BoardChoice = 'twin' | 'serial';

/** The twin gave way to the renderer alone (`?twin=direct`): it could not keep real time here. */
export function directChosen(): boolean {
  return new URLSearchParams(location.search).get('twin') === 'direct';
}

/** The twin stays however slowly it runs (`?keep=twin`): asked for after it gave way once, or by a teacher who prefers it slow. */
export function twinKept(): boolean {
  return new URLSearchParams(location.search).get('keep') === 'twin';
}

export function chosenBoard(): BoardChoice {
  return new URLSearchParams(location.search).get('board') === 'serial' ? 'serial' : 'twin';
}

/** This page (or `page`) with an exhibit chosen, on the twin or on the kit. */
export function withExhibit(name: string, page = location.pathname, board: BoardChoice = chosenBoard()): string {
  const url = new URL(page, location.href);
  url.search = new URLSearchParams(board === 'serial' ? { exhibit: name, board } : { exhibit: name }).toString();
  return url.href;
}

/**
 * Checks an exhibit file a teacher dropped or picked: the same checks as `neuron-kit run`. Returns
 * its problems by JSON path, or none after keeping it for the reload that runs it.
 */
export async function checkExhibitFile(file: File): Promise<Problem[]> {
  if (file.size > MAX_FILE_BYTES) return [{ path: '(file)', message: `is ${(file.size / 1e6).toFixed(1)} MB; an exhibit file may be at most 8 MB` }];
  const text = await file.text();
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return [{ path: '(file)', message: `is not JSON: ${(err as Error).message}` }];
  }
  try {
    readExhibit(doc);
  } catch (err) {
    if (err instanceof InvalidDocumentError) return err.problems;
    throw err;
  }
  sessionStorage.setItem(DROPPED_KEY, text);
  return [];
}
