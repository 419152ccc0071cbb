import { describe, expect, it } from 'vitest';
import { ratesDisagree, receiveAtRate, RATE_TOLERANCE } from '../../src/emulator/line-rate.js';

/** Bit time in 16 MHz cycles at `baud`. */
const bit = (baud: number) => 16e6 / baud;

/** Frames sent back to back from cycle 0. */
function burst(bytes: number[], bitCycles: number) {
  return bytes.map((value, i) => ({ value, startCycle: i * 10 * bitCycles }));
}

const everyByte = Array.from({ length: 256 }, (_, i) => i);

describe('a UART reading a line driven at another rate', () => {
  it('reads every byte as sent at the same rate and within the tolerance either way', () => {
    for (const skew of [1, 1 + RATE_TOLERANCE, 1 - RATE_TOLERANCE]) {
      expect(receiveAtRate(burst(everyByte, bit(57_600)), bit(57_600), bit(57_600) * skew)).toEqual(everyByte);
    }
    // The stock firmware's real 58,824 baud against the host's 57,600: 2.1 % apart, read right.
    expect(ratesDisagree(bit(58_824), bit(57_600))).toBe(false);
  });

  it('resynchronises on each start bit after an idle gap', () => {
    const frames = [{ value: 0x55, startCycle: 0 }, { value: 0xa3, startCycle: 50_000 }, { value: 0x00, startCycle: 90_000 }];
    expect(receiveAtRate(frames, bit(500_000), bit(500_000) * 1.02)).toEqual([0x55, 0xa3, 0x00]);
  });

  it('turns the kit firmware at 500000 baud into garbage for a host at 57600, and back', () => {
    const banner = [0xf9, 2, 5, 0xf0, 0x79, 2, 5, 0x4e, 0, 0x4b, 0, 0xf7];
    expect(ratesDisagree(bit(500_000), bit(57_600))).toBe(true);
    const heard = receiveAtRate(burst(banner, bit(500_000)), bit(500_000), bit(57_600));
    // A 20 µs byte is shorter than two of the host's bits: far fewer bytes arrive, none of them the banner.
    expect(heard.length).toBeLessThan(banner.length / 2);
    expect(heard).not.toContain(0xf9);
    const slowToFast = receiveAtRate(burst([0xf0, 0x79, 0xf7], bit(57_600)), bit(57_600), bit(500_000));
    expect(slowToFast.length).toBeGreaterThan(3);
    expect(slowToFast.slice(0, 3)).not.toEqual([0xf0, 0x79, 0xf7]);
  });

  it('hears nothing from an idle line and ignores a glitch shorter than half a bit', () => {
    expect(receiveAtRate([], bit(57_600), bit(57_600))).toEqual([]);
    // A byte at 1 Mbaud whose low start bit lasts 16 cycles is a glitch to a 9600-baud receiver.
    expect(receiveAtRate([{ value: 0xff, startCycle: 0 }], 16, bit(9600))).toEqual([]);
  });
});
