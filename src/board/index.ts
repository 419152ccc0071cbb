export type { BoardClock } from './clock.js';
export { wallClock } from './clock.js';
export {
  BoardError, BoardNotFoundError, PortPermissionError, PortOpenError, WrongFirmwareError, BoardTimeoutError,
  BoardDisconnectedError, GarbledLineError, PortNotFoundError,
} from './errors.js';
export { serialTransport, emulatedTransport, classifyOpenError, FIRMATA_BAUD_RATE } from './transport.js';
export type { BoardTransport, TransportStream, EmulatedLine } from './transport.js';
export { connectBoard, PIXEL_FIRMWARE_NAME, DEFAULT_GAMMA, DEFAULT_READY_TIMEOUT_MS } from './connect.js';
export type { ConnectOptions } from './connect.js';
export { KitBoard } from './kit-board.js';
export type { StripSpec } from './kit-board.js';
export type { KitPort, DigitalListener, AnalogListener } from './kit-port.js';
export { BoardButton, DEFAULT_DEBOUNCE_MS } from './button.js';
export { listPorts, ARDUINO_USB_VENDORS } from './ports.js';
export type { PortInfo } from './ports.js';
export { abortableDelay, waitForArduino, waitForPort, StoppedWaitingError, BOARD_POLL_MS, WAITING_REPORT_MS } from './wait.js';
export type { BoardWaitOptions } from './wait.js';
