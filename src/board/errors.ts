/**
 * Typed board errors. Each says what went wrong and, in `hint`, what to do next; the CLI shows both.
 */
export class BoardError extends Error {
  readonly hint: string;
  constructor(message: string, hint: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.hint = hint;
  }
}

/** No serial port looks like an Arduino. */
export class BoardNotFoundError extends BoardError {
  constructor(readonly portsSeen: readonly string[] = [], text?: { message: string; hint: string }) {
    super(
      text?.message ?? (portsSeen.length === 0 ? 'No serial ports found: no board is connected' : `No Arduino found among ${portsSeen.join(', ')}`),
      text?.hint ?? 'Plug the Arduino in with a data (not charge-only) USB cable, run `neuron-kit ports`, or use `--board emulated` to run on the twin.',
    );
  }
}

/** A port path was given, but no such port exists (nothing plugged in there, or a typo). */
export class PortNotFoundError extends BoardNotFoundError {
  constructor(readonly path: string) {
    super([path], {
      message: `There is no serial port ${path}: no board is plugged in there`,
      hint: 'Run `neuron-kit ports` to see the ports there are (an Arduino is marked *), check the USB cable carries data (charge-only cables do not), and give that path (--board for run and doctor, --port for flash).',
    });
  }
}

/** The port exists but this user may not open it. */
export class PortPermissionError extends BoardError {
  constructor(readonly path: string, cause?: unknown) {
    super(
      `Permission denied opening ${path}`,
      'Add yourself to the group that owns the port (`sudo usermod -aG dialout $USER` on Debian/Ubuntu/Raspberry Pi OS, `uucp` on Arch), then log out and back in.',
      { cause },
    );
  }
}

/** The port could not be opened for another reason (busy, vanished). */
export class PortOpenError extends BoardError {
  constructor(readonly path: string, cause?: unknown) {
    super(
      `Could not open ${path}: ${cause instanceof Error ? cause.message : String(cause)}`,
      'Close other programs using the board (Arduino IDE serial monitor, another neuron-kit), then run `neuron-kit ports` to check the path.',
      { cause },
    );
  }
}

/** The board answers Firmata but is not running pixel-capable firmware. */
export class WrongFirmwareError extends BoardError {
  constructor(readonly firmwareName: string, readonly expected: string) {
    // The name is whatever the board sent: control characters (NUL padding, escapes) are not shown.
    const shown = firmwareName.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
    super(
      `The board runs "${shown || 'unknown firmware'}", not ${expected}: it cannot drive LED strips`,
      'Run `neuron-kit flash` to install the kit firmware on the board.',
    );
  }
}

/** Nothing answered within the allowed board time. */
export class BoardTimeoutError extends BoardError {
  /**
   * @param bytesHeard bytes the port delivered meanwhile: none is a silent port (not the board, or
   *   a firmware that does not use its serial line); some is another firmware or another baud rate.
   */
  constructor(readonly path: string, readonly timeoutMs: number, readonly bytesHeard = 0) {
    super(
      `No Firmata answer from ${path} within ${(timeoutMs / 1000).toFixed(1)} s: ${bytesHeard === 0 ? 'it sent nothing' : `it sent ${bytesHeard} byte${bytesHeard === 1 ? '' : 's'} that were not Firmata (another firmware, or another baud rate)`}`,
      'Check that this port is the Arduino (`neuron-kit ports`), press its reset button and try again; if it still does not answer, run `neuron-kit flash`.',
    );
  }
}

/** The line carries bytes that cannot be Firmata: noise, a loose cable, another device or baud rate. */
export class GarbledLineError extends BoardError {
  constructor(readonly path: string) {
    super(
      `${path} sends bytes that cannot be Firmata: noise on the serial line, a loose cable, or another device or baud rate`,
      'Check that this port is the Arduino (`neuron-kit ports`) and its USB cable (short, well seated, away from mains and LED power leads); if it still happens, run `neuron-kit flash`.',
    );
  }
}

/** The board went away while in use (cable pulled, brown-out). */
export class BoardDisconnectedError extends BoardError {
  readonly disconnected = true;
  constructor(readonly path: string) {
    super(`The board on ${path} disconnected`, 'Check the USB cable and the power supply; the kit reconnects when the board is back.');
  }
}
