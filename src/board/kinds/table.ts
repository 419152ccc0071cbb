import { MAX_PIXELS, MAX_STRIPS, MAX_STRIP_PIN } from '../../wire/index.js';

/** Boards the kit runs on. */
export type BoardKind = 'uno' | 'nano' | 'mega';

/**
 * One board, as data: what an exhibit may use, where its analog inputs sit among the digital pins, and
 * what the kit firmware can drive on it. The exhibit validator, wiring, doctor and the firmware's limits
 * (through src/wire, checked against kit_protocol.h) all read this one table.
 */
export interface BoardSpec {
  kind: BoardKind;
  /** As printed on the board's silk screen / the shop's name. */
  name: string;
  /** The microcontroller (avrdude part name). */
  mcu: 'atmega328p' | 'atmega2560';
  /** Pin numbers of the board's digital pins, reserved ones included (Firmata's TOTAL_PINS minus analog-only inputs). */
  totalDigitalPins: number;
  /** Pins taken by the serial line to the host (USART0: D0 RX, D1 TX; ATmega328P datasheet §20, ATmega2560 §22). */
  reservedPins: readonly number[];
  /** Analog channels A0…; A0 = 0. */
  analogChannels: number;
  /** Digital pin number of A0: the analog inputs double as digital pins from here (Arduino variants' pins_arduino.h). */
  firstAnalogPin: number;
  /** How many analog channels are also digital pins (the Nano's A6/A7 are analog inputs only, pins_arduino.h "eightanaloginputs"). */
  digitalAnalogChannels: number;
  /** Strips one exhibit may have (node-pixel's MAX_STRIPS). */
  maxStrips: number;
  /** Pixels over all strips (node-pixel and the firmware: MAX_PIXELS). */
  maxPixels: number;
  /** Highest pin a strip may use: PIXEL_CONFIG carries the pin in 5 bits. */
  maxStripPin: number;
}

/** The boards, as data. */
export const BOARD_SPECS: Readonly<Record<BoardKind, BoardSpec>> = {
  // Arduino Uno R3 (ATmega328P): D0–D13, A0–A5 = D14–D19 (variants/standard/pins_arduino.h).
  uno: { kind: 'uno', name: 'Arduino Uno', mcu: 'atmega328p', totalDigitalPins: 20, reservedPins: [0, 1], analogChannels: 6, firstAnalogPin: 14, digitalAnalogChannels: 6, maxStrips: MAX_STRIPS, maxPixels: MAX_PIXELS, maxStripPin: MAX_STRIP_PIN },
  // Arduino Nano (ATmega328P): as the Uno, plus A6 and A7, analog inputs only (variants/eightanaloginputs).
  nano: { kind: 'nano', name: 'Arduino Nano', mcu: 'atmega328p', totalDigitalPins: 20, reservedPins: [0, 1], analogChannels: 8, firstAnalogPin: 14, digitalAnalogChannels: 6, maxStrips: MAX_STRIPS, maxPixels: MAX_PIXELS, maxStripPin: MAX_STRIP_PIN },
  // Arduino Mega 2560: D0–D53, A0–A15 = D54–D69 (variants/mega/pins_arduino.h).
  mega: { kind: 'mega', name: 'Arduino Mega 2560', mcu: 'atmega2560', totalDigitalPins: 70, reservedPins: [0, 1], analogChannels: 16, firstAnalogPin: 54, digitalAnalogChannels: 16, maxStrips: MAX_STRIPS, maxPixels: MAX_PIXELS, maxStripPin: MAX_STRIP_PIN },
};

export const BOARD_KIND_LIST: readonly BoardKind[] = ['uno', 'nano', 'mega'];

const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

/** Digital pins a button may use: every digital pin but the serial line's. */
export function buttonPins(kind: BoardKind): number[] {
  const b = BOARD_SPECS[kind];
  return range(0, b.totalDigitalPins - 1).filter((p) => !b.reservedPins.includes(p));
}

/** Digital pins a strip's data line may use: as for buttons, up to the 5-bit pin of PIXEL_CONFIG. */
export function stripPins(kind: BoardKind): number[] {
  return buttonPins(kind).filter((p) => p <= BOARD_SPECS[kind].maxStripPin);
}

/** Analog channels (A0 = 0). */
export function analogChannels(kind: BoardKind): number[] {
  return range(0, BOARD_SPECS[kind].analogChannels - 1);
}

/** The digital pin that is analog channel `channel` (A0 on a Uno is D14), or null for analog-only inputs. */
export function digitalPinOfAnalog(kind: BoardKind, channel: number): number | null {
  const b = BOARD_SPECS[kind];
  return Number.isInteger(channel) && channel >= 0 && channel < b.digitalAnalogChannels ? b.firstAnalogPin + channel : null;
}

/** The analog channel a digital pin also is (D14 on a Uno is A0), or null. */
export function analogOfDigitalPin(kind: BoardKind, pin: number): number | null {
  const ch = pin - BOARD_SPECS[kind].firstAnalogPin;
  return digitalPinOfAnalog(kind, ch) === null ? null : ch;
}

/** A pin as printed on the board: "D6", or "D14 (A0)" for an analog input used as a digital pin. */
export function pinLabel(kind: BoardKind, pin: number): string {
  const ch = analogOfDigitalPin(kind, pin);
  return ch === null ? `D${pin}` : `D${pin} (A${ch})`;
}

/** Pins as a short list of ranges: "D2–D31". */
export function describePins(pins: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < pins.length; ) {
    let j = i;
    while (j + 1 < pins.length && pins[j + 1] === pins[j]! + 1) j++;
    parts.push(i === j ? `D${pins[i]}` : `D${pins[i]}–D${pins[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

/**
 * Why a strip cannot use `pin` on this board, naming the pins it may use; null when it can.
 */
export function stripPinProblem(kind: BoardKind, pin: number): string | null {
  if (stripPins(kind).includes(pin)) return null;
  const b = BOARD_SPECS[kind];
  const allowed = describePins(stripPins(kind));
  if (b.reservedPins.includes(pin)) return `pin ${pin} is reserved: pins 0 and 1 are the serial line to the computer; a strip may use ${allowed}`;
  if (pin > b.maxStripPin && pin < b.totalDigitalPins) {
    return `a strip cannot use D${pin}: node-pixel's strip configuration carries the pin in 5 bits (D0–D${b.maxStripPin}); on the ${b.name} a strip may use ${allowed}`;
  }
  return `the ${b.name} has no digital pin ${pin}; a strip may use ${allowed}`;
}
