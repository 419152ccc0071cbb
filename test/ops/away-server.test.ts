import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { startAwayServer, type Closable } from '../../src/ops/away-server.js';
import { ExhibitOps } from '../../src/ops/ops.js';

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

describe('the away server: the page\'s port while the board is away', () => {
  let away: Closable | null = null;
  afterEach(async () => {
    await away?.close();
    away = null;
  });

  test('/healthz 503 with the board not connected, /metrics goes on, the page and the live feed say why', async () => {
    const ops = new ExhibitOps();
    ops.logEvent({ kind: 'reconnect', why: 'the board disconnected' });
    const port = await freePort();
    away = await startAwayServer({ host: '127.0.0.1', port, token: null, loopback: true, ops: ops.endpoints });
    const health = await get(port, '/healthz');
    expect(health.status).toBe(503);
    expect(JSON.parse(health.body)).toMatchObject({ ok: false, board: { connected: false, port: null }, reconnects: 1 });
    const metrics = await get(port, '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatch(/^neuron_kit_board_connected 0$/m);
    expect(metrics.body).toMatch(/^neuron_kit_reconnects_total 1$/m);
    const page = await get(port, '/');
    expect(page).toMatchObject({ status: 503, body: expect.stringContaining('waiting for its board') });
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/live`);
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('error', () => {});
    });
    expect(status).toBe(503);
    // The same rules as the page server: a foreign Host on loopback is refused.
    expect((await get(port, '/healthz', { host: 'rebind.example' })).status).toBe(403);
    ops.close();
  });

  test('with a token, /healthz and /metrics need it', async () => {
    const ops = new ExhibitOps();
    const port = await freePort();
    away = await startAwayServer({ host: '127.0.0.1', port, token: 'tok-123', loopback: false, ops: ops.endpoints });
    expect((await get(port, '/metrics')).status).toBe(401);
    expect((await get(port, '/metrics?token=tok-123')).status).toBe(200);
    expect((await get(port, '/healthz', { authorization: 'Bearer tok-123' })).status).toBe(503);
    ops.close();
  });
});
