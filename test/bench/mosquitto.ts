// A real Mosquitto for tests and the class benchmark (Debian's package).
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

/** A port nobody listens on now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A real Mosquitto (Debian's package) on a free loopback port, anonymous, for one suite. `restart()`
 * stops it and starts it again on the same port (a broker restart the kits must survive).
 */
export async function startMosquitto(port?: number): Promise<{ url: string; port: number; stop(): Promise<void>; restart(): Promise<void> }> {
  const p = port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'nk-mosquitto-'));
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(conf, `listener ${p} 127.0.0.1\nallow_anonymous true\npersistence false\nlog_dest stderr\nlog_type information\n`);
  const url = `mqtt://127.0.0.1:${p}`;
  let child: ChildProcess;
  const start = async () => {
    child = spawn('mosquitto', ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
    // Ready when it says so ("… running"), after opening its socket; an early exit is a failure.
    await new Promise<void>((resolve, reject) => {
      let seen = '';
      child.stderr!.on('data', (chunk: Buffer) => {
        seen = (seen + chunk.toString()).slice(-2000);
        if (/ running/.test(seen)) resolve();
      });
      child.once('exit', (code) => reject(new Error(`mosquitto exited (${code}): ${seen.trim()}`)));
    });
  };
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  await start();
  return { url, port: p, stop, restart: async () => (await stop(), await start()) };
}
