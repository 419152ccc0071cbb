import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { InvalidDocumentError } from '../experiment/problems.js';
import type { BoardKind } from './boards.js';
import { ExhibitFileError, loadExhibit } from './load.js';
import { readExhibit } from './read.js';
import type { Exhibit } from './types.js';

/** An exhibit file a docent may switch to: `id` is its file name without `.json`. */
export interface ExhibitChoice {
  id: string;
  /** The exhibit's own name, or its file name when the file cannot be read. */
  name: string;
  file: string;
}

/** An exhibit that fits the board, or why it does not (one line per problem, JSON path first). */
export type ExhibitFit = { exhibit: Exhibit } | { problems: string[] };

/**
 * The exhibit files in `dir` (not its sub-folders: the bundled `protocols/` are simulation protocols,
 * and `class/` kits need a class broker given at start), sorted by file name. JSON schemas are left
 * out. A file that is not a valid exhibit is listed all the same, under its file name: choosing it
 * shows what is wrong with it.
 */
export async function listExhibits(dir: string): Promise<ExhibitChoice[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && e.name.endsWith('.json') && !e.name.endsWith('.schema.json')).map((e) => e.name).sort();
  return Promise.all(files.map(async (name) => {
    const file = join(dir, name);
    const id = basename(name, '.json');
    return { id, name: await exhibitName(file) ?? id, file };
  }));
}

/** The `name` in an exhibit file, or null when the file has none to read. */
async function exhibitName(file: string): Promise<string | null> {
  try {
    const doc: unknown = JSON.parse(await readFile(file, 'utf8'));
    const name = (doc as { name?: unknown } | null)?.name;
    return typeof name === 'string' && name.length > 0 ? name : null;
  } catch {
    return null;
  }
}

/**
 * Reads the exhibit in `file` and checks that it fits a board of `kind` that is already wired and
 * running: it must be a valid exhibit (docs/exhibit.md) built for that kind of board, so that its
 * buttons, strips and dial are on pins this board has. Never throws for a bad file: says what is wrong.
 */
export async function exhibitFitFor(file: string, kind: BoardKind): Promise<ExhibitFit> {
  let exhibit: Exhibit;
  try {
    exhibit = await loadExhibit(file);
  } catch (err) {
    if (err instanceof InvalidDocumentError) return { problems: problemLines(err) };
    if (err instanceof ExhibitFileError) return { problems: [err.message] };
    throw err;
  }
  if (exhibit.boards !== undefined) return { problems: [`boards: it runs on ${exhibit.boards.length} boards; start it with one --board for each (docs/run.md), not from a switch on one board`] };
  if (exhibit.board.kind === kind) return { exhibit };
  const problems = [`board.kind: it is built for ${article(exhibit.board.kind)} ${exhibit.board.kind}, and this board is ${article(kind)} ${kind}`];
  // What would not fit on this board, pin by pin, read as if it were built for it.
  try {
    const doc = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    readExhibit({ ...doc, board: { ...(doc.board as object), kind } });
  } catch (err) {
    if (err instanceof InvalidDocumentError) problems.push(...problemLines(err));
  }
  return { problems };
}

const problemLines = (err: InvalidDocumentError): string[] => err.problems.map((p) => `${p.path}: ${p.message}`);
const article = (word: string) => (/^[aeiou]/.test(word) ? 'an' : 'a');
