import { KIT_COMMAND } from '../firmware-info.js';

/** The part of firmata-io's Firmata class this module uses (its custom-sysex table is static). */
interface FirmataLike {
  constructor: { SYSEX_RESPONSE: Record<number, (board: { buffer: number[] }) => void> };
}

const handlers = new WeakMap<object, (data: number[]) => void>();

/**
 * Receives the kit firmware's sysex messages (command KIT_COMMAND) for one firmata-io instance.
 * firmata-io keeps one custom-sysex handler per command byte for all instances (lib/firmata.js
 * `sysexResponse`, static SYSEX_RESPONSE), so one handler is installed and dispatches by instance.
 * `data` is the message without F0/command/F7: the sub-command, then its 7-bit data bytes.
 * Returns a function that stops listening.
 */
export function listenKitMessages(io: object, handler: (data: number[]) => void): () => void {
  const table = (io as FirmataLike).constructor.SYSEX_RESPONSE;
  table[KIT_COMMAND] ??= (board) => handlers.get(board)?.(Array.from(board.buffer.slice(2, -1)));
  handlers.set(io, handler);
  return () => handlers.delete(io);
}
