import { get } from 'node:http';
import { connect, type Socket } from 'node:net';
import { expect } from 'vitest';

/** Plain HTTP clients for the page server's tests. */

/** GET a path; resolves with the status and body (or the error code when the connection fails). */
export function fetchPath(port: number, path = '/'): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', (err) => resolve({ status: 0, body: (err as NodeJS.ErrnoException).code ?? err.message }));
  });
}

/** Opens `n` sockets that never send a request (or only half of one), and waits until they are connected. */
function openStalled(port: number, n: number): Promise<Socket[]> {
  return Promise.all(
    Array.from({ length: n }, (_, i) => new Promise<Socket>((resolve) => {
      const s = connect(port, '127.0.0.1', () => {
        if (i % 2) s.write('GET / HTTP/1.1\r\nHost: x\r\n');
        resolve(s);
      });
      s.on('error', () => {});
    })),
  );
}

/**
 * Opens `n` stalled sockets in batches of 100, each batch seen by the server (`seen()`: its count of
 * connections accepted, kept or closed, grown by the batch) before the next is opened. A client's
 * connect completes when the kernel has the connection, not the server: past the listen backlog
 * (511) the kernel holds one back for seconds of SYN-ACK retries, the longer the busier the server's
 * thread. Batches the backlog holds keep every socket's arrival prompt.
 */
export async function stalledSockets(port: number, n: number, seen: () => number): Promise<Socket[]> {
  const sockets: Socket[] = [];
  const start = seen();
  while (sockets.length < n) {
    sockets.push(...(await openStalled(port, Math.min(100, n - sockets.length))));
    await expect.poll(() => seen() - start, { timeout: 30_000, message: `connections the server has seen of ${sockets.length} opened` }).toBeGreaterThanOrEqual(sockets.length);
  }
  return sockets;
}
