import { analogOfDigitalPin, digitalPinOfAnalog, pinLabel, stripPinProblem, type BoardKind } from './table.js';

/** The parts of an exhibit whose pins the board table checks (a structural subset of `Exhibit`). */
export interface PinnedExhibit {
  board: { kind: BoardKind };
  neurons: readonly { id: string; button?: number }[];
  strips: readonly { pin: number }[];
  controls: { age?: { analog: number }; injury?: { button: number } };
}

/**
 * What the board table says is wrong with an exhibit's pins beyond what the exhibit validator checks:
 * strips on pins PIXEL_CONFIG cannot name (a Mega's D32+), and a digital pin that is also the analog
 * channel of the age dial (D14–D19 are A0–A5 on a Uno or Nano). Each problem has its JSON path.
 */
export function boardPinProblems(exhibit: PinnedExhibit): { path: string; message: string }[] {
  const kind = exhibit.board.kind;
  const problems: { path: string; message: string }[] = [];
  exhibit.strips.forEach((s, i) => {
    const problem = s.pin >= 0 ? stripPinProblem(kind, s.pin) : null;
    if (problem) problems.push({ path: `strips[${i}].pin`, message: problem });
  });
  const age = exhibit.controls.age;
  const dialPin = age ? digitalPinOfAnalog(kind, age.analog) : null;
  if (age && dialPin !== null) {
    const digital: { path: string; pin: number }[] = [
      ...exhibit.neurons.flatMap((n, i) => (n.button === undefined ? [] : [{ path: `neurons[${i}].button`, pin: n.button }])),
      ...exhibit.strips.map((s, i) => ({ path: `strips[${i}].pin`, pin: s.pin })),
      ...(exhibit.controls.injury ? [{ path: 'controls.injury.button', pin: exhibit.controls.injury.button }] : []),
    ];
    for (const d of digital) {
      if (d.pin === dialPin) {
        problems.push({ path: d.path, message: `pin ${pinLabel(kind, d.pin)} is the age dial's analog input A${analogOfDigitalPin(kind, d.pin)} (controls.age.analog); every button, strip and dial needs its own pin` });
      }
    }
  }
  return problems;
}
