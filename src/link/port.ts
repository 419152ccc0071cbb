import type { BoardClock } from '../board/clock.js';
import type { StripSpec } from '../board/kit-board.js';

/**
 * The smallest part of a board the LED link needs: the line (its rate and a way to write to it), the
 * board's clock, the strips, the LEDs' gamma, and the fence the firmware answers after a show. The
 * board (`KitBoard`) implements it; the link never touches firmata-io or node-pixel itself.
 */
export interface PixelPort {
  readonly clock: BoardClock;
  /** Nominal line rate, bits per second. */
  readonly lineBaudRate: number;
  /** The strips, in the order their pixels are numbered. */
  readonly strips: readonly StripSpec[];
  readonly pixelCount: number;
  /** Logical channel value (0–255) → value on the wire: the LEDs' gamma. */
  readonly gammaTable: readonly number[];
  /**
   * True when the firmware acknowledges every show once it is on the LEDs and loses no byte meanwhile
   * (the kit firmware's FRAME_SHOWN); false when the link must pad the show's blackout and send its
   * own fence (Firmata REPORT_VERSION) on stock firmware.
   */
  readonly acknowledgesShows: boolean;
  /** Writes bytes to the line, after everything written before them. */
  writeRaw(bytes: Uint8Array): void;
  /** Calls `listener` for each show acknowledgement or fence answer; returns a function that stops it. */
  onFence(listener: () => void): () => void;
}
