import { readFile, stat } from 'node:fs/promises';
import { DOCUMENT_LIMITS } from '../experiment/limits.js';
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
    const { size } = await stat(path);
    if (size > DOCUMENT_LIMITS.maxFileBytes) {
      throw new ExhibitFileError(`Exhibit file ${path} is ${size} bytes; the kit reads at most ${DOCUMENT_LIMITS.maxFileBytes} bytes`, 'Is it the right file? An exhibit is a few kilobytes.');
    }
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (err instanceof ExhibitFileError) throw err;
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
