import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionGate } from '../../src/web/gate.js';
import { fetchPath, stalledSockets } from './http.js';

/** The page server's connection cap: idle connections give way to a visitor; only busy ones earn a 503. */

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});

/** An HTTP server behind a gate; GET /hold is answered only when `release()` is called. */
async function gated(max: number) {
  const held: ServerResponse[] = [];
  const server = createServer((req, res) => {
    if (req.url === '/hold') return void held.push(res);
    res.end('page\n');
  });
  const gate = new ConnectionGate(server, max);
  let accepted = 0;
  server.on('connection', () => accepted++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  closers.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { gate, port, held, accepted: () => accepted, release: () => held.splice(0).forEach((r) => r.end('done\n')) };
}

/** Stalled sockets, destroyed after the test. */
async function stalled(server: { port: number; accepted: () => number }, n: number): Promise<Socket[]> {
  const sockets = await stalledSockets(server.port, n, server.accepted);
  closers.push(async () => sockets.forEach((s) => s.destroy()));
  return sockets;
}

describe('the connection gate', () => {
  it('1,100 stalled sockets do not stop a new visitor\'s GET /', async () => {
    const server = await gated(256);
    const { gate, port } = server;
    // Every stalled socket reaches the server (accepted, then kept or closed) before the visitor comes.
    await stalled(server, 1100);
    expect(gate.size + gate.evicted).toBe(1100);
    expect(gate.size).toBe(256);
    await expect(fetchPath(port)).resolves.toEqual({ status: 200, body: 'page\n' });
    expect(gate.evicted).toBeGreaterThanOrEqual(1100 - 256 + 1);
  }, 60_000);

  it('past the cap with every connection busy, a newcomer gets a 503 that says why; room again once one finishes', async () => {
    const { gate, port, release } = await gated(3);
    const busy = [fetchPath(port, '/hold'), fetchPath(port, '/hold'), fetchPath(port, '/hold')];
    await expect.poll(() => gate.size).toBe(3);
    const refused = await fetchPath(port);
    expect(refused.status).toBe(503);
    expect(refused.body).toBe("The exhibit's page already has as many viewers as it serves (3). Try again in a minute.\n");
    expect(gate.refused).toBe(1);
    release();
    await expect(Promise.all(busy)).resolves.toEqual(Array(3).fill({ status: 200, body: 'done\n' }));
    await expect(fetchPath(port)).resolves.toEqual({ status: 200, body: 'page\n' });
  });

  it('a live viewer is never evicted: idle ones go first, then newcomers are refused', async () => {
    const server = await gated(2);
    const { gate, port } = server;
    const serverSides = () => [...(gate as unknown as { open: Map<Socket, unknown> }).open.keys()];
    await stalled(server, 1);
    await expect.poll(() => gate.size).toBe(1);
    // As the page server does for a WebSocket upgrade.
    const viewer = serverSides()[0]!;
    gate.live(viewer);
    await stalled(server, 1);
    await expect.poll(() => gate.size).toBe(2);
    // The stalled one gives way; the viewer stays.
    expect((await fetchPath(port)).status).toBe(200);
    expect(gate.evicted).toBe(1);
    expect(serverSides()).toContain(viewer);
    await stalled(server, 1);
    await expect.poll(() => gate.size).toBe(2);
    for (const s of serverSides()) gate.live(s);
    expect((await fetchPath(port)).status).toBe(503);
    expect(serverSides()).toContain(viewer);
  });
});
