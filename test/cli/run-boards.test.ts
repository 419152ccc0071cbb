import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, root } from '../helpers/cli.js';

/** `neuron-kit run` of an exhibit on two boards, as a user runs it: a separate process on two twins. */

const twoBoards = join(root, 'exhibits', 'boards', 'two-boards.json');

describe('neuron-kit run on two boards', () => {
  it('--board emulated twice runs two twins of one exhibit, and the result names each board', async () => {
    const { code, stdout, stderr } = await cli('run', '--exhibit', twoBoards, '--board', 'emulated', '--board', 'emulated', '--for', '2s', '--fast', '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc.boards.map((b: { id: string; board: string }) => [b.id, b.board])).toEqual([['left', 'emulated'], ['right', 'emulated']]);
    expect(doc.strips.map((s: { board: string; pixels: unknown[] }) => [s.board, s.pixels.length])).toEqual([['left', 30], ['right', 40]]);
    expect(doc.presses).toEqual({ A: 0, B: 0, injury: 0 });
    expect(doc.duration).toBeCloseTo(2, 1);
    expect(doc.link.framesCorrupted).toBe(0);
  });

  const bad: Array<[string, string[], RegExp]> = [
    ['no --board for an exhibit on two boards', ['--exhibit', twoBoards], /"Two tables" runs on 2 boards \("left", "right"\): give --board once per board, in that order/],
    ['one --board for two boards', ['--exhibit', twoBoards, '--board', 'emulated'], /--board is given 1 time, but "Two tables" runs on 2 boards \("left", "right"\): give one --board per board, in that order\./],
    ['three --board for two boards', ['--exhibit', twoBoards, '--board', 'emulated', '--board', 'emulated', '--board', 'emulated'], /--board is given 3 times, but "Two tables" runs on 2 boards/],
    ['two --board for an exhibit on one board', ['--board', 'emulated', '--board', 'emulated'], /--board is given 2 times, but "Neuron Kit" runs on one board: give --board once/],
    ['auto for one of several boards', ['--exhibit', twoBoards, '--board', 'auto', '--board', 'emulated'], /--board auto cannot tell 2 Arduinos apart: name each board's port/],
    ['one port for two boards', ['--exhibit', twoBoards, '--board', '/dev/ttyACM0', '--board', '/dev/ttyACM0'], /--board \/dev\/ttyACM0 is given twice: each board needs its own port\./],
    ['--fast with a real board among them', ['--exhibit', twoBoards, '--board', 'emulated', '--board', '/dev/ttyACM9', '--fast', '--for', '1s'], /--fast needs --board emulated/],
    ['--wait-for-board on several boards', ['--exhibit', twoBoards, '--board', '/dev/ttyACM8', '--board', '/dev/ttyACM9', '--wait-for-board'], /--wait-for-board waits for the one Arduino of an exhibit on one board/],
  ];
  for (const [what, args, message] of bad) {
    it(`refuses ${what} with exit 2 and says why in one line`, async () => {
      const { code, stdout, stderr } = await cli('run', ...args);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(message);
      expect(stderr).not.toMatch(/\n\s+at /);
    });
  }

  for (const command of ['wiring', 'doctor']) {
    it(`neuron-kit ${command} refuses an exhibit on several boards, saying to check each board on its own`, async () => {
      const { code, stdout, stderr } = await cli(command, '--exhibit', twoBoards);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(new RegExp(`neuron-kit ${command} knows one board's pins, and "Two tables" runs on 2 boards \\("left", "right"\\)\\.`));
      expect(stderr).toMatch(/Check each board on its own/);
    });
  }
});
