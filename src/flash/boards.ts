import type { BoardKind } from '../board/kinds/index.js';
import { parseIntelHex } from '../emulator/hex.js';
import { ImageError } from './errors.js';
import { ATMEGA328P, type ChipSpec } from './stk500v1.js';

/** How each board kind is programmed (arduino-core-avr boards.txt: upload.protocol/speed/maximum_size). */
export interface BoardProgramming {
  kind: BoardKind;
  /** Chip for the built-in uploader; null when only avrdude can program it. */
  chip: ChipSpec | null;
  /** Bootloader rates to try, in order: the expected one first. */
  bootloaderBauds: readonly number[];
  /** Bytes of flash the sketch may use (the rest holds the bootloader). */
  maxImageBytes: number;
  flashBytes: number;
  /** avrdude -p and -c. */
  avrdudePart: string;
  avrdudeProgrammer: string;
}

export const BOARD_PROGRAMMING: Readonly<Record<BoardKind, BoardProgramming>> = {
  // Uno: optiboot at 115200 (uno.upload.speed), 512-byte boot section.
  uno: { kind: 'uno', chip: ATMEGA328P, bootloaderBauds: [115_200], maxImageBytes: 32_256, flashBytes: 32_768, avrdudePart: 'atmega328p', avrdudeProgrammer: 'arduino' },
  // Nano: optiboot at 115200 on boards since 2018, ATmegaBOOT at 57600 on older ones and most clones
  // (nano.menu.cpu.atmega328old.upload.speed); 2 KB boot section either way in boards.txt.
  nano: { kind: 'nano', chip: ATMEGA328P, bootloaderBauds: [115_200, 57_600], maxImageBytes: 30_720, flashBytes: 32_768, avrdudePart: 'atmega328p', avrdudeProgrammer: 'arduino' },
  // Mega 2560: the stk500v2 ("wiring") bootloader, which the built-in uploader does not speak.
  mega: { kind: 'mega', chip: null, bootloaderBauds: [115_200], maxImageBytes: 253_952, flashBytes: 262_144, avrdudePart: 'atmega2560', avrdudeProgrammer: 'wiring' },
};

/**
 * The bytes to program from address 0 of an Intel HEX image, up to the last byte that is not erased
 * flash (0xFF). `source` names the image in errors (a file path, or "the kit firmware").
 * @throws ImageError when the text is malformed, or the image larger than the board allows
 */
export function imageFromHex(text: string, board: BoardProgramming, source: string): Uint8Array {
  let words: Uint16Array;
  try {
    words = parseIntelHex(text, board.flashBytes);
  } catch (err) {
    throw new ImageError(`${source} is not a usable Intel HEX file: ${(err as Error).message}`, 'Rebuild it with `npm run build:firmware`.');
  }
  const bytes = new Uint8Array(words.buffer, words.byteOffset, words.byteLength);
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0xff) end--;
  if (end > board.maxImageBytes) {
    throw new ImageError(`${source} needs ${end} bytes; the ${board.kind} leaves ${board.maxImageBytes} beside its bootloader`, 'Check that the hex was built for this board.');
  }
  return bytes.slice(0, end);
}

/** USB product ids of Arduino Mega 2560 boards (vendor 2341/2a03: 0010 Mega 2560, 0042 Mega 2560 R3, 0242 R3 DFU-less). */
const MEGA_PRODUCTS = new Set(['0010', '0042', '0242']);

/**
 * The board a USB serial port most likely belongs to, from its ids (lower-case hex, as `neuron-kit
 * ports` and Web Serial's getInfo give them): genuine Uno and Mega boards say who they are; CH340
 * (1a86) and FTDI (0403) adapters are nearly always Nanos. Uno when nothing tells.
 */
export function boardFromUsbIds(vendorId: string | undefined, productId: string | undefined): BoardKind {
  if (!vendorId) return 'uno';
  if ((vendorId === '2341' || vendorId === '2a03') && productId && MEGA_PRODUCTS.has(productId)) return 'mega';
  if (vendorId === '1a86' || vendorId === '0403') return 'nano';
  return 'uno';
}
