export { readExhibit } from './read.js';
export { loadExhibit, ExhibitFileError } from './load.js';
export { BOARDS, COLOR_ORDERS } from './boards.js';
export type { BoardKind, BoardProfile, ColorOrder } from './boards.js';
export type { Exhibit, ExhibitNeuron, Segment, SegmentKind, Strip, IdleConfig, AttractConfig, OpeningHours, Weekday } from './types.js';
export { buttonPins } from './types.js';
export { IDLE_DEFAULTS, ATTRACT_LIMITS, WEEKDAYS } from './validate.js';
