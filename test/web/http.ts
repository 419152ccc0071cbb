import { get } from 'node:http';
import { connect, type Socket } from 'node:net';

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
export async function stalledSockets(port: number, n: number): Promise<Socket[]> {
  const sockets = await Promise.all(
    Array.from({ length: n }, (_, i) => new Promise<Socket>((resolve) => {
      const s = connect(port, '127.0.0.1', () => {
        if (i % 2) s.write('GET / HTTP/1.1\r\nHost: x\r\n');
        resolve(s);
      });
      s.on('error', () => {});
    })),
  );
  return sockets;
}
