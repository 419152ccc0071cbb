export { startWeb, isLoopback, LIVE_PATH } from './server.js';
export type { SwitchPort, WebOptions, WebServer, WebStats } from './server.js';
export { parseControl } from './validate.js';
export { Feed } from './feed.js';
export { WebAssetsMissingError } from './assets.js';
export { MAX_CONTROL_BYTES, WEB_PROTOCOL_VERSION } from './messages.js';
export type { ControlMessage, ServerMessage, HelloMessage, TickMessage } from './messages.js';
