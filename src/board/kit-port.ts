import type { AxonConfig } from '../wire/index.js';
import type { PixelPort } from '../link/port.js';
import type { BoardClock } from './clock.js';
import type { BoardDisconnectedError } from './errors.js';

/** Listener for a digital input: level (0/1) and the board time it was reported, ms. */
export type DigitalListener = (value: 0 | 1, atMs: number) => void;
/** Listener for an analog input: raw 10-bit reading (0–1023) and its board time, ms. */
export type AnalogListener = (value: number, atMs: number) => void;

/**
 * A board as everything above the transport uses it: its clock, who it is, its inputs stamped with
 * board time, its pixels, and the kit firmware's standalone mode. One implementation, `KitBoard`
 * (firmata-io → johnny-five → node-pixel), runs over either transport: a serialport for an Arduino,
 * the twin's UART for the emulated board (`connectBoard` with `serialTransport` or `emulatedTransport`).
 *
 * Errors: `'disconnect'` with a {@link BoardDisconnectedError} when the line goes away; after that
 * writes are dropped and `show()` promises stay pending until `close()`. `'reboot'` (once) when the
 * board announces that it started again while the line stayed open — its watchdog restarted a hung
 * firmware, a brown-out, its reset button: its strips, input modes and LEDs are as after power-up, so
 * the owner closes this port and connects again.
 */
export interface KitPort extends PixelPort {
  readonly clock: BoardClock;
  /** Where the board is: its serial port path, or "emulated". */
  readonly path: string;
  /** What the board answered to Firmata's REPORT_FIRMWARE. */
  readonly firmware: { name: string; version: string };
  /** The kit firmware's own identity (KIT_INFO), or null on other firmware. */
  readonly kit: { name: string; version: string } | null;
  /** Puts pins in input mode (with the pull-up by default) before any of them reports. */
  prepareInputs(pins: readonly number[], pullUp?: boolean): void;
  /** Reports a digital input on change, stamped with board time. */
  watchDigital(pin: number, listener: DigitalListener, pullUp?: boolean): void;
  /** Reports an analog input (A0 = 0) every sampling interval, stamped with board time. */
  watchAnalog(channel: number, listener: AnalogListener): void;
  /** Sets pixel `index` (strips end to end) to a wire colour 0xRRGGBB, after gamma; shown at the next show. */
  setPixel(index: number, wireRgb: number): void;
  /** Sets every pixel to a wire colour; shown at the next show. */
  fill(wireRgb: number): void;
  /** Shows what was set; resolves with the board time once the firmware says it is on the LEDs. */
  show(): Promise<number>;
  /**
   * Tells the kit firmware which pixels each button's axon covers for its standalone mode (kept in
   * EEPROM), and optionally after how much host silence it starts. No-op on other firmware.
   */
  configureStandalone(axons: readonly AxonConfig[], afterMs?: number): void;
  on(event: 'disconnect', listener: (err: BoardDisconnectedError) => void): this;
  once(event: 'disconnect', listener: (err: BoardDisconnectedError) => void): this;
  on(event: 'reboot', listener: () => void): this;
  once(event: 'reboot', listener: () => void): this;
  /**
   * Leaves the LEDs safe before the host goes: all pixels off, then the port closed (the kit
   * firmware's standalone mode takes over after its silence timeout).
   */
  leaveSafe(): Promise<void>;
  close(): Promise<void>;
}
