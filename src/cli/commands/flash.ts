import { existsSync } from 'node:fs';
import { BoardNotFoundError, PortNotFoundError } from '../../board/errors.js';
import { type PortInfo, listPorts } from '../../board/ports.js';
import { BOARD_KINDS, type BoardKind } from '../../firmware-info.js';
import { type FlashEvent, type OpenLink, boardFromUsbIds, flashBoard } from '../../flash/index.js';
import { UsageError } from '../errors.js';
import type { Output } from '../output.js';

/** Seams for tests: the port list, how ports are opened, and where avrdude is (null = not installed). */
export interface FlashDeps {
  listPorts?: () => Promise<PortInfo[]>;
  openLink?: OpenLink;
  avrdudePath?: string | null;
  /** Listen time per baud rate in the firmware check, ms. */
  checkListenMs?: number;
}

/**
 * `neuron-kit flash [--board uno|nano|mega] [--port PATH]`: uploads the kit firmware and checks
 * that the board then answers as the kit firmware.
 */
export async function flashCommand(opts: { board?: string; port?: string }, out: Output, deps: FlashDeps = {}): Promise<void> {
  if (opts.board !== undefined && !BOARD_KINDS.includes(opts.board as BoardKind)) {
    throw new UsageError(`Unknown board "${opts.board}"`, `Use --board ${BOARD_KINDS.join(', --board ')}.`);
  }
  let port = opts.port;
  let info: PortInfo | undefined;
  // A device path that does not exist is said at once: no uploader is started for it.
  if (port?.startsWith('/') && !existsSync(port)) throw new PortNotFoundError(port);
  if (!port) {
    const ports = await (deps.listPorts ?? listPorts)();
    const arduinos = ports.filter((p) => p.likelyArduino);
    if (arduinos.length === 0) {
      const seen = ports.map((p) => p.path);
      throw new BoardNotFoundError(seen, {
        message: seen.length === 0 ? 'No Arduino found: no serial ports at all' : `No Arduino found among ${seen.join(', ')}`,
        hint: 'Plug the Arduino in with a data (not charge-only) USB cable and run `neuron-kit ports`; if its port is listed but not marked *, give it with --port.',
      });
    }
    info = arduinos[0]!;
    port = info.path;
    if (arduinos.length > 1) out.error(`Several boards found (${arduinos.map((p) => p.path).join(', ')}); flashing ${port}. Use --port to choose.`);
  }
  const board = (opts.board as BoardKind | undefined) ?? guessBoard(info);
  if (!opts.board) {
    out.log(info?.vendorId
      ? `Board: ${board} (guessed from the USB id ${info.vendorId}:${info.productId ?? '?'}; use --board to choose)`
      : `Board: ${board} (the port gives no USB id to tell the board by; use --board uno, nano or mega to choose)`);
  }
  out.log(`Flashing the Neuron Kit firmware to the ${board} on ${port}`);

  let lastPercent = -1;
  const onEvent = (e: FlashEvent) => {
    switch (e.type) {
      case 'uploader':
        out.log(e.uploader === 'avrdude' ? `Uploading with avrdude (${e.detail})` : 'Uploading with the built-in STK500v1 uploader (avrdude not found)');
        break;
      case 'bootloader':
        out.log(`Bootloader at ${e.baudRate} baud${e.version ? `, version ${e.version}` : ''}${board === 'nano' && e.baudRate === 57_600 ? ' (old Nano bootloader)' : ''}`);
        lastPercent = -1;
        break;
      case 'progress': {
        const percent = Math.floor((e.progress.doneBytes / e.progress.totalBytes) * 4) * 25;
        if (percent !== lastPercent) {
          lastPercent = percent;
          out.log(`  ${e.progress.phase === 'write' ? 'writing  ' : 'verifying'} ${String(percent).padStart(3)}%`);
          if (percent === 100) lastPercent = -1;
        }
        break;
      }
      case 'checking':
        out.log('Checking the firmware…');
        break;
      case 'done':
        out.log(`Done: ${e.report.kit!.name} ${e.report.kit!.major}.${e.report.kit!.minor} answers at ${e.report.baudRate} baud.`);
        break;
    }
  };
  await flashBoard({
    board,
    port,
    openLink: deps.openLink,
    avrdudePath: deps.avrdudePath,
    checkListenMs: deps.checkListenMs,
    onEvent,
  });
}

function guessBoard(info: PortInfo | undefined): BoardKind {
  return boardFromUsbIds(info?.vendorId, info?.productId);
}
