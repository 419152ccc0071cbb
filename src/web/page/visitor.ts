import { LiveConnection } from './connection.js';
import { VisitorPage } from './visitor-page.js';

// The visitor view served by `neuron-kit run`: live over the server's WebSocket.
new VisitorPage((handlers) => new LiveConnection(handlers));
