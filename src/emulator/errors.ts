/**
 * Typed errors of the emulated board. Each carries a `hint`: the next step for whoever reads it.
 */
export class EmulatorError extends Error {
  readonly hint: string;
  constructor(message: string, hint: string) {
    super(message);
    this.name = new.target.name;
    this.hint = hint;
  }
}

/** The firmware file is not valid Intel HEX or does not fit the chip. */
export class HexFormatError extends EmulatorError {
  constructor(message: string, readonly line?: number) {
    super(line === undefined ? message : `${message} (line ${line})`, 'Use a .hex file built for the Arduino Uno (ATmega328P), e.g. the one `neuron-kit flash` uses.');
  }
}

/** The emulated board has not reached a condition within the allowed emulated time. */
export class EmulatedTimeoutError extends EmulatorError {
  constructor(what: string, readonly limitMs: number) {
    super(`${what}: not reached within ${limitMs} ms of emulated time`, 'Check the firmware and the pins in use; run with DEBUG=neuron-kit:* to see the board traffic.');
  }
}
