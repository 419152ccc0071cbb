export { CodecKitPort, connectCodecPort } from './codec-port.js';
export type { ByteLine, CodecPortOptions } from './codec-port.js';
export { FirmataReader } from './firmata-reader.js';
export type { FirmataHandlers } from './firmata-reader.js';
export { DirectPort } from './direct-port.js';
