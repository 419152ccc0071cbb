export * from './core.js';
export { openSerialLink } from './serial-link.js';
export type { SerialBinding } from './serial-link.js';
export { loadImage } from './image-file.js';
export { findAvrdude, findOnPath, avrdudeArgs, runAvrdude, classifyAvrdudeFailure } from './avrdude.js';
export { flashBoard } from './flash.js';
export type { FlashOptions } from './flash.js';
