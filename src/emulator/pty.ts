import { type ChildProcess, spawn } from 'node:child_process';
import type { Twin } from './twin.js';

export interface PtyOptions {
  /** Where the pseudo-terminal appears (a symlink made by socat), e.g. /tmp/neuron-kit-uno. */
  path: string;
  /** The socat command. Default `socat` on the PATH. */
  socat?: string;
  /** Told each time a client opens the pty, i.e. the twin is reset as DTR resets a real board. */
  onClient?: () => void;
  /** Told when socat cannot be started; the bridge then stays down. */
  onError?: (err: Error) => void;
}

/**
 * Exposes the twin's serial line as a pseudo-terminal any serial client can open, through socat.
 * A client opening it resets the twin (as DTR resets a Uno); when the client closes it, the next
 * client is waited for. Returns a function that takes the pty down.
 */
export function exposeOnPty(twin: Twin, options: PtyOptions): () => void {
  const command = options.socat ?? 'socat';
  // A pty has no line rate: the client's baud setting never reaches the twin, so any firmware is heard.
  twin.transport.ratesMatter = false;
  let socat: ChildProcess | null = null;
  let stopping = false;
  const bridge = () => {
    // wait-slave: socat starts moving bytes only once a client opens the pty, which is our DTR.
    const child = spawn(command, ['-d', '-d', `pty,raw,echo=0,wait-slave,link=${options.path}`, 'STDIO'], { stdio: ['pipe', 'pipe', 'pipe'] });
    socat = child;
    // Bytes for a client that has just closed the pty go nowhere, as on an unplugged cable.
    child.stdin!.on('error', () => {});
    child.on('error', (err) => {
      stopping = true;
      options.onError?.(err);
    });
    child.stderr!.on('data', (d: Buffer) => {
      if (!/starting data transfer loop/.test(d.toString())) return;
      options.onClient?.();
      twin.transport.open();
    });
    child.stdout!.on('data', (d: Buffer) => twin.transport.write(d));
    child.on('exit', () => {
      if (twin.transport.isOpen) twin.transport.close();
      if (!stopping) bridge(); // the client closed the port: wait for the next one
    });
  };
  const toClient = (d: Buffer) => socat?.stdin?.write(d);
  twin.transport.on('data', toClient);
  bridge();
  return () => {
    stopping = true;
    twin.transport.off('data', toClient);
    socat?.kill();
  };
}
