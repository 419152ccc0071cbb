import { boardPinProblems } from '../board/kinds/index.js';
import { InvalidDocumentError } from '../experiment/problems.js';
import type { Exhibit } from './types.js';
import { readExhibit as validateExhibit } from './validate.js';

/**
 * Validates a parsed exhibit document (docs/exhibit.md), then checks its pins against the board
 * table: strips only on pins the firmware's configuration can name, no pin that is also the age
 * dial's analog input. Throws InvalidDocumentError listing every problem by JSON path.
 */
export function readExhibit(doc: unknown): Exhibit {
  const exhibit = validateExhibit(doc);
  const problems = boardPinProblems(exhibit);
  if (problems.length > 0) throw new InvalidDocumentError(`The exhibit${exhibit.name ? ` "${exhibit.name}"` : ''}`, problems);
  return exhibit;
}
