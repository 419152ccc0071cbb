import { mkdir, unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { writeFileAtomic } from '../state/atomic-write.js';

/** The unit's file name: `neuron-kit.service`, or `neuron-kit-NAME.service` for one of several exhibits on a computer. */
export function unitName(name?: string): string {
  if (name === undefined) return 'neuron-kit.service';
  // systemd unit names: ASCII letters, digits and ":-_.\\"; keep to the plain ones.
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(name)) throw new RangeError(`unit name "${name}" must be letters, digits, - and _ (at most 64)`);
  return `neuron-kit-${name}.service`;
}
/** systemd restarts the exhibit if it sends no watchdog ping for this long (it pings every half of it). */
export const WATCHDOG_SEC = 30;

export interface UnitSpec {
  /** Absolute path of node (process.execPath): the unit runs node directly, not npm. */
  nodePath: string;
  /** Absolute path of bin/neuron-kit.js. */
  binPath: string;
  /** The package folder (the working directory). */
  workingDir: string;
  /** Arguments after `run`, e.g. ['--exhibit', '/home/museum/exhibit.json']. */
  runArgs: string[];
  /** A user unit (systemctl --user) instead of a system unit. */
  user: boolean;
  /** System unit: the account it runs as. */
  runAs?: string;
  /** What the Description says (the exhibit's name). */
  title: string;
}

/**
 * Quotes one word of an ExecStart= line (systemd.service(5) "Command lines"): plain words stay as
 * they are, others are double-quoted with `\` and `"` escaped; `%` is doubled in both, or systemd
 * would read it as a specifier; `$` is doubled so it is not an environment variable.
 */
export function systemdWord(word: string): string {
  const escaped = word.replace(/%/g, '%%').replace(/\$/g, '$$$$');
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(escaped)) return escaped;
  return `"${escaped.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Free text in a unit file (Description=): one line, specifiers escaped. */
function unitText(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/%/g, '%%');
}

/**
 * The unit file: node runs the exhibit directly (so systemd's SIGTERM reaches it, and its exit code is
 * the exhibit's), restarted whatever the cause of an exit, after the network is up (for the page),
 * with the serial ports' group, and a watchdog: `Type=notify` with the exhibit telling systemd
 * READY=1 and WATCHDOG=1 through `systemd-notify` (hence `NotifyAccess=all`).
 */
export function unitFile(spec: UnitSpec): string {
  const exec = [spec.nodePath, spec.binPath, 'run', ...spec.runArgs].map(systemdWord).join(' ');
  const lines = [
    '# Written by `neuron-kit service install`; remove with `neuron-kit service uninstall`.',
    '[Unit]',
    `Description=Neuron Kit exhibit: ${unitText(spec.title)}`,
    'Wants=network-online.target',
    'After=network-online.target',
    // Never give up restarting: a museum exhibit has nobody to start it again by hand.
    'StartLimitIntervalSec=0',
    '',
    '[Service]',
    'Type=notify',
    'NotifyAccess=all',
    `ExecStart=${exec}`,
    `WorkingDirectory=${systemdWord(spec.workingDir)}`,
    'Restart=always',
    'RestartSec=2',
    `WatchdogSec=${WATCHDOG_SEC}`,
    // The exhibit stops within 2 s of SIGTERM; a board that takes long to connect still gets its time.
    'TimeoutStartSec=120',
    'TimeoutStopSec=10',
    'Environment=NODE_ENV=production',
  ];
  if (!spec.user) {
    if (spec.runAs) lines.push(`User=${spec.runAs}`);
    // The serial ports' group; a user manager may not change groups, so a user unit relies on the login's.
    lines.push('SupplementaryGroups=dialout');
  }
  lines.push('', '[Install]', `WantedBy=${spec.user ? 'default.target' : 'multi-user.target'}`, '');
  return lines.join('\n');
}

/** Where units go: /etc/systemd/system, or the user's ~/.config/systemd/user. */
export function defaultUnitDir(user: boolean, env: NodeJS.ProcessEnv = process.env): string {
  if (!user) return '/etc/systemd/system';
  const config = env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(env.HOME || homedir(), '.config');
  return join(config, 'systemd', 'user');
}

/** Writes the unit atomically (a half-written unit must never be loaded). Returns its path. */
export async function installUnit(dir: string, name: string, text: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  await writeFileAtomic(path, text);
  return path;
}

/** Removes the unit; false when there was none. */
export async function uninstallUnit(dir: string, name: string): Promise<boolean> {
  try {
    await unlink(join(dir, name));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}
