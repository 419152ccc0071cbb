import { mkdir, readFile } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import { dirname, join } from 'node:path';
import { startBroker, MQTT_PORT } from '../../class/broker.js';
import { newClassCode } from '../../class/join.js';
import { UsageError } from '../errors.js';
import { openClassView } from './class-view.js';
import { parsePort } from '../run-args.js';
import { writeFileAtomic } from '../../state/atomic-write.js';
import { defaultStateDir } from '../../state/checkpoint.js';
import type { Output } from '../output.js';

export interface BrokerCommandOptions {
  port?: string;
  host?: string;
  classCode?: string;
  /** A fresh class code even if this port had one before. */
  newCode?: boolean;
  /** Where the class code of each port is kept between runs (default: the user's state folder). */
  stateDir?: string;
  /** Also serve the class view of this class. */
  class?: string;
  viewPort?: string;
  signal?: AbortSignal;
}

/** This computer's IPv4 addresses other kits on the network can reach. */
function lanAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((list) => (list ?? []).filter((a) => a.family === 'IPv4' && !a.internal).map((a) => a.address));
}

/** `neuron-kit broker`: the embedded broker for a class with no server, until Ctrl-C. */
export async function brokerCommand(opts: BrokerCommandOptions, out: Output): Promise<void> {
  const port = parsePort(opts.port, MQTT_PORT);
  const viewPort = parsePort(opts.viewPort, 8090, '--view-port');
  if (opts.classCode !== undefined && opts.classCode.length < 6) throw new UsageError('--class-code must have at least 6 characters: anyone on the network who guesses it can join the class.');
  // A broker restarted on its port keeps its class code, so the kits still running rejoin by themselves.
  const codeFile = join(opts.stateDir ?? defaultStateDir(), `class-code-${port}`);
  const kept = opts.classCode === undefined && !opts.newCode ? await savedCode(codeFile) : null;
  const classCode = opts.classCode ?? kept ?? newClassCode();
  let broker;
  try {
    broker = await startBroker({ port, classCode, ...(opts.host ? { host: opts.host } : {}) });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    // Not a mistake in what was typed: something else holds the port (exit 1, like run's page port).
    if (e.code === 'EADDRINUSE') throw Object.assign(new Error(`Port ${port} is in use: another broker (such as Mosquitto) may be running there.`), { hint: 'Let the kits use that broker (--broker on run), or start this one on another --port.' });
    throw err;
  }
  const hosts = opts.host && opts.host !== '0.0.0.0' ? [opts.host] : ['127.0.0.1', ...lanAddresses()];
  out.error(`Class broker on port ${broker.port}. Class code: ${classCode}${kept !== null ? ' (the same as last time on this port, so kits already in the class rejoin by themselves; --new-code for a fresh one)' : ''}`);
  await saveCode(codeFile, classCode).catch((err: NodeJS.ErrnoException) =>
    out.error(`Note: could not keep the class code in ${codeFile} (${err.code ?? err.message}); a restarted broker will print a new one.`));
  out.error('Each kit joins with:');
  for (const h of hosts) out.error(`  npx neuron-kit run --exhibit EXHIBIT.json --broker mqtt://${h}:${broker.port} --class ${opts.class ?? 'CLASS'} --kit KIT --class-code ${classCode}`);
  out.error('(EXHIBIT.json: one whose "remote" and "publish" link it to the others, e.g. exhibits/class/kit-1.json; KIT: the name the other exhibits use for it. Two kits on one computer each need their own page --port.)');
  let watching: Awaited<ReturnType<typeof openClassView>> | null = null;
  if (opts.class !== undefined) {
    try {
      watching = await openClassView({ url: broker.url, className: opts.class, classCode, port: viewPort, portFlag: '--view-port' });
    } catch (err) {
      await broker.close();
      throw err;
    }
    out.error(`Class view of "${opts.class}": ${watching.view.url}`);
  }
  out.error('Press Ctrl-C to stop.');
  await new Promise<void>((resolve) => {
    if (opts.signal?.aborted) return resolve();
    opts.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  await watching?.view.close();
  await watching?.link.close();
  await broker.close();
}

/** A class code kept by an earlier run on this port, or null (none, or not one a broker would take). */
async function savedCode(file: string): Promise<string | null> {
  const text = await readFile(file, 'utf8').catch(() => null);
  const code = text?.trim() ?? '';
  return /^[\x21-\x7e]{6,100}$/.test(code) ? code : null;
}

/** Keeps the class code for the next run on this port, readable by this user only (it admits a kit). */
async function saveCode(file: string, code: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFileAtomic(file, `${code}\n`, { mode: 0o600 });
}
