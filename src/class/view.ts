import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ClassLink, RemoteSpike } from './link.js';
import type { PresenceMessage, StateMessage } from './messages.js';
import { CLASS_VIEW_PAGE } from './view-page.js';

/** Most pages watching at once: each holds an open event stream. */
export const MAX_VIEWERS = 64;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export interface ClassViewOptions {
  port?: number;
  /** Default 127.0.0.1: the teacher's own screen or projector. 0.0.0.0 shares the view with the room. */
  host?: string;
}

export interface RunningClassView {
  url: string;
  close(): Promise<void>;
}

interface KitView {
  online: boolean;
  exhibit?: string;
  publishes: string[];
  remote: Array<{ from: string; to: string }>;
  labels: Record<string, string>;
  synapses: StateMessage['synapses'];
}

/** The host name of a Host header, without its port. */
function hostName(header: string | undefined): string {
  if (!header) return '';
  return header.startsWith('[') ? header.slice(0, header.indexOf(']') + 1) : header.split(':')[0]!;
}

/**
 * The teacher's view of a class: a page that draws every kit as a group of neurons and every long-axon
 * synapse between kits as a line, fed by a read-only event stream from an observing class link. On
 * loopback it answers only to loopback host names (a foreign page resolving its own name to 127.0.0.1
 * cannot read the class).
 */
export async function startClassView(link: ClassLink, className: string, options: ClassViewOptions = {}): Promise<RunningClassView> {
  const kits = new Map<string, KitView>();
  const viewers = new Set<ServerResponse>();
  const host = options.host ?? '127.0.0.1';
  const loopback = host === '127.0.0.1' || host === '::1' || host === 'localhost';
  const send = (event: unknown) => {
    const line = `data: ${JSON.stringify(event)}\n\n`;
    for (const v of viewers) v.write(line);
  };
  const kit = (name: string): KitView => {
    let k = kits.get(name);
    if (!k) {
      k = { online: false, publishes: [], remote: [], labels: {}, synapses: {} };
      kits.set(name, k);
    }
    return k;
  };
  const onPresence = (name: string, m: PresenceMessage) => {
    if (m.view === true || (!kits.has(name) && kits.size >= 200)) return;
    const k = kit(name);
    k.online = m.online;
    if (m.online) Object.assign(k, { exhibit: m.exhibit, publishes: m.publishes ?? [], remote: m.remote ?? [], labels: m.labels ?? {} });
    send({ type: 'presence', kit: name, ...k });
  };
  const onState = (name: string, m: StateMessage) => {
    if (!kits.has(name)) return;
    kit(name).synapses = m.synapses;
    send({ type: 'state', kit: name, synapses: m.synapses });
  };
  const onSpike = (s: RemoteSpike) => send({ type: 'spike', kit: s.kit, neuron: s.neuron });
  const onStatus = (status: string) => send({ type: 'broker', status });
  link.on('presence', onPresence);
  link.on('state', onState);
  link.on('spike', onSpike);
  link.on('status', onStatus);

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    if (loopback && !LOOPBACK_HOSTS.has(hostName(req.headers.host))) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('This view answers to localhost only.\n');
      return;
    }
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') return void res.writeHead(405, { allow: 'GET' }).end();
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'", 'x-content-type-options': 'nosniff' });
      res.end(CLASS_VIEW_PAGE.replace('__CLASS__', JSON.stringify(className)));
      return;
    }
    if (path === '/events') {
      if (viewers.size >= MAX_VIEWERS) return void res.writeHead(503, { 'retry-after': '10' }).end('Too many pages are watching this class.\n');
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(`data: ${JSON.stringify({ type: 'snapshot', className, broker: link.status, kits: Object.fromEntries(kits) })}\n\n`);
      viewers.add(res);
      req.on('close', () => viewers.delete(res));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
  };
  const server: Server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8090, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${loopback ? '127.0.0.1' : host}:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        link.off('presence', onPresence);
        link.off('state', onState);
        link.off('spike', onSpike);
        link.off('status', onStatus);
        for (const v of viewers) v.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
