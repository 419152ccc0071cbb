import { LiveConnection } from './connection.js';
import { Page } from './docent-page.js';

// The docent's dashboard served by `neuron-kit run`: live over the server's WebSocket.
new Page((handlers) => new LiveConnection(handlers));
