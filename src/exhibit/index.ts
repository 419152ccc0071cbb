export { readExhibit } from './read.js';
export { loadExhibit, ExhibitFileError } from './load.js';
export { BOARDS, COLOR_ORDERS } from './boards.js';
export type { BoardKind, BoardProfile, ColorOrder } from './boards.js';
export type { Exhibit, ExhibitNeuron, RemoteInput, Segment, SegmentKind, Strip } from './types.js';
export { buttonPins } from './types.js';
