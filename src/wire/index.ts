export {
  KIT_FIRMWARE_NAME, KIT_FIRMWARE_VERSION, KIT_FIRMATA_NAME, KIT_BAUD_RATE, STOCK_FIRMATA_BAUD_RATE, START_SYSEX, END_SYSEX,
  REPORT_FIRMWARE, REPORT_VERSION, SHOW_US_PER_PIXEL, KIT_COMMAND, KIT_SUB, PIXEL_COMMAND, PIXEL_SUB, PIXEL_ORDER, MAX_STRIPS, MAX_AXONS, MAX_PIXELS, MAX_STRIP_PIN,
  DEFAULT_STANDALONE_AFTER_MS, WATCHDOG_TIMEOUT_MS,
} from './constants.js';
export type { PixelOrder } from './constants.js';
export { COLOR_ORDERS, GAMMA_TABLE, LED_GAMMA, ledGammaTable, wireToRgb } from './pixel.js';
export type { ColorOrder, Rgb } from './pixel.js';
export { encode, encodeReply, decodeSysex, splitSysex, isCompatibleKitFirmware } from './codec.js';
export type { BoardMessage, StripConfig, AxonConfig } from './codec.js';
