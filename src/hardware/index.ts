export { powerReport, DEFAULT_LEAD_METRES, DEFAULT_PIXELS_PER_METRE, MAX_STRIP_DROP_VOLTS, MAX_LEAD_DROP_VOLTS, SUPPLY_SIZES_AMPS } from './power.js';
export type { PowerOptions, PowerReport, StripPower } from './power.js';
export { wiringPlan, STRIP_PARTS } from './plan.js';
export type { PinKind, PinUse, PixelRun, StripPlan, WiringPlan } from './plan.js';
export { wiringMarkdown } from './markdown.js';
export type { WiringDocOptions } from './markdown.js';
export { wiringSvg, KIND_COLOURS } from './svg.js';
export { wiringFiles, wiringSources, WALL_EXHIBIT, WIRING_DIR, REGENERATE_WIRING } from './files.js';
export type { GeneratedFile, WiringSource } from './files.js';
export {
  awgAmps,
  awgAreaMm2,
  awgOhmsPerMetre,
  choosePowerWire,
  stripOhmsPerMetre,
  COPPER_OHM_METRES,
  CIRCULAR_MILS_PER_AMP,
  POWER_WIRE_GAUGES,
  STRIP_COPPER,
} from './copper.js';
export type { WireChoice } from './copper.js';
