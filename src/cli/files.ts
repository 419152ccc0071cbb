import { readFile } from 'node:fs/promises';
import { UsageError } from './errors.js';

/** Reads and parses a JSON file, turning the usual mistakes into UsageErrors that say what to fix. */
export async function readJsonFile(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
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
    throw new UsageError(`${what} file ${path} is not valid JSON: ${(err as Error).message}`, 'Check for a missing comma or quote near the position given.');
  }
}
