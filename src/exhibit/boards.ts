import { BOARD_SPECS, analogChannels, buttonPins, type BoardKind } from '../board/kinds/index.js';

export type { BoardKind } from '../board/kinds/index.js';

/**
 * What an exhibit may use on each supported board, as the exhibit validator reads it. Derived from
 * the one board table (src/board/kinds), which also holds the strip-pin and analog-alias rules.
 */
export interface BoardProfile {
  /** Digital pins a button or a strip may use (0 and 1 are the serial line). */
  digitalPins: readonly number[];
  /** Analog input channels (A0 = 0 …). */
  analogPins: readonly number[];
  /**
   * The digital pin number of A0: analog inputs are also digital pins (A0 = D14 on the Uno and Nano,
   * D54 on the Mega), so a button on D14 and the age dial on A0 would share one physical pin. Analog
   * channels past the last digital pin (the Nano's A6 and A7) are analog-only.
   */
  firstAnalogAsDigital: number;
  /** Pins taken by the serial line to the host (USART0 on the ATmega328P/2560: D0 RX, D1 TX). */
  reservedPins: readonly number[];
  /** Most strips and pixels node-pixel and the kit firmware drive (MAX_STRIPS, MAX_PIXELS in kit_protocol.h). */
  maxStrips: number;
  maxPixels: number;
}

const profile = (kind: BoardKind): BoardProfile => ({
  digitalPins: buttonPins(kind),
  analogPins: analogChannels(kind),
  reservedPins: BOARD_SPECS[kind].reservedPins,
  firstAnalogAsDigital: BOARD_SPECS[kind].firstAnalogPin,
  maxStrips: BOARD_SPECS[kind].maxStrips,
  maxPixels: BOARD_SPECS[kind].maxPixels,
});

export const BOARDS: Readonly<Record<BoardKind, BoardProfile>> = { uno: profile('uno'), nano: profile('nano'), mega: profile('mega') };

/** Colour orders node-pixel can put on the wire: defined with the wire protocol. */
export { COLOR_ORDERS, type ColorOrder } from '../wire/index.js';

/**
 * The name of the physical pin behind a digital or analog pin number: "D6", "A0 (D14)" for an analog
 * input that is also a digital pin, "A6" for an analog-only input. Two uses with the same name clash.
 */
export function physicalPin(board: BoardProfile, kind: 'digital' | 'analog', n: number): string {
  const analog = kind === 'analog' ? n : n - board.firstAnalogAsDigital;
  const digital = kind === 'digital' ? n : n + board.firstAnalogAsDigital;
  const isAnalog = board.analogPins.includes(analog);
  const isDigital = board.digitalPins.includes(digital);
  if (isAnalog && isDigital) return `A${analog} (D${digital})`;
  return isAnalog && kind === 'analog' ? `A${analog}` : `D${digital}`;
}
