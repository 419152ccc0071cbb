import createDebug from 'debug';
import { SerialPort } from 'serialport';
import { PortBusyError } from './errors.js';

const log = createDebug('neuron-kit:flash:link');

/**
 * A byte link to a board for request/response protocols (STK500v1, the firmware check).
 *
 * Error contract: `read` rejects with {@link LinkTimeoutError} when fewer than the requested bytes
 * arrive in time, and with the port's error when it fails; `write` rejects when the port fails.
 * Nothing here retries: callers decide.
 */
export interface ByteLink {
  readonly path: string;
  write(data: Uint8Array): Promise<void>;
  /** Exactly `n` bytes, or LinkTimeoutError after `timeoutMs` (wall clock) without them. */
  read(n: number, timeoutMs: number): Promise<Uint8Array>;
  /** Drops whatever has arrived and not been read. */
  discardInput(): void;
  /** Pulls DTR and RTS low then high: an Arduino's auto-reset circuit restarts it into its bootloader. */
  resetBoard(): Promise<void>;
  close(): Promise<void>;
}

export class LinkTimeoutError extends Error {
  constructor(readonly wanted: number, readonly got: number, readonly timeoutMs: number) {
    super(`expected ${wanted} bytes, got ${got} within ${timeoutMs} ms`);
    this.name = 'LinkTimeoutError';
  }
}

/** How to open a port: the real serialport binding, or an injected one (tests, the emulator). */
export type OpenLink = (path: string, baudRate: number) => Promise<ByteLink>;

/** Wall-clock wait; only for pauses a real chip needs (reset pulse), never to reason about board time. */
const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * A serialport 13 binding (`@serialport/bindings-interface` BindingInterface: `list()` and
 * `open(options)` returning a port with read/write/set/update/close). Typed loosely because that
 * package's types are not reachable through its `exports`.
 */
export type SerialBinding = object;

/**
 * Opens `path` with serialport 13 and wraps it as a {@link ByteLink}.
 * @param binding serialport binding; default the platform's native one
 * @throws PortBusyError when the port cannot be opened
 */
export async function openSerialLink(path: string, baudRate: number, binding?: SerialBinding): Promise<ByteLink> {
  const port = new SerialPort({ path, baudRate, autoOpen: false, hupcl: false, ...(binding ? { binding } : {}) } as ConstructorParameters<typeof SerialPort>[0]);
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(new PortBusyError(path, err)) : resolve())));
  log('opened %s at %d baud', path, baudRate);
  let buffered: Buffer[] = [];
  let size = 0;
  let waiter: (() => void) | null = null;
  let failure: Error | null = null;
  port.on('data', (chunk: Buffer) => {
    buffered.push(chunk);
    size += chunk.length;
    waiter?.();
  });
  port.on('error', (err: Error) => {
    failure = err;
    waiter?.();
  });
  const take = (n: number): Uint8Array => {
    const all = Buffer.concat(buffered);
    buffered = [all.subarray(n)];
    size = all.length - n;
    return new Uint8Array(all.subarray(0, n));
  };
  return {
    path,
    write: (data) =>
      new Promise((resolve, reject) => {
        port.write(Buffer.from(data), (err) => (err ? reject(err) : port.drain((e) => (e ? reject(e) : resolve()))));
      }),
    read: (n, timeoutMs) =>
      new Promise((resolve, reject) => {
        if (size >= n) return resolve(take(n));
        const timer = setTimeout(() => {
          waiter = null;
          reject(new LinkTimeoutError(n, size, timeoutMs));
        }, timeoutMs);
        waiter = () => {
          if (failure) {
            clearTimeout(timer);
            waiter = null;
            reject(failure);
          } else if (size >= n) {
            clearTimeout(timer);
            waiter = null;
            resolve(take(n));
          }
        };
      }),
    discardInput: () => {
      buffered = [];
      size = 0;
    },
    resetBoard: async () => {
      // The Uno's DTR line reaches RESET through a 100 nF capacitor (Uno Rev3 schematic): the falling
      // edge resets the chip. Hold it low briefly, release, and give the bootloader time to start.
      await new Promise<void>((r, j) => port.set({ dtr: false, rts: false }, (e) => (e ? j(e) : r())));
      await pause(50);
      await new Promise<void>((r, j) => port.set({ dtr: true, rts: true }, (e) => (e ? j(e) : r())));
      await pause(50);
    },
    close: () => new Promise((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())),
  };
}
