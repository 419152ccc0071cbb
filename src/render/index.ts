export { renderFrames, synapseBrightness, logicalForDuty, isFlashing } from './render.js';
export type { ModelView, RenderOptions, RenderResult } from './render.js';
export { Animation, ANIMATION } from './animation.js';
export { PALETTES, DEFAULT_PALETTE, COLORBLIND_PALETTE } from './palette.js';
export type { Palette, PaletteName, Rgb } from './palette.js';
export { LED_POWER, LED_GAMMA, GAMMA_TABLE, frameMilliamps, worstCaseMilliamps, stripBudgetMilliamps, limitFrames } from './power.js';
export type { Frame } from './power.js';
export { restingMilliamps } from './rest.js';
