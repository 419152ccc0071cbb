import { describe, expect, test } from 'vitest';
import { FirmataReader } from '../../src/board/ports/index.js';
import { encodeReply } from '../../src/wire/index.js';

describe('FirmataReader', () => {
  test('splits a byte stream into messages whatever the chunk boundaries, skipping noise', () => {
    const seen: string[] = [];
    const reader = new FirmataReader({
      sysex: (m) => seen.push(`sysex ${m.join(',')}`),
      version: (major, minor) => seen.push(`version ${major}.${minor}`),
      digital: (port, levels) => seen.push(`digital ${port} ${levels.toString(2)}`),
      analog: (channel, value) => seen.push(`analog ${channel} ${value}`),
    });
    const stream = [
      0x55, 0x01, // noise before the first message
      0xf9, 2, 5, // REPORT_VERSION 2.5
      ...encodeReply.frameShown(300),
      0x90, 0x7b, 0x01, // port 0: pins 0,1,3–7 high
      0xe0, 0x7f, 0x07, // A0 = 1023
      0xf0, 0x0e, 0x02, // a sysex cut short by a new one…
      ...encodeReply.standalone(true),
    ];
    for (let i = 0; i < stream.length; i += 2) reader.push(stream.slice(i, i + 2));
    expect(seen).toEqual([
      'version 2.5',
      `sysex ${Array.from(encodeReply.frameShown(300).slice(1, -1)).join(',')}`,
      'digital 0 11111011',
      'analog 0 1023',
      `sysex ${Array.from(encodeReply.standalone(true).slice(1, -1)).join(',')}`,
    ]);
  });
});
