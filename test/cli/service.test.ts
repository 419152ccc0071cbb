import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { serviceInstallCommand, serviceUninstallCommand } from '../../src/cli/commands/service.js';
import type { Output } from '../../src/cli/output.js';
import { OpsError } from '../../src/ops/errors.js';
import { cli, root, scratch } from '../helpers/cli.js';

function capture(): Output & { lines: string[] } {
  const lines: string[] = [];
  return { lines, log: (l) => lines.push(l), error: (l) => lines.push(l) };
}

/** systemd's own check of a unit file, where systemd is installed. */
function systemdVerifies(path: string): boolean | null {
  try {
    execFileSync('systemd-analyze', ['--version'], { stdio: 'ignore' });
  } catch {
    return null;
  }
  execFileSync('systemd-analyze', ['verify', path], { stdio: 'pipe' });
  return true;
}

describe('neuron-kit service', () => {
  test('--dry-run prints a unit that runs node directly, waits for the Arduino, restarts always, with a watchdog, after the network, in dialout', async () => {
    const { code, stdout, stderr } = await cli('service', 'install', '--dry-run', '--exhibit', 'exhibits/use-it-or-lose-it.json', '--port', '8081');
    // What install would do goes to stderr (and, run as root here, the advice to install from one's own account).
    expect(stderr).toMatch(/Without --dry-run this is written to \/etc\/systemd\/system\/neuron-kit\.service, then: systemctl daemon-reload; systemctl enable --now neuron-kit\.service/);
    expect(code).toBe(0);
    const unit = stdout.split('\n');
    expect(unit).toContain(`ExecStart=${process.execPath} ${join(root, 'bin', 'neuron-kit.js')} run --exhibit ${join(root, 'exhibits', 'use-it-or-lose-it.json')} --port 8081 --wait-for-board`);
    for (const line of ['Description=Neuron Kit exhibit: Use it or lose it', 'Type=notify', 'NotifyAccess=all', 'Restart=always', 'WatchdogSec=30', 'After=network-online.target', 'Wants=network-online.target', 'SupplementaryGroups=dialout', 'StartLimitIntervalSec=0', 'WantedBy=multi-user.target', `WorkingDirectory=${root}`]) {
      expect(unit).toContain(line);
    }
    expect(stdout).not.toMatch(/npm/);
  });

  test('--no-switch is passed on to run: the docent page of the service offers no exhibit switch', async () => {
    const out = capture();
    await serviceInstallCommand({ dryRun: true, switch: false, board: 'emulated' }, out);
    expect(out.lines.join('\n')).toMatch(/^ExecStart=.* run --exhibit \S+ --board emulated --no-switch$/m);
  });

  test('a user unit: started with the login\'s session, no User= or group change (a user manager may not)', async () => {
    const out = capture();
    await serviceInstallCommand({ user: true, dryRun: true }, out);
    const unit = out.lines.join('\n');
    expect(unit).toContain('WantedBy=default.target');
    expect(unit).not.toMatch(/^User=|^SupplementaryGroups=/m);
  });

  test('install writes the unit into the folder, systemd accepts it, uninstall removes it', async () => {
    const dir = scratch('neuron-kit-units-').dir;
    const exhibits = join(dir, 'my 100% exhibits');
    mkdirSync(exhibits);
    const exhibit = join(exhibits, 'a "b".json');
    writeFileSync(exhibit, readFileSync(join(root, 'exhibits', 'default.json')));
    const out = capture();
    await serviceInstallCommand({ exhibit, unitDir: join(dir, 'units') }, out);
    const unitPath = join(dir, 'units', 'neuron-kit.service');
    const unit = readFileSync(unitPath, 'utf8');
    // Spaces, quotes and % survive systemd's quoting and specifiers.
    expect(unit).toContain(`--exhibit "${join(exhibits.replace('%', '%%'), 'a \\"b\\".json')}"`);
    const runAs = process.env.SUDO_USER || (await import('node:os')).userInfo().username;
    // Installing from root's own account (as CI does) gets advice to install from one's own.
    expect(out.lines.some((l) => l.startsWith('Note: the exhibit would run as root'))).toBe(runAs === 'root');
    expect(out.lines.filter((l) => !l.startsWith('Note:'))).toEqual([`Wrote ${unitPath}: "Neuron Kit" runs as ${process.env.SUDO_USER || (await import('node:os')).userInfo().username} at every boot and is restarted whenever it stops.`, 'Then: sudo systemctl daemon-reload && sudo systemctl enable --now neuron-kit.service']);
    expect(systemdVerifies(unitPath) ?? true).toBe(true);
    const gone = capture();
    await serviceUninstallCommand({ unitDir: join(dir, 'units') }, gone);
    expect(existsSync(unitPath)).toBe(false);
    expect(gone.lines[0]).toBe(`Removed ${unitPath}.`);
    const again = capture();
    await serviceUninstallCommand({ unitDir: join(dir, 'units') }, again);
    expect(again.lines).toEqual([`No neuron-kit.service in ${join(dir, 'units')}: nothing to remove.`]);
  });

  test('in the user\'s own unit folder systemctl --user reloads, enables and starts it; a failing systemctl says what to run', async () => {
    const config = scratch('neuron-kit-config-').dir;
    const calls: string[][] = [];
    const out = capture();
    await serviceInstallCommand({ user: true, env: { XDG_CONFIG_HOME: config }, systemctl: async (args) => void calls.push(args) }, out);
    expect(existsSync(join(config, 'systemd', 'user', 'neuron-kit.service'))).toBe(true);
    expect(calls).toEqual([['--user', 'daemon-reload'], ['--user', 'enable', '--now', 'neuron-kit.service']]);
    const failing = serviceInstallCommand({ user: true, env: { XDG_CONFIG_HOME: config }, systemctl: async () => { throw new Error('Failed to connect to bus: No medium found'); } }, capture());
    await expect(failing).rejects.toThrow(OpsError);
    await expect(failing).rejects.toMatchObject({ message: 'systemctl --user daemon-reload failed: Failed to connect to bus: No medium found', hint: expect.stringContaining('systemctl --user enable --now neuron-kit.service') });
    calls.length = 0;
    await serviceUninstallCommand({ user: true, env: { XDG_CONFIG_HOME: config }, systemctl: async (args) => void calls.push(args) }, capture());
    expect(calls).toEqual([['--user', 'disable', '--now', 'neuron-kit.service'], ['--user', 'daemon-reload']]);
    expect(existsSync(join(config, 'systemd', 'user', 'neuron-kit.service'))).toBe(false);
  });

  test('two exhibits on one computer: --name gives each its own unit', async () => {
    const dir = scratch('neuron-kit-units-').dir;
    await serviceInstallCommand({ name: 'hall-1', exhibit: join(root, 'exhibits', 'default.json'), board: '/dev/ttyACM0', port: '8080', unitDir: dir }, capture());
    await serviceInstallCommand({ name: 'hall-2', exhibit: join(root, 'exhibits', 'use-it-or-lose-it.json'), board: '/dev/ttyACM1', port: '8081', unitDir: dir }, capture());
    expect(readFileSync(join(dir, 'neuron-kit-hall-1.service'), 'utf8')).toMatch(/--board \/dev\/ttyACM0 --port 8080 --wait-for-board$/m);
    expect(readFileSync(join(dir, 'neuron-kit-hall-2.service'), 'utf8')).toMatch(/--board \/dev\/ttyACM1 --port 8081 --wait-for-board$/m);
    await serviceUninstallCommand({ name: 'hall-1', unitDir: dir }, capture());
    expect(existsSync(join(dir, 'neuron-kit-hall-1.service'))).toBe(false);
    expect(existsSync(join(dir, 'neuron-kit-hall-2.service'))).toBe(true);
    const { code, stderr } = await cli('service', 'install', '--name', 'hall 3/../x', '--unit-dir', dir);
    expect(code).toBe(2);
    expect(stderr).toContain('--name: unit name "hall 3/../x" must be letters, digits, - and _');
  });

  test('an exhibit that does not load is refused before any unit is written (exit 2)', async () => {
    const dir = scratch('neuron-kit-units-').dir;
    const { code, stderr } = await cli('service', 'install', '--exhibit', join(dir, 'missing.json'), '--unit-dir', dir);
    expect(code).toBe(2);
    expect(stderr).toContain('Exhibit file not found');
    expect(existsSync(join(dir, 'neuron-kit.service'))).toBe(false);
  });

  test('arguments run would refuse are refused before any unit is written (exit 2): such a unit would restart every 2 s, forever', async () => {
    const dir = scratch('neuron-kit-units-').dir;
    for (const [args, says] of [
      [['--port', '99999'], '--port must be a whole number 0–65535, got "99999"'],
      [['--exhibit', 'exhibits/boards/two-boards.json'], 'give --board once per board, in that order'],
      [['--exhibit', 'exhibits/boards/two-boards.json', '--board', 'auto', '--board', 'auto'], '--board auto cannot tell 2 Arduinos apart'],
    ] as const) {
      const { code, stderr } = await cli('service', 'install', ...args, '--unit-dir', dir);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toContain(says);
      expect(existsSync(join(dir, 'neuron-kit.service'))).toBe(false);
    }
  });

  test('an exhibit on two boards: --board once per board is passed on, and no --wait-for-board (run refuses it on several boards)', async () => {
    const out = capture();
    await serviceInstallCommand({ dryRun: true, exhibit: 'exhibits/boards/two-boards.json', board: ['/dev/serial/by-id/a', '/dev/serial/by-id/b'] }, out);
    expect(out.lines.join('\n')).toMatch(/^ExecStart=.* run --exhibit \S+two-boards\.json --board \/dev\/serial\/by-id\/a --board \/dev\/serial\/by-id\/b$/m);
  });
});
