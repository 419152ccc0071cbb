import { BOARD_KIND_LIST, type BoardKind } from './board/kinds/index.js';
import { bundled } from './package-files.js';

/**
 * Where the kit's own firmware (firmware/src, built by firmware/build.sh) lives in the package. Its
 * protocol (identity, baud rate, sysex) is in src/wire, checked against firmware/src/kit_protocol.h.
 */
export {
  KIT_FIRMWARE_NAME, KIT_FIRMWARE_VERSION, KIT_FIRMATA_NAME, KIT_BAUD_RATE, STOCK_FIRMATA_BAUD_RATE, KIT_COMMAND, KIT_SUB,
  DEFAULT_STANDALONE_AFTER_MS, WATCHDOG_TIMEOUT_MS, isCompatibleKitFirmware,
} from './wire/index.js';

/** Boards the kit ships firmware for. */
export type { BoardKind } from './board/kinds/index.js';
export const BOARD_KINDS: readonly BoardKind[] = BOARD_KIND_LIST;

/** Absolute path of the prebuilt kit firmware for `board`, inside the installed package. */
export function firmwareHexPath(board: BoardKind): string {
  if (!BOARD_KINDS.includes(board)) throw new RangeError(`no kit firmware for board "${String(board)}": use ${BOARD_KINDS.join(', ')}`);
  return bundled('firmware', 'hex', `neuron_kit_${board}.hex`);
}
