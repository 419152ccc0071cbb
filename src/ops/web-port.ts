import { createServer } from 'node:net';
import { WebPortInUseError } from './errors.js';

/**
 * Fails at once, before the board starts, when the page's port is taken: a second exhibit must not
 * run headless while visitors see the first one's page. (The page server checks again when it
 * listens; this only makes the common case quick and clear.)
 */
export async function checkWebPortFree(port: number, host: string): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE' ? new WebPortInUseError(port, host) : err));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}
