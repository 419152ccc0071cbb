import type { ByteLine } from '../board/ports/index.js';
import { PortBusyError } from './errors.js';
import { type ByteLink, InputBuffer, pulseReset } from './link.js';

/**
 * A {@link ByteLine} that also drives its modem control lines, as Web Serial's `setSignals` does:
 * what the uploader needs to reset an Arduino into its bootloader.
 */
export interface SignalLine extends ByteLine {
  /** Asserts (true) or drops (false) DTR and RTS together. */
  setSignals(asserted: boolean): Promise<void>;
}

/**
 * Opens a {@link SignalLine} as the uploader's {@link ByteLink}: the same request/response link the
 * Node uploader gets from serialport, built on nothing but the line, so the browser runs the same
 * STK500v1 code over Web Serial. A line that goes away fails the waiting read.
 * @throws PortBusyError when the line cannot be opened (another program or tab has the port)
 */
export async function openLineLink(line: SignalLine): Promise<ByteLink> {
  const input = new InputBuffer();
  line.listen({
    data: (bytes) => input.push(bytes),
    closed: () => input.fail(new Error(`${line.path} was closed or unplugged`)),
  });
  try {
    await line.open();
  } catch (err) {
    throw new PortBusyError(line.path, err);
  }
  return {
    path: line.path,
    write: async (data) => line.write(data),
    read: (n, timeoutMs) => input.read(n, timeoutMs),
    discardInput: () => input.discard(),
    resetBoard: () => pulseReset((on) => line.setSignals(on)),
    close: () => line.close(),
  };
}
