import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { PortNotFoundError } from '../../src/board/errors.js';
import { NoArduinoFoundError, doctorCommand } from '../../src/cli/commands/doctor.js';
import { SocatMissingError, emulateCommand } from '../../src/cli/commands/emulate.js';
import { flashCommand } from '../../src/cli/commands/flash.js';
import { describeError, EXIT } from '../../src/cli/errors.js';
import { BOARD_PROGRAMMING } from '../../src/flash/boards.js';
import { runAvrdude } from '../../src/flash/avrdude.js';
import { AvrdudeError } from '../../src/flash/errors.js';
import { cli, root, scratch } from '../helpers/cli.js';

const out = () => {
  const lines: string[] = [];
  return { lines, log: (l: string) => lines.push(l), error: (l: string) => lines.push(l) };
};
const NO_SUCH_PORT = '/dev/neuron-kit-no-such-port';

describe('the tools tell the truth', () => {
  test('--version prints the package version', async () => {
    const { code, stdout } = await cli('--version');
    expect(code).toBe(0);
    expect(stdout.trim()).toBe((JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { version: string }).version);
  });

  test('doctor with no Arduino plugged in says so, with the steps, and exits 1; it does not check the twin instead', async () => {
    const o = out();
    const err = await doctorCommand({ listPorts: async () => [{ path: '/dev/ttyS0', likelyArduino: false }] }, o).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoArduinoFoundError);
    const { lines, code } = describeError(err);
    expect(code).toBe(EXIT.failure);
    expect(lines[0]).toMatch(/^No Arduino found/);
    expect(lines[1]).toMatch(/data USB cable/);
    expect(lines[1]).toMatch(/neuron-kit ports/);
    expect(lines[1]).toMatch(/--board emulated/);
    expect(o.lines.join('\n')).not.toMatch(/emulated board|checks passed/);
  });

  test('doctor on the twin says in its summary that it checked the twin', async () => {
    const o = out();
    await doctorCommand({ board: 'emulated' }, o);
    expect(o.lines[0]).toMatch(/on the emulated board \(the twin\), not a real kit/);
    expect(o.lines.at(-1)).toMatch(/checks passed on the emulated board \(the twin\).*This checked the twin, not a real kit/);
  }, 120_000);

  test('flash on a port that does not exist says so at once, without dialout advice', async () => {
    const err = await flashCommand({ board: 'mega', port: NO_SUCH_PORT }, out()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PortNotFoundError);
    const { lines, code } = describeError(err);
    expect(code).toBe(EXIT.failure);
    expect(lines.join('\n')).toMatch(/There is no serial port \/dev\/neuron-kit-no-such-port/);
    expect(lines.join('\n')).not.toMatch(/dialout/);
  });

  test('flash without --board on a port with no USB id does not claim to have guessed from one', async () => {
    const o = out();
    const failed = new Error('no link in this test');
    await flashCommand({}, o, { listPorts: async () => [{ path: NO_SUCH_PORT, likelyArduino: true }], avrdudePath: null, openLink: () => Promise.reject(failed) }).catch(() => {});
    expect(o.lines[0]).toBe('Board: uno (the port gives no USB id to tell the board by; use --board uno, nano or mega to choose)');
  });

  test('an avrdude that hangs is stopped after its timeout, child and all', async () => {
    const { write } = scratch('neuron-kit-avrdude-');
    const pidFile = `${write('pid', '')}`;
    const fake = write('avrdude', `#!/bin/sh\necho $$ > ${pidFile}\nexec sleep 600\n`);
    chmodSync(fake, 0o755);
    const err = await runAvrdude(fake, BOARD_PROGRAMMING.mega, NO_SUCH_PORT, 115_200, 'x.hex', undefined, 300).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AvrdudeError);
    expect((err as Error).message).toBe('avrdude did not finish within 300 ms and was stopped');
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(() => process.kill(pid, 0)).toThrow(); // gone
  });

  test('emulate: an unknown --firmware, or --firmware with --hex, is a usage error before anything starts', async () => {
    for (const [opts, message] of [
      [{ firmware: 'mega' }, '--firmware must be kit or stock, got "mega"'],
      [{ firmware: 'stock', hex: 'x.hex' }, 'give --firmware or --hex, not both'],
      [{ hex: '/tmp/neuron-kit-no-such.hex' }, '--hex: cannot read /tmp/neuron-kit-no-such.hex'],
    ] as const) {
      const o = out();
      const err = await emulateCommand(opts, o).catch((e: unknown) => e);
      const { lines, code } = describeError(err);
      expect(code).toBe(EXIT.usage);
      expect(lines[0]).toBe(message);
      expect(o.lines).toEqual([]);
    }
  });

  test('emulate --pty without socat fails at once with exit 1 and says how to install it', async () => {
    const o = out();
    const err = await emulateCommand({ pty: '/tmp/neuron-kit-pty-never', socat: 'neuron-kit-no-such-socat' }, o).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SocatMissingError);
    const { lines, code } = describeError(err);
    expect(code).toBe(EXIT.failure);
    expect(lines[1]).toMatch(/apt-get install socat/);
    expect(o.lines).toEqual([]); // nothing claimed to be running
    expect(existsSync('/tmp/neuron-kit-pty-never')).toBe(false);
  });
});
