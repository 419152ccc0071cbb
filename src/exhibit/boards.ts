/** What an exhibit may use on each supported board. Variants are data. */
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
  /**
   * Most strips and pixels node-pixel's Firmata protocol can address (node-pixel lib/pixel.js:
   * MAX_STRIPS 8, MAX_PIXELS 216 "based on # bytes available in firmata").
   */
  maxStrips: number;
  maxPixels: number;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

export type BoardKind = 'uno' | 'nano' | 'mega';

export const BOARDS: Readonly<Record<BoardKind, BoardProfile>> = {
  /** Arduino Uno (ATmega328P): D2–D13 and A0–A5 as D14–D19. */
  uno: { digitalPins: range(2, 19), analogPins: range(0, 5), reservedPins: [0, 1], firstAnalogAsDigital: 14, maxStrips: 8, maxPixels: 216 },
  /** Arduino Nano (ATmega328P): as the Uno, plus A6 and A7, which are analog inputs only. */
  nano: { digitalPins: range(2, 19), analogPins: range(0, 7), reservedPins: [0, 1], firstAnalogAsDigital: 14, maxStrips: 8, maxPixels: 216 },
  /** Arduino Mega 2560: D2–D53 and A0–A15 as D54–D69. */
  mega: { digitalPins: range(2, 69), analogPins: range(0, 15), reservedPins: [0, 1], firstAnalogAsDigital: 54, maxStrips: 8, maxPixels: 216 },
};

/** Colour orders node-pixel can put on the wire. */
export const COLOR_ORDERS = ['GRB', 'RGB', 'BRG'] as const;
export type ColorOrder = (typeof COLOR_ORDERS)[number];

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
