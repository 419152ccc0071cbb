import { createServer } from 'node:net';
import { OpsError, WebPortInUseError } from './errors.js';

/**
 * Fails at once, before the board starts, when the page's port is taken: a second exhibit must not
 * run headless while visitors see the first one's page. (The page server checks again when it
 * listens; this only makes the common case quick and clear.)
 */
export async function checkWebPortFree(port: number, host: string): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => reject(
      err.code === 'EADDRINUSE' ? new WebPortInUseError(port, host)
        : err.code === 'EACCES' ? new OpsError(`The page cannot start: port ${port} needs administrator rights`, 'Use a port above 1023 (the default is 8080), or --no-web.')
          : err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND' ? new OpsError(`The page cannot start: --host ${host} is not an address of this computer`, 'Use 127.0.0.1 (this computer only), 0.0.0.0 (every network), or one of its own addresses.')
            : err,
    ));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}
