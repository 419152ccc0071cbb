import { readFile } from 'node:fs/promises';
import { readExhibit } from './read.js';
import type { Exhibit } from './types.js';

/** Why an exhibit file could not be read (not found, unreadable, not JSON). */
export class ExhibitFileError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'ExhibitFileError';
  }
}

/** Reads, parses and validates an exhibit file; nothing starts on an invalid one. */
export async function loadExhibit(path: string): Promise<Exhibit> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ExhibitFileError(
      code === 'ENOENT' ? `Exhibit file not found: ${path}` : `Exhibit file cannot be read (${code ?? 'error'}): ${path}`,
      'Give the path of an exhibit JSON file, or one of the bundled exhibits in exhibits/.',
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new ExhibitFileError(`Exhibit file ${path} is not valid JSON: ${(err as Error).message}`, 'Check for a missing comma or quote near the position given.');
  }
  return readExhibit(doc);
}
