import { readFileSync } from 'node:fs';
import { type BoardProgramming, imageFromHex } from './boards.js';
import { ImageError } from './errors.js';

/**
 * Reads an Intel HEX file into the bytes to program from address 0 (see {@link imageFromHex}).
 * @throws ImageError when the file is unreadable, malformed, or larger than the board allows
 */
export function loadImage(hexPath: string, board: BoardProgramming): Uint8Array {
  let text: string;
  try {
    text = readFileSync(hexPath, 'utf8');
  } catch (err) {
    throw new ImageError(`Cannot read ${hexPath}: ${(err as Error).message}`, 'Reinstall neuron-kit, or build the firmware with `npm run build:firmware`.');
  }
  return imageFromHex(text, board, hexPath);
}
