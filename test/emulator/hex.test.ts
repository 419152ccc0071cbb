import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { HexFormatError, parseIntelHex, stockFirmwarePath, unoPin } from '../../src/emulator/index.js';

describe('Intel HEX and pin map', () => {
  test('parses the stock firmware: reset vector is a JMP, unprogrammed flash reads 0xFFFF', () => {
    const prog = parseIntelHex(readFileSync(stockFirmwarePath(), 'utf8'));
    expect(prog.length).toBe(16 * 1024);
    expect(prog[0]).toBe(0x940c); // first record: 0C 94 = JMP (little-endian word 0x940C)
    expect(prog[prog.length - 1]).toBe(0xffff);
  });

  test('rejects a bad checksum with the line number', () => {
    expect(() => parseIntelHex(':100000000C945D000C9485000C9485000C94850085\n:00000001FF\n')).toThrow(HexFormatError);
    expect(() => parseIntelHex(':100000000C945D000C9485000C9485000C94850085\n')).toThrow(/line 1/);
    expect(() => parseIntelHex(':100000000C945D000C9485000C9485000C94850084\n')).toThrow(/end-of-file/);
  });

  test('maps Arduino pins to ports', () => {
    expect(unoPin(6)).toEqual({ port: 'D', bit: 6 });
    expect(unoPin(13)).toEqual({ port: 'B', bit: 5 });
    expect(unoPin(14)).toEqual({ port: 'C', bit: 0 });
    expect(() => unoPin(20)).toThrow(/0–13/);
  });
});
