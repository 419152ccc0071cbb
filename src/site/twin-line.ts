import type { UartLine } from '../emulator/uart-line.js';
import type { ByteLine } from '../board/ports/index.js';

/**
 * The serial line of an emulated Uno as a {@link ByteLine}: opening it resets the chip (DTR), what the
 * firmware sends reaches the host only while the line is open, as on a real port.
 */
export function twinLine(line: UartLine): ByteLine {
  let open = false;
  return {
    path: 'emulated',
    baudRate: line.hostBaudRate,
    async open() {
      open = true;
      line.onOpen?.();
    },
    write: (bytes) => line.receiveFromHost(bytes),
    listen(handlers) {
      line.onHostData = (bytes) => {
        if (open) handlers.data(bytes);
      };
    },
    async close() {
      open = false;
    },
  };
}
