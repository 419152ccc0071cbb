import { type BoardMessage, KIT_COMMAND, decodeSysex } from '../wire/index.js';

/** The part of firmata-io's Firmata class this module uses (its custom-sysex table is static). */
interface FirmataLike {
  constructor: { SYSEX_RESPONSE: Record<number, (board: { buffer: number[] }) => void> };
}

const handlers = new WeakMap<object, (message: BoardMessage) => void>();

/**
 * Receives the kit firmware's sysex messages (command KIT_COMMAND) for one firmata-io instance.
 * firmata-io keeps one custom-sysex handler per command byte for all instances (lib/firmata.js
 * `sysexResponse`, static SYSEX_RESPONSE), so one handler is installed and dispatches by instance.
 * Each message is decoded by the kit codec. Returns a function that stops listening.
 */
export function listenKitMessages(io: object, handler: (message: BoardMessage) => void): () => void {
  const table = (io as FirmataLike).constructor.SYSEX_RESPONSE;
  // firmata-io's buffer holds the whole message, F0 … F7.
  table[KIT_COMMAND] ??= (board) => handlers.get(board)?.(decodeSysex(Array.from(board.buffer.slice(1, -1))));
  handlers.set(io, handler);
  return () => handlers.delete(io);
}
