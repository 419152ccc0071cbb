import { describe, expect, test } from 'vitest';
import {
  FirmwareCheckError, NoBootloaderAnswerError, PortBusyError, SignatureMismatchError, VerifyError, WrongBoardError,
} from '../../src/flash/core.js';
import { describeInstallFailure, describeInstallStep } from '../../src/site/install-words.js';

// The page's words for the uploader's typed errors: each says what happened and what to do, without
// a command-line flag a visitor of the page cannot use (except for the Mega, which needs the command line).
describe('"Install the kit firmware" in plain words', () => {
  test('a wrong board chosen names the board that answered and the choice to make', () => {
    const err = new WrongBoardError('uno', 'nano', 'A bootloader answered on p at 57600 baud', 'Run `neuron-kit flash --board nano`.');
    expect(describeInstallFailure(err, 'uno')).toBe(
      'A bootloader answered, but not the Arduino Uno\'s: this board looks like an Arduino Nano with the old bootloader. Choose "Arduino Nano" and install again.',
    );
  });

  test('no bootloader answering, a busy port, a verify mismatch, another chip, a failed check', () => {
    expect(describeInstallFailure(new NoBootloaderAnswerError('Web Serial (USB 2341:0043)', [115_200, 57_600]), 'nano'))
      .toMatch(/^No board answered the bootloader at 115200 or 57600 baud\. Check that the Arduino Nano is plugged in/);
    expect(describeInstallFailure(new PortBusyError('Web Serial', new Error('Failed to open serial port.')), 'uno')).toMatch(/another program or tab is using the board/);
    expect(describeInstallFailure(new VerifyError(0x1a2), 'uno')).toBe(
      'The firmware was written, but reading it back differs at byte 0x1a2. Install again; if it fails at the same place, the board may be damaged.',
    );
    expect(describeInstallFailure(new SignatureMismatchError('1e 98 01', '1e 95 0f', 'ATmega328P'), 'uno')).toMatch(/not the Arduino Uno's ATmega328P \(it answered 1e 98 01\).*neuron-kit flash --board mega/);
    expect(describeInstallFailure(new FirmwareCheckError('The board on p runs "StandardFirmata"', 'Run `neuron-kit flash`.'), 'uno')).toMatch(/written and read back, but the board does not answer as the kit firmware: The board on p runs "StandardFirmata"/);
    for (const text of [describeInstallFailure(new VerifyError(0), 'uno'), describeInstallFailure(new PortBusyError('p'), 'nano')]) expect(text).not.toMatch(/`|--board/);
  });

  test('progress: the rate the bootloader answered at, writing and reading back in percent', () => {
    expect(describeInstallStep({ type: 'bootloader', baudRate: 57_600, version: '2.0' })).toBe('The bootloader answered at 57600 baud (version 2.0). Writing…');
    expect(describeInstallStep({ type: 'progress', progress: { phase: 'write', doneBytes: 640, totalBytes: 12_800 } })).toBe('Writing the firmware: 5%');
    expect(describeInstallStep({ type: 'progress', progress: { phase: 'verify', doneBytes: 12_800, totalBytes: 12_800 } })).toBe('Reading it back to check: 100%');
    expect(describeInstallStep({ type: 'reset', baudRate: 115_200, attempt: 2 })).toBe('Restarting the board into its bootloader (115200 baud, second try)…');
  });
});
