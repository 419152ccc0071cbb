import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { Duplex } from 'node:stream';
import createDebug from 'debug';
import { WebSocket, WebSocketServer } from 'ws';
import type { Exhibit } from '../exhibit/index.js';
import type { Session } from '../runtime/session.js';
import { offeredLessonsFor } from '../lessons/load.js';
import { loadAssets } from './assets.js';
import { Controls } from './controls.js';
import { Feed, type FeedOptions } from './feed.js';
import { ConnectionGate } from './gate.js';
import { type ControlMessage, type ExhibitOffer, type ServerMessage, type TickMessage, type WebPaletteName } from './messages.js';
import type { SwitchAnswer } from '../runtime/switching.js';
import { parseControl } from './validate.js';
import { guardedRequests, hostAllowed, sameToken, type OpsEndpoints } from '../ops/http.js';

const log = createDebug('neuron-kit:web');

export interface WebOptions extends FeedOptions {
  /** Interface to listen on. Default 127.0.0.1: only this computer can see the page. */
  host?: string;
  /** TCP port; 0 picks a free one. Default 8080. */
  port?: number;
  /** Access token for control actions. Off loopback one is generated when not given; on loopback none is needed unless given. */
  token?: string;
  palette?: WebPaletteName;
  signal?: AbortSignal;
  /** Most open connections (page loads and live viewers); past it, idle ones give way, then a 503. Default 256. */
  maxConnections?: number;
  /** /healthz and /metrics, answered with the same access rules as the page's controls. */
  ops?: OpsEndpoints;
  /** The docent's exhibit switcher (runtime/switching.ts); none: the page offers no switch. */
  switching?: SwitchPort;
}

/** What the page server needs of the exhibit switcher (runtime/switching.ts `ExhibitSwitch`). */
export interface SwitchPort {
  readonly choices: readonly ExhibitOffer[];
  /** The offer that runs now, or null. */
  readonly current: string | null;
  /** Checks and, if it fits, starts the switch; `announce` is told the new name just before this exhibit stops. */
  request(id: string, announce?: (name: string) => void): Promise<SwitchAnswer>;
}

export interface WebStats {
  clients: number;
  ticks: number;
  messagesSent: number;
  bytesSent: number;
  /** Ticks not sent to a viewer whose connection was still busy with earlier ones. */
  skippedSlow: number;
  controls: number;
  malformed: number;
  oversized: number;
  unauthorized: number;
  rateLimited: number;
  /** Connections refused with a 503 (every one busy at the cap), and idle ones closed to make room. */
  refusedConnections: number;
  evictedConnections: number;
  /** Connections open now (page loads, idle keep-alives and live viewers). */
  openConnections: number;
}

export interface WebServer {
  /** The page's address (with `?token=` when one is needed). */
  url: string;
  token: string | null;
  stats(): WebStats;
  close(): Promise<void>;
}

/** Path of the live WebSocket. */
export const LIVE_PATH = '/live';
/** Messages above this are refused by the WebSocket layer itself (connection closed, code 1009). */
const HARD_MAX_BYTES = 16 * 1024;
/** A viewer more than this far behind is skipped rather than queued (≈4 s of ticks). */
const SLOW_CLIENT_BYTES = 256 * 1024;
/** Control messages per viewer: a burst of this many, refilled at CONTROL_RATE_HZ. Faster than any hand. */
const CONTROL_BURST = 40;
const CONTROL_RATE_HZ = 20;
/** Dead connections are found by ping every so often (wall ms). */
const PING_MS = 30_000;

/** Whether `host` only accepts connections from this computer. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** This computer's first LAN IPv4 address, for the URL printed when listening on every interface. */
function lanAddress(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return 'localhost';
}

interface Client {
  id: number;
  ws: WebSocket;
  allowance: number;
  refilledAtMs: number;
  alive: boolean;
}

/**
 * Serves the browser twin and docent dashboard for a running session: the page over HTTP and a live
 * WebSocket at {@link LIVE_PATH}. The page only observes the session, except for visitor controls
 * (buttons, age dial, palette) that act on the emulated pins or through the runtime's commands.
 * Listening beyond loopback requires a token for every control action. Closes itself when the
 * session stops or `signal` aborts.
 */
export async function startWeb(session: Session, exhibit: Exhibit, options: WebOptions = {}): Promise<WebServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? (isLoopback(host) ? null : randomBytes(16).toString('base64url'));
  const assets = loadAssets();
  const controls = new Controls(session, exhibit);
  const switching = options.switching;
  const exhibitIds = new Set(switching?.choices.map((c) => c.id) ?? []);
  const counts: Omit<WebStats, 'clients' | 'ticks' | 'refusedConnections' | 'evictedConnections' | 'openConnections'> = { messagesSent: 0, bytesSent: 0, skippedSlow: 0, controls: 0, malformed: 0, oversized: 0, unauthorized: 0, rateLimited: 0 };
  const clients = new Set<Client>();
  let nextId = 1;

  const send = (client: Client, data: Buffer) => {
    if (client.ws.readyState !== WebSocket.OPEN) return;
    if (client.ws.bufferedAmount > SLOW_CLIENT_BYTES) {
      counts.skippedSlow++;
      return;
    }
    client.ws.send(data, { binary: false });
    counts.messagesSent++;
    counts.bytesSent += data.length;
  };
  const broadcast = (message: ServerMessage) => {
    if (clients.size === 0) return;
    const data = Buffer.from(JSON.stringify(message));
    for (const c of clients) send(c, data);
  };
  const feed = new Feed(session, exhibit, (m: TickMessage) => broadcast(m), { ...options, lessons: options.lessons ?? offeredLessonsFor(exhibit.name), palette: options.palette ?? 'default' });

  const server = createServer((req, res) => void serveRequest(req, res));
  const gate = new ConnectionGate(server, options.maxConnections);
  const serveAsset = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const asset = req.method === 'GET' || req.method === 'HEAD' ? assets.get(path) : undefined;
    if (!asset) {
      res.writeHead(req.method === 'GET' || req.method === 'HEAD' ? 404 : 405, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Not found\n');
      return;
    }
    res.writeHead(200, {
      'content-type': asset.contentType,
      'content-length': asset.body.length,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
    });
    res.end(req.method === 'HEAD' ? undefined : asset.body);
  };

  const serveRequest = guardedRequests(isLoopback(host), token, options.ops, serveAsset, log);

  const wss = new WebSocketServer({ noServer: true, maxPayload: HARD_MAX_BYTES, perMessageDeflate: false });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    // A page from another site must not drive the exhibit through a visitor's browser.
    const origin = req.headers.origin;
    let foreign = false;
    if (origin !== undefined) {
      try {
        foreign = new URL(origin).host !== req.headers.host;
      } catch {
        foreign = true;
      }
    }
    // On loopback, a foreign name in Host is a DNS-rebinding page, whatever its Origin says.
    if (!hostAllowed(isLoopback(host), req.headers.host)) foreign = true;
    if (path !== LIVE_PATH || foreign) {
      socket.end(`HTTP/1.1 ${foreign ? '403 Forbidden' : '404 Not Found'}\r\nconnection: close\r\n\r\n`);
      return;
    }
    gate.live(socket as Socket);
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws));
  });

  const onConnection = (ws: WebSocket) => {
    const client: Client = { id: nextId++, ws, allowance: CONTROL_BURST, refilledAtMs: performance.now(), alive: true };
    clients.add(client);
    log('viewer %d connected (%d now)', client.id, clients.size);
    const hello = feed.hello(token !== null);
    if (switching) hello.exhibits = { offered: switching.choices.map(({ id, name }) => ({ id, name })), current: switching.current };
    send(client, Buffer.from(JSON.stringify(hello)));
    ws.on('pong', () => (client.alive = true));
    ws.on('message', (data, isBinary) => onMessage(client, data as Buffer, isBinary));
    ws.on('error', (err: Error) => {
      // ws reports an over-long message as an error and closes with 1009; nothing else is expected.
      if (err instanceof RangeError) counts.oversized++;
      log('viewer %d: %s', client.id, err.message);
    });
    ws.on('close', () => {
      clients.delete(client);
      controls.releaseAll(client.id);
      log('viewer %d left (%d now)', client.id, clients.size);
    });
  };

  const onMessage = (client: Client, data: Buffer, isBinary: boolean) => {
    if (isBinary) return void counts.malformed++;
    const parsed = parseControl(data, controls.targets, exhibitIds);
    if ('rejected' in parsed) {
      counts[parsed.rejected]++;
      log('viewer %d: %s message dropped (%d bytes)', client.id, parsed.rejected, data.length);
      return;
    }
    const message = parsed.message;
    if (token !== null && !sameToken(message.token, token)) {
      counts.unauthorized++;
      send(client, Buffer.from(JSON.stringify({ type: 'refused', reason: 'token' } satisfies ServerMessage)));
      return;
    }
    const nowMs = performance.now();
    client.allowance = Math.min(CONTROL_BURST, client.allowance + ((nowMs - client.refilledAtMs) * CONTROL_RATE_HZ) / 1000);
    client.refilledAtMs = nowMs;
    // A release is always honoured, so a rate-limited viewer never leaves a button stuck down.
    if (client.allowance < 1 && message.type !== 'release') {
      counts.rateLimited++;
      send(client, Buffer.from(JSON.stringify({ type: 'refused', reason: 'rate' } satisfies ServerMessage)));
      return;
    }
    client.allowance = Math.max(0, client.allowance - 1);
    counts.controls++;
    apply(message, client.id);
  };

  const apply = (m: ControlMessage, clientId: number) => {
    if (m.type === 'press') controls.press(m.target, clientId);
    else if (m.type === 'release') controls.release(m.target, clientId);
    else if (m.type === 'age') controls.age(m.value);
    else if (m.type === 'lesson') controls.lesson(m.name, feed);
    else if (m.type === 'reset') controls.reset();
    else if (m.type === 'switch') void switchTo(m.exhibit, clientId);
    else {
      controls.palette(m.name);
      feed.setPalette(m.name);
    }
  };

  // Every page hears what is coming before this exhibit stops; a refusal goes to the page that asked.
  const switchTo = async (id: string, clientId: number) => {
    const answer = await switching!.request(id, (name) => broadcast({ type: 'switching', to: name }));
    if (answer.ok) return;
    const client = [...clients].find((c) => c.id === clientId);
    if (client) send(client, Buffer.from(JSON.stringify({ type: 'switch-refused', exhibit: id, problems: answer.problems } satisfies ServerMessage)));
  };

  const pinger = setInterval(() => {
    for (const c of clients) {
      if (!c.alive) c.ws.terminate();
      else {
        c.alive = false;
        c.ws.ping();
      }
    }
  }, PING_MS);
  pinger.unref();

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      clearInterval(pinger);
      feed.flush();
      feed.stop();
      broadcast({ type: 'stopped', boardMs: session.kit.clock.now() });
      controls.releaseEverything();
      session.runtime.off('stopped', onStopped);
      for (const c of clients) c.ws.close(1001, 'the exhibit stopped');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      log('closed');
    })();
    return closing;
  };
  const onStopped = () => void close();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => log('server error: %s', err.message));
  feed.start();
  session.runtime.once('stopped', onStopped);
  if (options.signal) {
    if (options.signal.aborted) void close();
    else options.signal.addEventListener('abort', onStopped, { once: true });
  }
  const address = server.address() as AddressInfo;
  const shownHost = host === '0.0.0.0' || host === '::' ? lanAddress() : host;
  const hostPart = shownHost.includes(':') ? `[${shownHost}]` : shownHost;
  const url = `http://${hostPart}:${address.port}/${token ? `?token=${token}` : ''}`;
  log('serving %s', url);
  return {
    url,
    token,
    stats: () => ({ clients: clients.size, ticks: feed.ticks, ...counts, refusedConnections: gate.refused, evictedConnections: gate.evicted, openConnections: gate.size }),
    close,
  };
}
