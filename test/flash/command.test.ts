import { describe, expect, test } from 'vitest';
import { flashCommand } from '../../src/cli/commands/flash.js';
import { UsageError } from '../../src/cli/errors.js';
import { BoardNotFoundError } from '../../src/board/errors.js';
import { firmwareHexPath, BOARD_KINDS } from '../../src/firmware-info.js';
import { existsSync } from 'node:fs';

const out = () => {
  const lines: string[] = [];
  return { lines, log: (l: string) => lines.push(l), error: (l: string) => lines.push(l) };
};

describe('neuron-kit flash', () => {
  test('an unknown board is a usage error listing the choices', async () => {
    const err = await flashCommand({ board: 'leonardo' }, out()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).hint).toContain('--board uno');
  });

  test('no Arduino plugged in: BoardNotFoundError with the next step', async () => {
    const err = await flashCommand({}, out(), { listPorts: async () => [{ path: '/dev/ttyS0', likelyArduino: false }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BoardNotFoundError);
    expect((err as BoardNotFoundError).message).toBe('No Arduino found among /dev/ttyS0');
    expect((err as BoardNotFoundError).hint).not.toMatch(/emulated/); // there is no flashing the twin
  });

  test('the package ships a hex for every board kind', () => {
    for (const b of BOARD_KINDS) expect(existsSync(firmwareHexPath(b)), b).toBe(true);
  });
});
