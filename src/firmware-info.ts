import { bundled } from './cli/paths.js';

/**
 * What the kit's own firmware (firmware/src, built by firmware/build.sh) says about itself and how
 * to reach it. The constants mirror firmware/src/kit_protocol.h; FIRMWARE_NOTES.md documents the bytes.
 */

/** Name in the firmware's KIT_INFO reply. */
export const KIT_FIRMWARE_NAME = 'NeuronKit';
/** Version in the KIT_INFO reply; a host accepts the same major and a minor at least this. */
export const KIT_FIRMWARE_VERSION = { major: 1, minor: 0 } as const;
/**
 * Name the firmware reports to Firmata's REPORT_FIRMWARE. node-pixel refuses any other name, so the
 * kit firmware keeps the stock one and carries its own identity in KIT_INFO.
 */
export const KIT_FIRMATA_NAME = 'node_pixel_firmata.ino';
/** Serial rate of the kit firmware: exact at 16 MHz (UBRR 3 with U2X), 20 µs per byte. */
export const KIT_BAUD_RATE = 500_000;
/** Serial rate of the stock node-pixel firmware (and of StandardFirmata). */
export const STOCK_FIRMATA_BAUD_RATE = 57_600;

/** Sysex command of the kit's extensions (Firmata's user-defined range 0x00–0x0F). */
export const KIT_COMMAND = 0x0e;
/** Sub-commands of {@link KIT_COMMAND}: the first data byte. */
export const KIT_SUB = {
  /** host→board query; board→host `[major, minor, ...name ASCII]`. Also sent unasked at start-up. */
  info: 0x01,
  /** board→host `[seq & 0x7f, seq >> 7]` once a PIXEL_SHOW has been written and interrupts are on again. */
  frameShown: 0x02,
  /** host→board no-op: keeps the board out of standalone mode. */
  heartbeat: 0x03,
  /** host→board `[tenths & 0x7f, tenths >> 7]`: host silence before standalone mode, 0 = never. Saved in EEPROM. */
  standalone: 0x04,
  /** host→board `[slot 0–7, button pin, first LSB, first MSB, count LSB, count MSB]`; count 0 clears. Saved. */
  axon: 0x05,
  /** board→host `[1]` when standalone mode starts, `[0]` when the host takes over again. */
  state: 0x06,
} as const;
/** Host silence after which the firmware plays its idle animation, unless set with `KIT_SUB.standalone`. */
export const DEFAULT_STANDALONE_AFTER_MS = 3000;
/** The firmware's watchdog timeout: a board that stops running its loop restarts after this. */
export const WATCHDOG_TIMEOUT_MS = 2000;

/** Boards the kit ships firmware for. */
export type BoardKind = 'uno' | 'nano' | 'mega';
export const BOARD_KINDS: readonly BoardKind[] = ['uno', 'nano', 'mega'];

/** Absolute path of the prebuilt kit firmware for `board`, inside the installed package. */
export function firmwareHexPath(board: BoardKind): string {
  if (!BOARD_KINDS.includes(board)) throw new RangeError(`no kit firmware for board "${String(board)}": use ${BOARD_KINDS.join(', ')}`);
  return bundled('firmware', 'hex', `neuron_kit_${board}.hex`);
}

/** Parses a KIT_INFO payload (the bytes after the sub-command). */
export function parseKitInfo(payload: readonly number[]): { name: string; major: number; minor: number } {
  const [major = 0, minor = 0, ...name] = payload;
  return { name: String.fromCharCode(...name), major, minor };
}

/** True when a firmware reporting `found` can serve a host built for {@link KIT_FIRMWARE_VERSION}. */
export function isCompatibleKitFirmware(found: { name: string; major: number; minor: number }): boolean {
  return found.name === KIT_FIRMWARE_NAME && found.major === KIT_FIRMWARE_VERSION.major && found.minor >= KIT_FIRMWARE_VERSION.minor;
}
