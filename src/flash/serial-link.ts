import createDebug from 'debug';
import { SerialPort } from 'serialport';
import { PortBusyError } from './errors.js';
import { type ByteLink, InputBuffer, pulseReset } from './link.js';

const log = createDebug('neuron-kit:flash:link');

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
  const input = new InputBuffer();
  port.on('data', (chunk: Buffer) => input.push(new Uint8Array(chunk)));
  port.on('error', (err: Error) => input.fail(err));
  return {
    path,
    write: (data) =>
      new Promise((resolve, reject) => {
        port.write(Buffer.from(data), (err) => (err ? reject(err) : port.drain((e) => (e ? reject(e) : resolve()))));
      }),
    read: (n, timeoutMs) => input.read(n, timeoutMs),
    discardInput: () => input.discard(),
    resetBoard: () => pulseReset((on) => new Promise<void>((r, j) => port.set({ dtr: on, rts: on }, (e) => (e ? j(e) : r())))),
    close: () => new Promise((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())),
  };
}
