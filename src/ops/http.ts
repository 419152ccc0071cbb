import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What the page server answers at /healthz and /metrics (given by the run; absent in tests of the page alone). */
export interface OpsEndpoints {
  health(): { ok: boolean };
  metrics(): Promise<{ contentType: string; body: string }>;
}

export const HEALTH_PATH = '/healthz';
export const METRICS_PATH = '/metrics';

/** Compares a token a client gave with the exhibit's, in constant time. */
export function sameToken(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether a Host header names this computer: localhost, 127.x.x.x or [::1] (any port). */
export function isLoopbackHostHeader(host: string | undefined): boolean {
  if (!host) return false;
  let name: string;
  try {
    name = new URL(`http://${host}`).hostname.toLowerCase();
  } catch {
    return false;
  }
  return name === 'localhost' || name === '[::1]' || /^127(\.\d{1,3}){3}$/.test(name);
}

/**
 * DNS-rebinding defence. A server on loopback can still be reached by a foreign web page: the page's
 * own name is made to resolve to 127.0.0.1, and the browser then calls it "same origin". Such a
 * request carries the foreign name in its Host header, so on loopback only loopback names are
 * answered. Off loopback, the access token guards what matters instead.
 */
export function hostAllowed(listeningOnLoopback: boolean, host: string | undefined): boolean {
  return !listeningOnLoopback || isLoopbackHostHeader(host);
}

/** The token a request carries: `?token=…` or `Authorization: Bearer …` (what Prometheus sends). */
export function requestToken(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  const bearer = auth ? /^Bearer\s+(\S+)$/i.exec(auth)?.[1] : undefined;
  return bearer ?? new URL(req.url ?? '/', 'http://x').searchParams.get('token') ?? undefined;
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(text);
}

/** Refuses a request whose Host is not this computer's (see hostAllowed): 403. Returns whether it was refused. */
export function refuseForeignHost(req: IncomingMessage, res: ServerResponse, listeningOnLoopback: boolean): boolean {
  if (hostAllowed(listeningOnLoopback, req.headers.host)) return false;
  plain(res, 403, 'This exhibit answers only to localhost, 127.0.0.1 or [::1].\n');
  return true;
}

/**
 * Answers /healthz (JSON; 200 when alive, 503 when not) and /metrics (Prometheus text). When the page
 * has an access token, both need it, like every control action. Returns false for other paths.
 */
export async function serveOpsEndpoint(req: IncomingMessage, res: ServerResponse, endpoints: OpsEndpoints, authorised: (given: string | undefined) => boolean): Promise<boolean> {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (path !== HEALTH_PATH && path !== METRICS_PATH) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    plain(res, 405, 'Only GET.\n');
    return true;
  }
  if (!authorised(requestToken(req))) {
    res.setHeader('www-authenticate', 'Bearer');
    plain(res, 401, 'This endpoint needs the exhibit\'s access token: ?token=… or Authorization: Bearer ….\n');
    return true;
  }
  if (path === HEALTH_PATH) {
    const report = endpoints.health();
    const body = `${JSON.stringify(report)}\n`;
    res.writeHead(report.ok ? 200 : 503, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  }
  const { contentType, body } = await endpoints.metrics();
  res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}

/**
 * Every HTTP request passes here first: a foreign Host on loopback is refused (DNS rebinding),
 * /healthz and /metrics are answered when given (with the token when there is one, as for the page's
 * controls), everything else goes to `next` (the page).
 */
export function guardedRequests(loopback: boolean, token: string | null, ops: OpsEndpoints | undefined, next: (req: IncomingMessage, res: ServerResponse) => void, log: (format: string, ...args: unknown[]) => void = () => {}) {
  const authorised = (given: string | undefined) => token === null || sameToken(given, token);
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (refuseForeignHost(req, res, loopback)) return;
    try {
      if (ops && (await serveOpsEndpoint(req, res, ops, authorised))) return;
    } catch (err) {
      log('ops endpoint failed: %s', (err as Error).message);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The exhibit could not answer this time.\n');
      return;
    }
    next(req, res);
  };
}
