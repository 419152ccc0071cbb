import { readExhibit } from '../../src/exhibit/index.js';
import { InvalidDocumentError } from '../../src/experiment/problems.js';

/** The problems readExhibit finds in a document, as "path: message" lines ([] when it is valid). */
export function problemsOf(doc: unknown): string[] {
  try {
    readExhibit(doc);
  } catch (err) {
    if (err instanceof InvalidDocumentError) return err.problems.map((p) => `${p.path}: ${p.message}`);
    throw err;
  }
  return [];
}
