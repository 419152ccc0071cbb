/**
 * Typed flashing errors. Each says what went wrong and, in `hint`, what to do next; the CLI shows both.
 */
export class FlashError extends Error {
  readonly hint: string;
  constructor(message: string, hint: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.hint = hint;
  }
}

/** Nothing answered the STK500v1 sync after resetting the board. */
export class NoBootloaderAnswerError extends FlashError {
  constructor(readonly path: string, readonly baudRates: readonly number[]) {
    super(
      `No bootloader answered on ${path} (tried ${baudRates.join(' and ')} baud)`,
      'Check that this is the Arduino (`neuron-kit ports`) and that no other program has it open. If the board has no USB reset (some clones), press its reset button just as the upload starts.',
    );
  }
}

/** A bootloader answered, but not the one the chosen board kind uses. */
export class WrongBoardError extends FlashError {
  /**
   * @param chosen the board kind the upload was for
   * @param likely the board kind whose bootloader answered instead
   */
  constructor(readonly chosen: string, readonly likely: string, message: string, hint: string) {
    super(message, hint);
  }
}

/** The port could not be opened: in use by another program, or no permission. */
export class PortBusyError extends FlashError {
  constructor(readonly path: string, cause?: unknown) {
    super(
      `Could not open ${path}: ${cause instanceof Error ? cause.message : String(cause)}`,
      'Close other programs using the board (Arduino IDE serial monitor, a running neuron-kit, avrdude) and try again; on Linux, permission errors are fixed with `sudo usermod -aG dialout $USER` and logging in again.',
      { cause },
    );
  }
}

/** The chip's signature does not match the board kind. */
export class SignatureMismatchError extends FlashError {
  constructor(readonly found: string, readonly expected: string, board: string) {
    super(
      `The chip answered with signature ${found}, not ${expected} (${board})`,
      'Choose the board you have with `--board uno|nano|mega`.',
    );
  }
}

/** Flash read back differs from what was written. */
export class VerifyError extends FlashError {
  constructor(readonly address: number) {
    super(
      `Verification failed: flash differs from the image at byte 0x${address.toString(16)}`,
      'Run `neuron-kit flash` again; if it fails at the same place, the board may be damaged or a different chip.',
    );
  }
}

/** avrdude ran and failed. */
export class AvrdudeError extends FlashError {
  constructor(message: string, hint: string, readonly output: string) {
    super(message, hint);
  }
}

/** The board was flashed but does not answer as the kit firmware. */
export class FirmwareCheckError extends FlashError {
  constructor(message: string, hint: string) {
    super(message, hint);
  }
}

/** The image does not fit the board, or the hex file is unusable. */
export class ImageError extends FlashError {
  constructor(message: string, hint: string) {
    super(message, hint);
  }
}
