import { HexFormatError } from './errors.js';

/** Flash size of the ATmega328P in bytes (datasheet §1 "Features": 32 KBytes in-system programmable flash). */
export const ATMEGA328P_FLASH_BYTES = 32 * 1024;

/** Intel HEX record types (Intel "Hexadecimal Object File Format Specification", rev. A, 1988). */
const RECORD_DATA = 0x00;
const RECORD_EOF = 0x01;
const RECORD_EXTENDED_SEGMENT = 0x02;
const RECORD_START_SEGMENT = 0x03;
const RECORD_EXTENDED_LINEAR = 0x04;
const RECORD_START_LINEAR = 0x05;

/**
 * The bytes of a string of hex digit pairs, up to the first pair that is not hex (as Node's
 * `Buffer.from(text, 'hex')` reads it, so a bad digit shows up as a short record). Pure, for the browser.
 */
function hexBytes(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i + 1 < text.length; i += 2) {
    const pair = text.slice(i, i + 2);
    if (!/^[0-9a-fA-F]{2}$/.test(pair)) break;
    out.push(parseInt(pair, 16));
  }
  return Uint8Array.from(out);
}

/**
 * Parses an Intel HEX image into the program memory avr8js executes (16-bit words, little endian,
 * unprogrammed flash reads 0xFF as on a real chip).
 *
 * @param text the .hex file contents
 * @param flashBytes flash size of the target chip; default: ATmega328P, 32 KiB
 * @throws HexFormatError on a malformed record, a bad checksum, or data beyond the flash
 */
export function parseIntelHex(text: string, flashBytes = ATMEGA328P_FLASH_BYTES): Uint16Array {
  const flash = new Uint8Array(flashBytes).fill(0xff);
  let base = 0;
  let sawEof = false;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length && !sawEof; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    if (!line.startsWith(':') || line.length < 11 || line.length % 2 === 0) {
      throw new HexFormatError('not an Intel HEX record', i + 1);
    }
    const bytes = hexBytes(line.slice(1));
    const count = bytes[0]!;
    if (bytes.length !== count + 5) throw new HexFormatError('record length does not match its byte count', i + 1);
    let sum = 0;
    for (const b of bytes) sum = (sum + b) & 0xff;
    if (sum !== 0) throw new HexFormatError('checksum mismatch', i + 1);
    const address = (bytes[1]! << 8) | bytes[2]!;
    const type = bytes[3]!;
    const data = bytes.subarray(4, 4 + count);
    switch (type) {
      case RECORD_DATA: {
        const at = base + address;
        if (at + count > flashBytes) throw new HexFormatError(`data at 0x${at.toString(16)} is beyond the ${flashBytes}-byte flash`, i + 1);
        flash.set(data, at);
        break;
      }
      case RECORD_EOF:
        sawEof = true;
        break;
      case RECORD_EXTENDED_SEGMENT:
        base = ((data[0]! << 8) | data[1]!) << 4;
        break;
      case RECORD_EXTENDED_LINEAR:
        base = ((data[0]! << 8) | data[1]!) << 16;
        break;
      case RECORD_START_SEGMENT:
      case RECORD_START_LINEAR:
        break; // entry points: an AVR always starts at the reset vector
      default:
        throw new HexFormatError(`unknown record type ${type}`, i + 1);
    }
  }
  if (!sawEof) throw new HexFormatError('no end-of-file record');
  return new Uint16Array(flash.buffer);
}
