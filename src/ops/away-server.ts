import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { guardedRequests, type OpsEndpoints } from './http.js';

export interface AwayServerOptions {
  host: string;
  port: number;
  /** The page's access token (null on loopback without one): /healthz and /metrics need it as on the page. */
  token: string | null;
  loopback: boolean;
  ops: OpsEndpoints;
}

/** Something listening on the page's port that can be let go. */
export interface Closable {
  close(): Promise<void>;
}

const AWAY = 'The exhibit is waiting for its board: it is not plugged in yet, a cable was pulled, or the board restarted. The page shows the exhibit as soon as the board is back.\n';

/**
 * Holds the page's port while the board is away, between one connection's page server and the
 * next, or before the first while a service waits for its Arduino: /healthz answers 503 with `board.connected: false` (so the office can tell an unplugged board
 * from a dead exhibit), /metrics goes on counting, the page and its live feed get a 503 that says why
 * (an open page keeps trying and reconnects once the board is back). Same Host and token rules.
 */
export async function startAwayServer(options: AwayServerOptions): Promise<Closable> {
  const away = (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '2', 'cache-control': 'no-store' });
    res.end(AWAY);
  };
  const handle = guardedRequests(options.loopback, options.token, options.ops, away);
  const server = createServer((req, res) => void handle(req, res));
  server.on('upgrade', (_req: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => socket.destroy());
    socket.end(`HTTP/1.1 503 Service Unavailable\r\nretry-after: 2\r\nconnection: close\r\ncontent-length: ${Buffer.byteLength(AWAY)}\r\n\r\n${AWAY}`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  let closing: Promise<void> | null = null;
  return {
    close: () => (closing ??= new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    })),
  };
}
