import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import createDebug from 'debug';
import type { BoardProgramming } from './boards.js';
import { PortNotFoundError } from '../board/errors.js';
import { AvrdudeError, NoBootloaderAnswerError, PortBusyError, SignatureMismatchError, VerifyError } from './errors.js';
import type { UploadProgress } from './stk500v1.js';

const log = createDebug('neuron-kit:flash:avrdude');

/** Path of `command` on PATH, or null. */
export function findOnPath(command: string, pathVar = process.env.PATH ?? ''): string | null {
  for (const dir of pathVar.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, command);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/** avrdude's executable, if installed. */
export function findAvrdude(): string | null {
  return findOnPath(process.platform === 'win32' ? 'avrdude.exe' : 'avrdude');
}

/** The avrdude arguments that upload `hexPath` to `board` on `port` at `baud` and verify it. */
export function avrdudeArgs(board: BoardProgramming, port: string, baud: number, hexPath: string): string[] {
  // -D: no chip erase (bootloaders erase page by page); verification is on by default.
  return ['-p', board.avrdudePart, '-c', board.avrdudeProgrammer, '-P', port, '-b', String(baud), '-D', '-U', `flash:w:${hexPath}:i`];
}

/**
 * Longest avrdude may take, wall ms: a Mega's 256 KB at 115200 baud writes and verifies in about a
 * minute; a Uno's image in seconds. After this it is stopped, so a hung upload never hangs the command.
 */
export const AVRDUDE_TIMEOUT_MS = 120_000;
/** Grace between SIGTERM and SIGKILL when avrdude is stopped, ms. */
const KILL_GRACE_MS = 2000;

/**
 * Runs avrdude, reporting progress from its `Writing | ####` bars (50 marks per phase). Stops it
 * (SIGTERM, then SIGKILL) after `timeoutMs`.
 * @throws NoBootloaderAnswerError | PortBusyError | PortNotFoundError | SignatureMismatchError | VerifyError | AvrdudeError
 */
export async function runAvrdude(
  avrdude: string, board: BoardProgramming, port: string, baud: number, hexPath: string, onProgress?: (p: UploadProgress) => void,
  timeoutMs = AVRDUDE_TIMEOUT_MS,
): Promise<void> {
  const args = avrdudeArgs(board, port, baud, hexPath);
  log('%s %s', avrdude, args.join(' '));
  let timedOut = false;
  const output = await new Promise<{ code: number | null; text: string }>((resolve, reject) => {
    const child = spawn(avrdude, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let killTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    }, timeoutMs);
    let text = '';
    let phase: UploadProgress['phase'] | null = null;
    let marks = 0;
    const onChunk = (chunk: Buffer) => {
      for (const ch of chunk.toString('latin1')) {
        text += ch;
        if (text.endsWith('Writing |')) (phase = 'write'), (marks = 0);
        else if (text.endsWith('Reading |')) (phase = text.includes('verifying') ? 'verify' : null), (marks = 0);
        else if (ch === '#' && phase) onProgress?.({ phase, doneBytes: ++marks, totalBytes: 50 });
      }
    };
    child.stdout.on('data', onChunk);
    child.stderr.on('data', onChunk);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      resolve({ code, text });
    });
  });
  log('avrdude exit %s', output.code);
  if (timedOut) {
    // avrdude 7's stk500v2 ("wiring", the Mega) keeps retrying a port it could not open.
    if (NOT_FOUND.test(output.text)) throw new PortNotFoundError(port);
    throw new AvrdudeError(
      `avrdude did not finish within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`} and was stopped`,
      `Check that the board on ${port} is the kind given with --board, press its reset button, and try again.`,
      output.text,
    );
  }
  if (output.code === 0) return;
  throw classifyAvrdudeFailure(output.text, port, baud);
}

/** avrdude's words (via the OS) for a port path that does not exist. */
const NOT_FOUND = /No such file or directory|cannot find the file/i;

/** Maps avrdude's messages for the known failures to typed errors. */
export function classifyAvrdudeFailure(text: string, port: string, baud: number): Error {
  if (NOT_FOUND.test(text)) return new PortNotFoundError(port);
  if (/can't open device|cannot open port|could not open port|unable to open programmer|Device or resource busy|Permission denied/i.test(text)) {
    return new PortBusyError(port, new Error(lastLine(text, /ser_open|OS error/i) || lastLine(text, /open/i)));
  }
  if (/not in sync|not responding|programmer is not responding|timeout/i.test(text)) return new NoBootloaderAnswerError(port, [baud]);
  const sig = /Device signature = (0x[0-9a-f]+)/i.exec(text);
  if (/signature.*(doesn't|does not) match|Expected signature/i.test(text)) return new SignatureMismatchError(sig?.[1] ?? 'unknown', 'the board type chosen', 'avrdude');
  const mismatch = /(first mismatch|verification error).*?(0x[0-9a-f]+)/i.exec(text);
  if (mismatch) return new VerifyError(Number(mismatch[2]));
  return new AvrdudeError(`avrdude failed: ${lastLine(text, /error/i) || lastLine(text, /avrdude/i)}`, 'Run with DEBUG=neuron-kit:* for avrdude\'s full output.', text);
}

function lastLine(text: string, pattern: RegExp): string {
  const lines = text.split(/\r?\n/).filter((l) => pattern.test(l));
  return (lines[lines.length - 1] ?? '').trim();
}
