import { END_SYSEX, REPORT_VERSION, START_SYSEX } from '../../wire/index.js';

/** Firmata's channel messages (Firmata protocol v2.x, "Message types"): the high nibble, channel in the low one. */
export const DIGITAL_MESSAGE = 0x90;
export const ANALOG_MESSAGE = 0xe0;
export const REPORT_ANALOG = 0xc0;
export const REPORT_DIGITAL = 0xd0;
/** SET_PIN_MODE pin mode. */
export const SET_PIN_MODE = 0xf4;
/** Pin modes (Firmata protocol v2.x "Pin modes"). */
export const PIN_MODE = { input: 0x00, analog: 0x02, pullUp: 0x0b } as const;
/** Longest sysex kept; the kit's messages are a few dozen bytes, a capability answer a few hundred. */
const MAX_SYSEX_BYTES = 1024;

/** What the board said, one Firmata message at a time. */
export interface FirmataHandlers {
  /** A sysex message `[command, ...data]` without F0/F7. */
  sysex(message: number[]): void;
  /** REPORT_VERSION's answer (F9 major minor): the stock firmware's fence. */
  version(major: number, minor: number): void;
  /** A digital port report: 8 pin levels, bit 0 = pin port × 8. */
  digital(port: number, levels: number): void;
  /** An analog report: channel (A0 = 0) and its 10-bit value. */
  analog(channel: number, value: number): void;
}

/**
 * Splits the board's byte stream into Firmata messages, across chunk boundaries: the kit firmware's
 * and node-pixel's sysex, REPORT_VERSION, digital and analog reports. Anything else (noise at the
 * wrong baud rate, messages the kit does not use) is skipped. Pure, for the browser's kit port.
 */
export class FirmataReader {
  private sysex: number[] | null = null;
  /** A channel message waiting for its two data bytes: [command, ...data]. */
  private pending: number[] | null = null;

  constructor(private readonly on: FirmataHandlers) {}

  push(bytes: Iterable<number>): void {
    for (const b of bytes) this.byte(b);
  }

  private byte(b: number): void {
    if (this.sysex) {
      if (b === END_SYSEX) {
        const message = this.sysex;
        this.sysex = null;
        this.on.sysex(message);
      } else if (b === START_SYSEX || this.sysex.length >= MAX_SYSEX_BYTES) {
        this.sysex = b === START_SYSEX ? [] : null; // cut short: drop it
      } else this.sysex.push(b);
      return;
    }
    if (b === START_SYSEX) {
      this.sysex = [];
      this.pending = null;
      return;
    }
    if (b & 0x80) {
      const kind = b < 0xf0 ? b & 0xf0 : b;
      this.pending = kind === DIGITAL_MESSAGE || kind === ANALOG_MESSAGE || kind === REPORT_VERSION ? [b] : null;
      return;
    }
    if (!this.pending) return;
    this.pending.push(b);
    if (this.pending.length < 3) return;
    const [command, lsb, msb] = this.pending as [number, number, number];
    this.pending = null;
    const value = lsb | (msb << 7);
    if (command === REPORT_VERSION) this.on.version(lsb, msb);
    else if ((command & 0xf0) === DIGITAL_MESSAGE) this.on.digital(command & 0x0f, value);
    else this.on.analog(command & 0x0f, value);
  }
}
