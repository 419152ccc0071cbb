import { constants } from 'node:fs';
import { access, mkdir, readFile, stat } from 'node:fs/promises';
import { DOCUMENT_LIMITS } from '../experiment/limits.js';
import { UsageError } from './errors.js';

/** Reads and parses a JSON file, turning the usual mistakes into UsageErrors that say what to fix. */
export async function readJsonFile(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    const { size } = await stat(path);
    if (size > DOCUMENT_LIMITS.maxFileBytes) throw new UsageError(`${what} file ${path} is ${size} bytes; the kit reads at most ${DOCUMENT_LIMITS.maxFileBytes} bytes`, 'Is it the right file? Exhibits and protocols are a few kilobytes.');
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`${what} file not found: ${path}`, 'Check the path (it is relative to the folder you run the command in).');
    if (code === 'EISDIR') throw new UsageError(`${what} path is a folder, not a file: ${path}`);
    if (code === 'EACCES') throw new UsageError(`${what} file cannot be read (permission denied): ${path}`);
    throw err;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new UsageError(`${what} file ${path} is not valid JSON: ${withLine((err as Error).message, text)}`, 'Check for a missing comma or quote near there.');
  }
}

/** V8's "… at position N …" with the line and column an editor shows added, e.g. "(line 12, column 5)". */
export function withLine(message: string, text: string): string {
  const m = /at position (\d+)/.exec(message);
  if (!m) return message;
  const position = Number(m[1]);
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return message.replace(/ \(line \d+ column \d+\)/, '').replace(m[0], `${m[0]} (line ${line}, column ${column})`);
}

/** `--hex FILE` must name a readable file before anything starts (its content is checked as it loads). */
export async function checkHexFile(path: string): Promise<void> {
  try {
    await access(path);
  } catch {
    throw new UsageError(`--hex: cannot read ${path}`, 'Give the path of an Intel HEX firmware file.');
  }
}

/**
 * A folder named on the command line (`--state`, `--log`) must be one the run can write, made if it is
 * missing: a file there would leave a season's state or log unsaved while the run said nothing.
 */
export async function checkFolder(path: string, flag: string): Promise<void> {
  try {
    await mkdir(path, { recursive: true });
    if (!(await stat(path)).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'EEXIST' });
    await access(path, constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') throw new UsageError(`${flag} must be a folder, but ${path} is a file (or lies under one)`, 'Give a folder; it is made if it does not exist.');
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') throw new UsageError(`${flag}: the folder ${path} cannot be written (${code})`, 'Give a folder this user can write, or fix its permissions.');
    throw err;
  }
}
