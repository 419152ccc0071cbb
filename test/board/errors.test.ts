import { describe, expect, test } from 'vitest';
import { Twin, stockFirmwarePath } from '../../src/emulator/index.js';
import {
  BoardNotFoundError, BoardTimeoutError, PortOpenError, PortPermissionError, classifyOpenError, connectBoard,
  emulatedTransport, serialTransport,
} from '../../src/board/index.js';
import { whileRunning } from './twin-helper.js';

describe('board errors say what to do next', () => {
  test('port open failures are classified', () => {
    expect(classifyOpenError('/dev/ttyACM0', new Error('Error: Permission denied, cannot open /dev/ttyACM0'))).toBeInstanceOf(PortPermissionError);
    expect(classifyOpenError('/dev/ttyACM0', new Error('Error: No such file or directory, cannot open /dev/ttyACM0'))).toBeInstanceOf(BoardNotFoundError);
    const busy = classifyOpenError('/dev/ttyACM0', new Error('Error Resource temporarily unavailable Cannot lock port'));
    expect(busy).toBeInstanceOf(PortOpenError);
    expect((busy as PortOpenError).hint).toMatch(/Close other programs/);
    expect(new PortPermissionError('/dev/ttyACM0').hint).toMatch(/dialout/);
  });

  test('a port that does not exist is "no board found", naming the port, through the real serialport', async () => {
    const err = await connectBoard(serialTransport('/dev/neuron-kit-no-such-port'), { strips: [{ pin: 6, length: 1 }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BoardNotFoundError);
    expect((err as Error).message).toBe('There is no serial port /dev/neuron-kit-no-such-port: no board is plugged in there');
    expect((err as BoardNotFoundError).hint).not.toMatch(/dialout/);
  });

  test('a strip on a pin the pixel configuration cannot carry is refused before the port opens', async () => {
    const err = await connectBoard(serialTransport('/dev/neuron-kit-no-such-port'), { strips: [{ pin: 40, length: 1 }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RangeError);
    expect((err as Error).message).toBe('connectBoard: a strip cannot use pin 40; use D2–D31');
  });

  test('a board that never answers Firmata times out in board time', async () => {
    // node-pixel's I2C backpack firmware runs on a Uno but speaks no Firmata on its serial port.
    const twin = new Twin({ hexPath: stockFirmwarePath().replace('firmata/uno/node_pixel_firmata.ino.hex', 'backpack/uno/backpack.ino.hex') });
    const started = twin.nowMs;
    const err = await whileRunning(twin, connectBoard(emulatedTransport(twin), { strips: [{ pin: 6, length: 1 }], readyTimeoutMs: 1500 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BoardTimeoutError);
    expect((err as BoardTimeoutError).hint).toMatch(/neuron-kit flash/);
    expect(twin.nowMs - started).toBeGreaterThanOrEqual(1500);
    expect(twin.nowMs - started).toBeLessThan(1510);
  });
});
