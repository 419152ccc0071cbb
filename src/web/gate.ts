import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import createDebug from 'debug';

const log = createDebug('neuron-kit:web');

/**
 * Most open connections the page server keeps (page loads and live viewers together). A class of 30
 * tabs is about 60; each connection costs a file descriptor and memory.
 */
export const DEFAULT_MAX_CONNECTIONS = 256;

/** The answer past the cap: plain words, and when to try again. */
function serviceUnavailable(max: number): string {
  const body = `The exhibit's page already has as many viewers as it serves (${max}). Try again in a minute.\n`;
  return [
    'HTTP/1.1 503 Service Unavailable',
    'content-type: text/plain; charset=utf-8',
    'retry-after: 30',
    'connection: close',
    `content-length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');
}

interface Tracked {
  /** Requests in flight on it, or Infinity once it carries a live WebSocket. */
  busy: number;
}

/**
 * A cap on the page server's connections. A connection that is doing nothing — opened and never sent a
 * request (a stalled or hostile client), or a keep-alive left idle — gives way to a newcomer: the
 * oldest idle one is closed. Only when every connection is busy (a request in flight, or a live viewer)
 * does a newcomer get a 503 that says why. So a thousand stalled sockets cannot keep a visitor out.
 */
export class ConnectionGate {
  private readonly open = new Map<Socket, Tracked>();
  refused = 0;
  evicted = 0;

  constructor(
    server: Server,
    private readonly max: number = DEFAULT_MAX_CONNECTIONS,
  ) {
    server.on('connection', (socket: Socket) => this.admit(socket));
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const t = this.open.get(req.socket as Socket);
      if (!t) return;
      t.busy++;
      res.once('close', () => (t.busy = Math.max(0, t.busy - 1)));
    });
  }

  /** Connections open now. */
  get size(): number {
    return this.open.size;
  }

  /** The connection now carries a live viewer: never idle, never evicted. */
  live(socket: Socket): void {
    const t = this.open.get(socket);
    if (t) t.busy = Infinity;
  }

  private admit(socket: Socket): void {
    if (this.open.size >= this.max && !this.evictIdle()) {
      this.refused++;
      log('connection refused: %d open, the cap', this.open.size);
      socket.on('error', () => socket.destroy());
      socket.end(serviceUnavailable(this.max));
      // A client that never reads its 503 must not hold the descriptor.
      setTimeout(() => socket.destroy(), 1000).unref();
      return;
    }
    this.open.set(socket, { busy: 0 });
    socket.once('close', () => this.open.delete(socket));
  }

  /** Closes the oldest connection that is doing nothing; false if every one is busy. */
  private evictIdle(): boolean {
    for (const [socket, t] of this.open) {
      if (t.busy > 0) continue;
      this.open.delete(socket);
      socket.destroy();
      this.evicted++;
      return true;
    }
    return false;
  }
}
