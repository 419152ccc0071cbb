import { readFileSync } from 'node:fs';
import { EEPROMMemoryBackend } from 'avr8js';
import { describe, expect, test } from 'vitest';
import { ATMEGA2560_EEPROM_BYTES, ATMEGA2560_FLASH_BYTES, MEGA_CLOCK_HZ, Mega, UartTransport, Ws2812Decoder, parseIntelHex, type DecodedFrame } from '../../src/emulator/index.js';
import { wireToRgb } from '../../src/wire/index.js';
import { firmwareHexPath } from '../../src/firmware-info.js';
import { KIT_BAUD_RATE, decodeSysex, encode, splitSysex } from '../../src/wire/index.js';

// The committed Mega image on avr8js's ATmega2560 parts (src/emulator/mega.ts), emulated time only.
function megaChip() {
  const program = parseIntelHex(readFileSync(firmwareHexPath('mega'), 'utf8'), ATMEGA2560_FLASH_BYTES);
  const mega = new Mega(program, 0, new EEPROMMemoryBackend(ATMEGA2560_EEPROM_BYTES));
  const transport = new UartTransport(KIT_BAUD_RATE);
  transport.attach(mega);
  const sent: number[] = [];
  const toHost = mega.usart.onByteTransmit!;
  mega.usart.onByteTransmit = (value) => {
    sent.push(value);
    toHost(value);
  };
  const decoders = new Map<number, Ws2812Decoder>();
  const frames: DecodedFrame[] = [];
  mega.onPinEdge((pin, high, cycle) => {
    if (pin <= 1) return;
    let d = decoders.get(pin);
    if (!d) {
      d = new Ws2812Decoder(pin, MEGA_CLOCK_HZ);
      d.onFrame((f) => frames.push(f));
      decoders.set(pin, d);
    }
    d.edge(high, cycle);
  });
  const slice = MEGA_CLOCK_HZ / 1000;
  return {
    mega, sent, frames,
    write: (bytes: Uint8Array) => transport.write(Buffer.from(bytes)),
    lastFrame: (pin: number) => decoders.get(pin)?.last ?? null,
    /** Runs 1 ms slices until `until` holds; throws after `withinMs` of emulated time. */
    async run(until: () => boolean, withinMs: number): Promise<void> {
      const limit = mega.cycles + (withinMs * MEGA_CLOCK_HZ) / 1000;
      while (!until()) {
        if (mega.cycles >= limit) throw new Error(`not within ${withinMs} ms of emulated time`);
        mega.runUntil(mega.cycles + slice);
        for (const d of decoders.values()) d.flush(mega.cycles);
        transport.flushToHost();
        await new Promise((r) => setImmediate(r));
      }
    },
  };
}

describe('the Mega image on an emulated ATmega2560', () => {
  test('boots, says who it is, and drives strips on D6 and on D31, the highest pin a strip can use', async () => {
    const chip = megaChip();
    const info = () => splitSysex(chip.sent).map(decodeSysex).find((m) => m.kind === 'kitInfo');
    await chip.run(() => info() !== undefined, 500);
    expect(info()).toMatchObject({ name: 'NeuronKit', major: 1 });
    chip.write(encode.pixelConfig([{ pin: 6, length: 4 }, { pin: 31, length: 2, order: 'RGB' }]));
    chip.write(Uint8Array.of(...encode.pixelSet(1, 0x102030), ...encode.pixelSet(5, 0x405060), ...encode.pixelShow()));
    await chip.run(() => chip.lastFrame(6) !== null && chip.lastFrame(31) !== null, 200);
    expect(wireToRgb(chip.lastFrame(6)!.bytes)).toEqual([[0, 0, 0], [0x10, 0x20, 0x30], [0, 0, 0], [0, 0, 0]]);
    expect(wireToRgb(chip.lastFrame(31)!.bytes, 'RGB')).toEqual([[0, 0, 0], [0x40, 0x50, 0x60]]);
    // The show was acknowledged.
    expect(splitSysex(chip.sent).map(decodeSysex).some((m) => m.kind === 'frameShown')).toBe(true);
  });
});
