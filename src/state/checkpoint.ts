import { createHash } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { recoverWrites, writeFileAtomic, type WriteHooks } from './atomic-write.js';
import { CheckpointError } from './checkpoint-error.js';

/**
 * Checkpoint files: a state the kit can go on from after a restart (the exhibit's model and its visitor
 * sessions). One file, written atomically (atomic-write.ts), so a kill or a power cut leaves the old
 * checkpoint or the new one. Its first line is a header naming the format, its version, the length and
 * the SHA-256 of the rest; the rest is the state as JSON, numbers exact (±Infinity, NaN and −0 kept).
 * A file that is not ours, of another version, cut short or changed is refused with a reason, never
 * half read.
 *
 *     {"format":"neuron-kit-state","version":1,"bytes":48213,"sha256":"9f2c…"}
 *     {"exhibit":{…},"model":{…},…}
 */

export const CHECKPOINT_FORMAT = 'neuron-kit-state';
/** Bumped whenever what a checkpoint holds changes shape: an older file is then refused, not misread. */
export const CHECKPOINT_VERSION = 1;
/** Largest checkpoint read: a 100-neuron, 1,000-synapse exhibit's is well under 1 MB. */
export const MAX_CHECKPOINT_BYTES = 64 * 1024 * 1024;

export { CheckpointError } from './checkpoint-error.js';

const TAG = '$number';

/** JSON text of `value` with every number exact: non-finite numbers and −0 become {"$number": "…"}. */
export function encodeExact(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v !== 'number' || (Number.isFinite(v) && !Object.is(v, -0))) return v;
    return { [TAG]: Object.is(v, -0) ? '-0' : String(v) };
  });
}

/** Reads what {@link encodeExact} wrote. */
export function decodeExact(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
    const keys = Object.keys(v);
    if (keys.length !== 1 || keys[0] !== TAG) return v;
    const s = (v as Record<string, unknown>)[TAG];
    return s === '-0' || s === 'Infinity' || s === '-Infinity' || s === 'NaN' ? Number(s) : v;
  });
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The text of a checkpoint file holding `body`. */
export function encodeCheckpoint(body: unknown): string {
  const text = encodeExact(body);
  const header = { format: CHECKPOINT_FORMAT, version: CHECKPOINT_VERSION, bytes: Buffer.byteLength(text, 'utf8'), sha256: sha256(text) };
  return `${JSON.stringify(header)}\n${text}\n`;
}

/** The body of a checkpoint file's text. Throws CheckpointError saying why it cannot be used. */
export function decodeCheckpoint(text: string): unknown {
  const newline = text.indexOf('\n');
  let header: Record<string, unknown> | null = null;
  try {
    const parsed: unknown = JSON.parse(newline < 0 ? text : text.slice(0, newline));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) header = parsed as Record<string, unknown>;
  } catch {
    // Not a header: handled below.
  }
  if (header?.format !== CHECKPOINT_FORMAT) throw new CheckpointError('not a neuron-kit checkpoint (no header naming its format)', 'foreign');
  if (header.version !== CHECKPOINT_VERSION) throw new CheckpointError(`a version ${String(header.version)} checkpoint; this kit reads version ${CHECKPOINT_VERSION}`, 'version');
  const body = text.slice(newline + 1).replace(/\n$/, '');
  if (Buffer.byteLength(body, 'utf8') !== header.bytes) throw new CheckpointError(`cut short or grown: ${Buffer.byteLength(body, 'utf8')} bytes where the header says ${String(header.bytes)}`, 'corrupt');
  if (sha256(body) !== header.sha256) throw new CheckpointError('its checksum does not match: the file was changed or damaged', 'corrupt');
  try {
    return decodeExact(body);
  } catch (err) {
    throw new CheckpointError(`its checksum matches but it is not JSON (${(err as Error).message})`, 'corrupt');
  }
}

/**
 * Reads a checkpoint file: its body, `null` when there is none, or a CheckpointError saying why it
 * cannot be used (never another exception: a bad checkpoint must not stop an exhibit).
 */
export async function readCheckpoint(path: string): Promise<{ body: unknown } | CheckpointError | null> {
  try {
    const { size } = await stat(path);
    if (size > MAX_CHECKPOINT_BYTES) return new CheckpointError(`${size} bytes, more than any checkpoint (${MAX_CHECKPOINT_BYTES})`, 'corrupt');
    return { body: decodeCheckpoint(await readFile(path, 'utf8')) };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    if (err instanceof CheckpointError) return err;
    return new CheckpointError(`cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, 'unreadable');
  }
}

/**
 * Writes a checkpoint atomically (creating its folder; first removing what writers killed mid-write
 * left there, so a season of power cuts does not fill it); returns its size in bytes.
 */
export async function writeCheckpoint(path: string, body: unknown, hooks?: WriteHooks): Promise<number> {
  const text = encodeCheckpoint(body);
  await mkdir(dirname(path), { recursive: true });
  await recoverWrites(dirname(path));
  await writeFileAtomic(path, text, hooks);
  return Buffer.byteLength(text, 'utf8');
}

/**
 * Where the kit keeps state by default: `$XDG_STATE_HOME/neuron-kit`, else `~/.local/state/neuron-kit`
 * (the XDG base directory spec); `~/Library/Application Support/neuron-kit` on macOS and
 * `%LOCALAPPDATA%\neuron-kit` on Windows.
 */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (env.XDG_STATE_HOME && env.XDG_STATE_HOME.startsWith('/')) return join(env.XDG_STATE_HOME, 'neuron-kit');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'neuron-kit');
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'neuron-kit');
  return join(home, '.local', 'state', 'neuron-kit');
}
