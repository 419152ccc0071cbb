// A real Mosquitto for tests and the class benchmark (Debian's package).
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

const canListen = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

/** A port nobody listens on now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A free port below Linux's ephemeral range (32768–60999): while a broker is down for a restart, no
 * other test's `listen(0)` or outgoing connection can be handed its port.
 */
async function brokerPort(): Promise<number> {
  for (let tries = 0; tries < 200; tries++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await canListen(port)) return port;
  }
  return freePort();
}

export interface Mosquitto {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** Stops it and starts it again on the same port: a broker restart the kits must survive. */
  restart(): Promise<void>;
  /** Sends the broker process a signal (SIGSTOP: a broker that hangs; SIGCONT: it answers again). */
  signal(signal: NodeJS.Signals): void;
  /** The end of what it has logged, for a failure message. */
  log(): string;
}

/** How long Mosquitto may take to say it is running, or to exit when told: far beyond the usual tens of ms. */
const START_WAIT_MS = 20_000;
const STOP_WAIT_MS = 5_000;

/** A real Mosquitto (Debian's package) on a free loopback port, anonymous, for one suite. */
export async function startMosquitto(port?: number): Promise<Mosquitto> {
  const p = port ?? (await brokerPort());
  const dir = mkdtempSync(join(tmpdir(), 'nk-mosquitto-'));
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(conf, `listener ${p} 127.0.0.1\nallow_anonymous true\npersistence false\nlog_dest stderr\nlog_type information\n`);
  const url = `mqtt://127.0.0.1:${p}`;
  let child: ChildProcess;
  let seen = '';
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const start = async () => {
    seen = '';
    child = spawn('mosquitto', ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
    // Ready when it says so ("… running"), after opening its socket; an early exit or silence is a failure.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`mosquitto did not say it was running within ${START_WAIT_MS / 1000} s: ${seen.trim()}`));
      }, START_WAIT_MS);
      child.stderr!.on('data', (chunk: Buffer) => {
        seen = (seen + chunk.toString()).slice(-2000);
        if (/ running/.test(seen)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`mosquitto exited (${code ?? signal}): ${seen.trim()}`));
      });
    });
  };
  const stop = () =>
    new Promise<void>((resolve) => {
      if (exited()) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_WAIT_MS);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      // A stopped (SIGSTOP) broker must be woken to act on SIGTERM.
      child.kill('SIGCONT');
      child.kill('SIGTERM');
    });
  await start();
  return {
    url,
    port: p,
    stop: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
    restart: async () => (await stop(), await start()),
    signal: (signal) => void child.kill(signal),
    log: () => seen.trim(),
  };
}
