/**
 * What a UART reads from a line driven at another baud rate. Each byte goes out 8N1 (a low start
 * bit, 8 data bits LSB first, a high stop bit); the receiver waits for a falling edge, checks the
 * start bit is still low half a bit later (else it was a glitch), then samples each bit in its
 * middle at its own bit time (ATmega328P datasheet §20.8 "Data Reception"; a 16550-style host
 * UART does the same). The data bits are delivered even when the stop bit is low: the AVR only sets
 * FE0, and a Linux tty in raw mode (serialport's, no INPCK) passes such a byte through as read.
 */

/** A byte on the line: its value and the board cycle at which its start bit begins. */
export interface LineFrame {
  value: number;
  startCycle: number;
}

/** Bits in an 8N1 frame: start, 8 data, stop. */
const FRAME_BITS = 10;

/**
 * Largest relative rate difference at which the receiver still samples every bit of a frame inside
 * the bit that was sent: the last sample (stop bit, 9.5 bit times in) drifts 9.5·3% ≈ 0.29 bit,
 * under the half bit that would land it in a neighbour. Within it the bytes arrive as sent.
 */
export const RATE_TOLERANCE = 0.03;

/** Whether two bit times are far enough apart for a receiver to misread the line. */
export function ratesDisagree(txBitCycles: number, rxBitCycles: number): boolean {
  return Math.abs(txBitCycles / rxBitCycles - 1) > RATE_TOLERANCE;
}

/**
 * The bytes a receiver with bit time `rxBitCycles` reads from `frames` sent with bit time
 * `txBitCycles` (frames in time order, not overlapping). The line idles high around them.
 */
export function receiveAtRate(frames: readonly LineFrame[], txBitCycles: number, rxBitCycles: number): number[] {
  // The line as its transitions: edges[i] is the level from cycle times[i] on.
  const times: number[] = [];
  const levels: number[] = [];
  let level = 1;
  for (const { value, startCycle } of frames) {
    for (let bit = 0; bit < FRAME_BITS; bit++) {
      const next = bit === 0 ? 0 : bit === FRAME_BITS - 1 ? 1 : (value >> (bit - 1)) & 1;
      if (next === level) continue;
      level = next;
      times.push(startCycle + bit * txBitCycles);
      levels.push(next);
    }
  }
  /** The level at `cycle`: that of the last transition at or before it (binary search), idle high before any. */
  const levelAt = (cycle: number): number => {
    let lo = 0;
    let hi = times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (times[mid]! <= cycle) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 1 : levels[lo - 1]!;
  };
  const received: number[] = [];
  let huntFrom = -Infinity;
  for (let i = 0; i < times.length; i++) {
    if (levels[i] !== 0 || times[i]! < huntFrom) continue;
    const t0 = times[i]!;
    if (levelAt(t0 + rxBitCycles / 2) !== 0) continue; // a glitch, not a start bit
    let value = 0;
    for (let bit = 0; bit < 8; bit++) value |= levelAt(t0 + (bit + 1.5) * rxBitCycles) << bit;
    received.push(value);
    huntFrom = t0 + (FRAME_BITS - 0.5) * rxBitCycles;
  }
  return received;
}
