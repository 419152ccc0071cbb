import { randomBytes } from 'node:crypto';
import { open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes that never lose the last good file. Every file the kit writes goes through here:
 *
 * - one file: written to a temporary file beside it, flushed to disk (fsync), then renamed over the
 *   old one (rename is atomic on POSIX file systems) and the folder flushed, so a kill or a power cut
 *   leaves either the old file or the new one, never a truncated one;
 * - files that belong together (wiring.md and the wiring.svg it describes): all temporary files are
 *   written and flushed first, then a journal naming the renames is committed (itself atomically),
 *   then the renames run and the journal is removed. A writer killed after the commit leaves the
 *   journal behind, and the next write to that folder (or `recoverWrites`) finishes the renames; one
 *   killed before it leaves the old pair. Either way the pair on disk is all old or all new.
 */

/** Called after each step that reached the disk; tests use it to stop a writer at every point. */
export interface WriteHooks {
  step?(name: string): void;
  /** File mode of the new file (default 0o644); 0o600 for a secret, which is then never readable by others. */
  mode?: number;
}

const TEMP_MARK = '.tmp-';
const JOURNAL_SUFFIX = '.neuron-kit-journal';

/** A temporary name beside `path`, naming the writer's pid so a later writer can tell whether it died. */
function tempPath(path: string): string {
  return join(dirname(path), `.${basename(path)}${TEMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** Writes `data` to a new file and flushes it to disk. */
async function writeDurable(path: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
  const handle = await open(path, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Flushes a folder, so that renames in it survive a power cut. Some systems cannot: then it is a no-op. */
async function syncFolder(folder: string): Promise<void> {
  let handle;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch {
    // Windows and some network file systems refuse fsync on a folder; rename is still atomic there.
  } finally {
    await handle?.close();
  }
}

/** Writes one file atomically: readers and a crash see the old content or the new, never a part. */
export async function writeFileAtomic(path: string, data: string | Uint8Array, hooks: WriteHooks = {}): Promise<void> {
  const temp = tempPath(path);
  try {
    await writeDurable(temp, data, hooks.mode);
  } catch (err) {
    await unlink(temp).catch(() => {});
    throw err;
  }
  hooks.step?.(`wrote ${basename(temp)}`);
  await rename(temp, path);
  await syncFolder(dirname(path));
  hooks.step?.(`renamed to ${basename(path)}`);
}

/** One file of a set written together. */
export interface FileToWrite {
  path: string;
  data: string | Uint8Array;
}

/**
 * Writes files that belong together, all in one folder, so that a crash at any point leaves all of
 * them old or all new once the folder is recovered (which the next call does first).
 */
export async function writeFilesTogether(files: readonly FileToWrite[], hooks: WriteHooks = {}): Promise<void> {
  if (files.length === 0) return;
  const folder = dirname(files[0]!.path);
  if (files.some((f) => dirname(f.path) !== folder)) throw new RangeError('files written together must share one folder');
  await recoverWrites(folder);
  const renames: Array<[string, string]> = [];
  try {
    for (const f of files) {
      const temp = tempPath(f.path);
      renames.push([basename(temp), basename(f.path)]);
      await writeDurable(temp, f.data);
      hooks.step?.(`wrote ${basename(temp)}`);
    }
  } catch (err) {
    await Promise.all(renames.map(([temp]) => unlink(join(folder, temp)).catch(() => {})));
    throw err;
  }
  const journal = join(folder, `.${basename(files[0]!.path)}-${process.pid}${JOURNAL_SUFFIX}`);
  await writeFileAtomic(journal, JSON.stringify({ renames }), hooks);
  await finish(folder, journal, renames, hooks);
}

/** Runs a committed journal's renames (those not yet done), then removes the journal. */
async function finish(folder: string, journal: string, renames: ReadonlyArray<readonly [string, string]>, hooks: WriteHooks = {}): Promise<void> {
  for (const [temp, final] of renames) {
    try {
      await rename(join(folder, temp), join(folder, final));
      hooks.step?.(`renamed to ${final}`);
    } catch (err) {
      // Already renamed by an earlier, interrupted pass.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  await syncFolder(folder);
  await unlink(journal);
  await syncFolder(folder);
  hooks.step?.('journal removed');
}

/** Whether the process `pid` is still running (a temporary file of a live writer must be left alone). */
function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Finishes writes a crash interrupted in `folder`: a committed journal's renames are completed; the
 * temporary files of writers that died before committing are removed (the old files stay).
 */
export async function recoverWrites(folder: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  const pidOf = (name: string) => Number(/-(\d+)(?:-[0-9a-f]+|\.neuron-kit-journal)$/.exec(name)?.[1]);
  const pending = new Set<string>();
  for (const name of names.filter((n) => n.endsWith(JOURNAL_SUFFIX) && !alive(pidOf(n)))) {
    const journal = join(folder, name);
    const { renames } = JSON.parse(await readFile(journal, 'utf8')) as { renames: Array<[string, string]> };
    for (const [temp] of renames) pending.add(temp);
    await finish(folder, journal, renames);
  }
  for (const name of names) {
    if (!name.includes(TEMP_MARK) || pending.has(name) || alive(pidOf(name))) continue;
    await unlink(join(folder, name)).catch(() => {});
  }
}
