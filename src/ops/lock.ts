import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, realpathSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import createDebug from 'debug';
import { PortLockedError, type LockHolder } from './errors.js';

const log = createDebug('neuron-kit:lock');

export interface LockOptions {
  /** Folder of the lock files (see lockDir()). */
  dir: string;
  /** Exhibit name, so the message of a second run says which exhibit holds the port. */
  exhibit: string;
  pid?: number;
  /** Whether `pid` is a running neuron-kit (tests pass their own). Default: looks at the process table. */
  isRunning?: (pid: number) => boolean;
  now?: () => Date;
}

/** A held lock; `release()` removes it (only if it is still ours). */
export interface PortLock {
  readonly file: string;
  release(): void;
}

/**
 * Whether `pid` is a live neuron-kit process. A pid from a lock left by a crash may since belong to
 * something else (pids are reused): on Linux its command line must mention neuron-kit as well.
 */
export function isNeuronKitRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const cmdline = `/proc/${pid}/cmdline`;
  if (!existsSync('/proc/self/cmdline')) return true;
  try {
    return readFileSync(cmdline, 'utf8').includes('neuron-kit');
  } catch {
    return false;
  }
}

/** The lock file of a port: its real path (so /dev/serial/by-id/… and /dev/ttyACM0 share one), made a file name. */
export function lockFileFor(dir: string, port: string): string {
  let real = port;
  try {
    real = realpathSync(port);
  } catch {
    // Not there (yet): lock the name as given.
  }
  return join(dir, `${real.replace(/^\/+/, '').replace(/[^A-Za-z0-9._-]/g, '_')}.lock`);
}

function readHolder(file: string): LockHolder | null {
  try {
    const doc = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
    return typeof doc.pid === 'number' ? { pid: doc.pid, exhibit: String(doc.exhibit ?? '?'), startedAt: String(doc.startedAt ?? '?') } : null;
  } catch {
    return null;
  }
}

/**
 * Takes the lock of a serial port for this run, or throws {@link PortLockedError} naming the run that
 * holds it. The lock file appears whole or not at all: it is written under a temporary name and then
 * hard-linked to its name, which fails if the name exists. A lock whose process is gone (a crash, a
 * power cut) is stale: it is removed and taken.
 */
export function lockPort(port: string, options: LockOptions): PortLock {
  const pid = options.pid ?? process.pid;
  const isRunning = options.isRunning ?? isNeuronKitRunning;
  mkdirSync(options.dir, { recursive: true });
  const file = lockFileFor(options.dir, port);
  const holder: LockHolder = { pid, exhibit: options.exhibit, startedAt: (options.now?.() ?? new Date()).toISOString() };
  const temp = `${file}.${pid}-${randomBytes(4).toString('hex')}`;
  writeFileSync(temp, `${JSON.stringify({ ...holder, port })}\n`, { mode: 0o644 });
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(temp, file);
        log('locked %s (%s)', port, file);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
      }
      const other = readHolder(file);
      if (other && other.pid !== pid && isRunning(other.pid)) throw new PortLockedError(port, other, file);
      log('stale lock %s (pid %s): taking it', file, other?.pid ?? '?');
      try {
        unlinkSync(file);
      } catch {
        // Another run removed it first; the next link decides who gets it.
      }
    }
  } finally {
    unlinkSync(temp);
  }
  return {
    file,
    release() {
      if (readHolder(file)?.pid === pid) {
        try {
          unlinkSync(file);
        } catch {
          // Already gone.
        }
      }
    },
  };
}
