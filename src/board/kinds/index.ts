export {
  BOARD_SPECS, BOARD_KIND_LIST, buttonPins, stripPins, analogChannels, digitalPinOfAnalog, analogOfDigitalPin, pinLabel, describePins,
  stripPinProblem,
} from './table.js';
export type { BoardKind, BoardSpec } from './table.js';
export { boardPinProblems } from './exhibit-pins.js';
export type { PinnedExhibit } from './exhibit-pins.js';
