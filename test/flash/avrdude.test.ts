import { describe, expect, test } from 'vitest';
import { PortNotFoundError } from '../../src/board/errors.js';
import { firmwareHexPath } from '../../src/firmware-info.js';
import {
  BOARD_PROGRAMMING, NoBootloaderAnswerError, PortBusyError, VerifyError, avrdudeArgs, classifyAvrdudeFailure, findAvrdude, runAvrdude,
} from '../../src/flash/index.js';

describe('avrdude', () => {
  test('arguments: programmer, part, rate, no chip erase, the hex as Intel HEX', () => {
    expect(avrdudeArgs(BOARD_PROGRAMMING.uno, '/dev/ttyACM0', 115_200, '/x/k.hex')).toEqual(
      ['-p', 'atmega328p', '-c', 'arduino', '-P', '/dev/ttyACM0', '-b', '115200', '-D', '-U', 'flash:w:/x/k.hex:i'],
    );
    expect(avrdudeArgs(BOARD_PROGRAMMING.mega, '/dev/ttyACM0', 115_200, 'k.hex').slice(0, 4)).toEqual(['-p', 'atmega2560', '-c', 'wiring']);
  });

  test('known failures become typed errors (avrdude 6 and 7 wording)', () => {
    expect(classifyAvrdudeFailure('avrdude: stk500_recv(): programmer is not responding\navrdude: stk500_getsync() attempt 10 of 10: not in sync: resp=0x00', 'p', 115200)).toBeInstanceOf(NoBootloaderAnswerError);
    expect(classifyAvrdudeFailure("avrdude: ser_open(): can't open device \"/dev/ttyUSB0\": Device or resource busy", 'p', 115200)).toBeInstanceOf(PortBusyError);
    expect(classifyAvrdudeFailure('avrdude: verification error, first mismatch at byte 0x0040\n         0x0c != 0xff', 'p', 115200)).toBeInstanceOf(VerifyError);
  });

  // Runs the installed avrdude for real; CI installs it (apt-get install avrdude).
  const avrdude = findAvrdude();
  if (!avrdude && process.env.NEURON_KIT_REQUIRE_ALL) throw new Error('avrdude is not installed (apt-get install -y avrdude)');
  test.skipIf(!avrdude).each(['uno', 'mega'] as const)('%s: a port that does not exist: the real avrdude (stopped within 3 s if it keeps retrying) maps to PortNotFoundError, with no permission advice', async (board) => {
    const err = await runAvrdude(avrdude!, BOARD_PROGRAMMING[board], '/dev/ttyNEURONKIT0', 115_200, firmwareHexPath(board), undefined, 3000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PortNotFoundError);
    expect((err as PortNotFoundError).hint).not.toMatch(/dialout/);
  });
});
