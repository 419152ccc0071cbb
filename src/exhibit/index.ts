export { readExhibit } from './read.js';
export { loadExhibit, ExhibitFileError } from './load.js';
export { BOARDS, COLOR_ORDERS } from './boards.js';
export type { BoardKind, BoardProfile, ColorOrder } from './boards.js';
export type { Exhibit, ExhibitBoard, ExhibitNeuron, RemoteInput, Segment, SegmentKind, SegmentLayout, Strip, IdleConfig, AttractConfig, OpeningHours, Weekday } from './types.js';
export { DEFAULT_PIXELS_PER_METRE, DEFAULT_RESTING_BRIGHTNESS } from './display.js';
export { boardOf, buttonPins, exhibitBoards } from './types.js';
export { remoteLabel, remoteNeuronIds } from './remote.js';
export { IDLE_DEFAULTS, ATTRACT_LIMITS, WEEKDAYS } from './validate.js';
