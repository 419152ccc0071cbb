import { spawn } from 'node:child_process';
import { exposeOnPty, Twin, twinFirmware, type TwinFirmware } from '../../board/twin.js';
import { UsageError } from '../errors.js';
import { checkHexFile } from '../files.js';
import type { Output } from '../output.js';

export interface EmulateOptions {
  /** Open the twin as a pseudo-terminal at this path (a symlink made by socat), e.g. /tmp/neuron-kit-uno. */
  pty?: string;
  /** What the twin runs: the kit firmware (default, as `run` uses) or node-pixel's stock Firmata. */
  firmware?: string;
  /** Another firmware hex instead (its name is shown, its baud rate is the client's business: a pty has none). */
  hex?: string;
  /** Run as fast as possible instead of in real time. */
  fast?: boolean;
  /** Stops the emulator; the command resolves once it has. */
  signal?: AbortSignal;
  /** The socat command for --pty (default `socat` on the PATH). */
  socat?: string;
}

/** --pty needs socat and it is not installed: exit code 1, nothing started. */
export class SocatMissingError extends Error {
  readonly hint = 'Install it (Debian/Ubuntu/Raspberry Pi OS: `sudo apt-get install socat`), or run `neuron-kit emulate` without --pty.';
  constructor(command: string, cause: unknown) {
    super(`--pty needs socat, and "${command}" cannot be run: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'SocatMissingError';
  }
}

/** Resolves when `command -V` runs; rejects with the spawn error (ENOENT when it is not installed). */
function canRun(command: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, ['-V'], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', () => resolve());
  });
}

/**
 * `neuron-kit emulate [--pty PATH]`: runs the twin. With --pty, any Firmata client (johnny-five,
 * the Arduino IDE's monitor, `neuron-kit run --board PATH`) can open PATH as if it were a Uno;
 * opening it resets the twin as DTR resets a real board. Needs `socat` on the PATH.
 */
export async function emulateCommand(opts: EmulateOptions, out: Output): Promise<void> {
  const firmware = opts.firmware ?? 'kit';
  if (firmware !== 'kit' && firmware !== 'stock') throw new UsageError(`--firmware must be kit or stock, got "${firmware}"`, 'kit is the firmware `neuron-kit flash` uploads; stock is node-pixel\'s Firmata.');
  if (opts.firmware !== undefined && opts.hex !== undefined) throw new UsageError('give --firmware or --hex, not both', '--hex runs any Intel HEX file; --firmware picks one of the two the kit knows.');
  if (opts.hex !== undefined) await checkHexFile(opts.hex);
  const socatCommand = opts.socat ?? 'socat';
  // Checked before anything starts, so a missing socat is one clear failure, not a success then an error.
  if (opts.pty) await canRun(socatCommand).catch((err: unknown) => Promise.reject(new SocatMissingError(socatCommand, err)));
  const known = twinFirmware(firmware as TwinFirmware);
  const twin = new Twin({ hexPath: opts.hex ?? known.hexPath });
  const what = opts.hex ? opts.hex : firmware === 'kit' ? `the kit firmware, ${known.baudRate} baud` : `node-pixel Firmata, ${known.baudRate} baud`;
  let closePty = () => {};
  if (opts.pty) {
    closePty = exposeOnPty(twin, {
      path: opts.pty,
      socat: socatCommand,
      onClient: () => out.log(`client connected to ${opts.pty}: board reset`),
      onError: (err) => {
        out.error(`Cannot start socat for --pty (${err.message}). Install it (Debian/Ubuntu: sudo apt-get install socat) or run without --pty.`);
        twin.stop();
      },
    });
    out.log(`emulated Uno on ${opts.pty} (${what}). Ctrl-C to stop.`);
  } else {
    out.log(`emulated Uno running ${what} (give --pty PATH to connect a Firmata client). Ctrl-C to stop.`);
  }
  let frames = 0;
  twin.onFrame(() => frames++);
  const status = setInterval(() => out.log(`board time ${(twin.nowMs / 1000).toFixed(1)} s, LED frames ${frames}`), 5000);
  opts.signal?.addEventListener('abort', () => twin.stop(), { once: true });
  try {
    await twin.start(opts.fast ? 'fast' : 'realtime');
  } finally {
    clearInterval(status);
    closePty();
  }
}
