import { stripPinProblem, type BoardKind } from './table.js';

/** The parts of an exhibit whose pins the board table checks (a structural subset of `Exhibit`). */
export interface PinnedExhibit {
  board: { kind: BoardKind };
  /** An exhibit on several boards: each strip is checked on its own board's kind. */
  boards?: readonly { kind: BoardKind }[];
  neurons: readonly { id: string; button?: number }[];
  strips: readonly { pin: number; board?: number }[];
  controls: { age?: { analog: number }; injury?: { button: number } };
}

/**
 * What the board table says is wrong with an exhibit's pins beyond what the exhibit validator checks
 * (it already checks physical pins, so D14 and A0 of a Uno clash there): strips on pins PIXEL_CONFIG
 * cannot name (a Mega's D32+). Each problem has its JSON path.
 */
export function boardPinProblems(exhibit: PinnedExhibit): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  exhibit.strips.forEach((s, i) => {
    const kind = exhibit.boards?.[s.board ?? 0]?.kind ?? exhibit.board.kind;
    const problem = s.pin >= 0 ? stripPinProblem(kind, s.pin) : null;
    if (problem) problems.push({ path: `strips[${i}].pin`, message: problem });
  });
  return problems;
}
