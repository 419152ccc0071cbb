import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratch } from './cli.js';

/**
 * A stand-in for systemd-notify (in `dir`, for a PATH, or called as `command`) that writes what it
 * was asked to send, one call a line, after the NOTIFY_SOCKET it saw.
 */
export function notifyRecorder(): { dir: string; command: string; calls(): string[] } {
  const dir = scratch('neuron-kit-notify-').dir;
  const file = join(dir, 'calls.txt');
  const command = join(dir, 'systemd-notify');
  writeFileSync(command, `#!/bin/sh\necho "$NOTIFY_SOCKET $*" >> '${file}'\n`);
  chmodSync(command, 0o755);
  return { dir, command, calls: () => { try { return readFileSync(file, 'utf8').split('\n').filter(Boolean); } catch { return []; } } };
}
