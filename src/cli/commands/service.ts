import { execFile } from 'node:child_process';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { loadExhibit } from '../../exhibit/index.js';
import { OpsError } from '../../ops/errors.js';
import { defaultUnitDir, installUnit, uninstallUnit, unitFile, unitName } from '../../ops/systemd.js';
import { UsageError } from '../errors.js';
import type { Output } from '../output.js';
import { bundled, packageRoot } from '../../package-files.js';
import { parseBoards, parsePort } from '../run-args.js';

export interface ServiceOptions {
  exhibit?: string;
  /** One board, or one per board of an exhibit on several, in its order (as for `run`). */
  board?: string | string[];
  port?: string;
  host?: string;
  log?: string;
  /** For several exhibits on one computer: the unit is neuron-kit-NAME.service. */
  name?: string;
  /** A user service (systemctl --user) instead of a system one. */
  user?: boolean;
  /** Print the unit instead of writing it. */
  dryRun?: boolean;
  /** Folder of the unit (default /etc/systemd/system, or ~/.config/systemd/user with --user). */
  unitDir?: string;
  /** false (`--no-start`): write the unit but do not enable and start it. */
  start?: boolean;
  /** false (`--no-switch`): passed to run, the docent page offers no switch to another exhibit. */
  switch?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Runs systemctl (tests pass their own). */
  systemctl?: (args: string[]) => Promise<void>;
}

const run = promisify(execFile);
const realSystemctl = async (args: string[]) => void (await run('systemctl', args, { timeout: 60_000 }));

/** `systemctl` with `--user` when the unit is a user unit. */
function systemctlWords(user: boolean, ...args: string[]): string[] {
  return user ? ['--user', ...args] : args;
}

function unwritable(dir: string, err: unknown): never {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    throw new OpsError(`Cannot write ${dir}: permission denied`, 'Install a system service with sudo (`sudo npx neuron-kit service install …`), or a service of your own user with --user.');
  }
  throw err;
}

/**
 * Asks systemctl to pick the unit up and start (or stop) it, when the unit is where systemd looks.
 * Without systemd (a container, another init) the unit is still written and the commands are printed.
 */
async function applyWithSystemctl(opts: ServiceOptions, user: boolean, steps: string[][], out: Output): Promise<void> {
  const shown = steps.map((s) => `${user ? '' : 'sudo '}systemctl ${systemctlWords(user, ...s).join(' ')}`);
  if (opts.unitDir !== undefined || opts.start === false) {
    out.log(`Then: ${shown.join(' && ')}`);
    return;
  }
  const systemctl = opts.systemctl ?? realSystemctl;
  for (const [i, step] of steps.entries()) {
    try {
      await systemctl(systemctlWords(user, ...step));
    } catch (err) {
      throw new OpsError(`systemctl ${systemctlWords(user, ...step).join(' ')} failed: ${((err as Error).message.split('\n')[0] ?? '').trim()}`, `Run it yourself once systemd is reachable: ${shown.slice(i).join(' && ')}`);
    }
  }
  out.log(`Done: ${shown.join(', then ')}.`);
}

function chosenUnit(opts: ServiceOptions): string {
  try {
    return unitName(opts.name);
  } catch (err) {
    throw new UsageError(`--name: ${(err as Error).message}`, 'e.g. --name hall-2');
  }
}

/** `neuron-kit service install`: a systemd unit that runs the exhibit every day, restarted whatever happens. */
export async function serviceInstallCommand(opts: ServiceOptions, out: Output): Promise<void> {
  const env = opts.env ?? process.env;
  const unit = chosenUnit(opts);
  const user = opts.user === true;
  const exhibitPath = resolve(opts.exhibit ?? bundled('exhibits', 'default.json'));
  // A unit that fails at every restart helps nobody: the exhibit must load now.
  const exhibit = await loadExhibit(exhibitPath);
  // Checked as run checks them: a unit whose run refuses its own arguments would restart every 2 s, forever.
  const boards = parseBoards(opts.board, exhibit);
  if (opts.port !== undefined) parsePort(opts.port, 8080);
  const runArgs = ['--exhibit', exhibitPath];
  if (opts.board !== undefined) for (const b of boards) runArgs.push('--board', b);
  if (opts.port !== undefined) runArgs.push('--port', opts.port);
  if (opts.host !== undefined) runArgs.push('--host', opts.host);
  if (opts.log !== undefined) runArgs.push('--log', resolve(opts.log));
  if (opts.switch === false) runArgs.push('--no-switch');
  // A museum PC's USB may enumerate after the service starts: wait for the Arduino, never fall back to the twin.
  // On several boards run takes no --wait-for-board: a board missing at the start ends the run, and
  // systemd starts it again 2 s later.
  if (boards.length === 1 && boards[0] !== 'emulated') runArgs.push('--wait-for-board');
  const runAs = user ? undefined : env.SUDO_USER || userInfo().username;
  const text = unitFile({ nodePath: process.execPath, binPath: bundled('bin', 'neuron-kit.js'), workingDir: packageRoot(), runArgs, user, ...(runAs ? { runAs } : {}), title: exhibit.name });
  const dir = opts.unitDir ?? defaultUnitDir(user, env);
  if (runAs === 'root') out.error('Note: the exhibit would run as root. Run `sudo neuron-kit service install` from your own account so that it runs as you.');
  if (opts.dryRun) {
    // The unit on stdout (it can be redirected to a file); what install would do on stderr.
    out.log(text.trimEnd());
    const systemctl = user ? 'systemctl --user' : 'systemctl';
    out.error(`Without --dry-run this is written to ${join(dir, unit)}, then: ${systemctl} daemon-reload; ${systemctl} enable --now ${unit}`);
    return;
  }
  const path = await installUnit(dir, unit, text).catch((err: unknown) => unwritable(dir, err));
  out.log(`Wrote ${path}: "${exhibit.name}" runs${runAs ? ` as ${runAs}` : ''} at every boot and is restarted whenever it stops.`);
  await applyWithSystemctl(opts, user, [['daemon-reload'], ['enable', '--now', unit]], out);
  if (user) out.log(`So that it runs with nobody logged in: sudo loginctl enable-linger ${userInfo().username}`);
}

/** `neuron-kit service uninstall`: stops the service and removes its unit. */
export async function serviceUninstallCommand(opts: ServiceOptions, out: Output): Promise<void> {
  const user = opts.user === true;
  const unit = chosenUnit(opts);
  const dir = opts.unitDir ?? defaultUnitDir(user, opts.env ?? process.env);
  if (opts.unitDir === undefined && opts.start !== false) {
    // Stop it first, while its unit still exists; a unit that is not loaded is no reason to fail.
    await (opts.systemctl ?? realSystemctl)(systemctlWords(user, 'disable', '--now', unit)).catch(() => {});
  }
  const removed = await uninstallUnit(dir, unit).catch((err: unknown) => unwritable(dir, err));
  if (!removed) {
    out.log(`No ${unit} in ${dir}: nothing to remove.`);
    return;
  }
  out.log(`Removed ${resolve(dir, unit)}.`);
  await applyWithSystemctl(opts, user, [['daemon-reload']], out);
}
