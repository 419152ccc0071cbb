import createDebug from 'debug';
import { type BoardKind, firmwareHexPath } from '../firmware-info.js';
import { findAvrdude, runAvrdude } from './avrdude.js';
import { BOARD_PROGRAMMING } from './boards.js';
import { FlashError, NoBootloaderAnswerError } from './errors.js';
import { loadImage } from './image-file.js';
import type { OpenLink } from './link.js';
import type { FirmwareReport } from './probe.js';
import { openSerialLink } from './serial-link.js';
import { type FlashEvent, type UploadTimeouts, checkFlashed, explainNoAnswer, uploadBuiltIn } from './upload.js';

const log = createDebug('neuron-kit:flash');

export interface FlashOptions {
  board: BoardKind;
  /** Serial port path of the board. */
  port: string;
  /** Image to upload. Default: the kit firmware shipped for `board`. */
  hexPath?: string;
  /** 'auto' (default): avrdude when installed, else the built-in uploader. */
  uploader?: 'auto' | 'avrdude' | 'built-in';
  /** How to open the port; default serialport's native binding. Tests inject the emulator here. */
  openLink?: OpenLink;
  /** Path of avrdude; default: looked up on PATH. */
  avrdudePath?: string | null;
  /** Check the kit firmware's name and version afterwards. Default true. */
  check?: boolean;
  /** Passed to the firmware check: listen time per rate, ms. */
  checkListenMs?: number;
  /** Wall-clock timeouts of the built-in uploader, ms: per sync attempt (default 600), per reply (default 1000). */
  timeouts?: UploadTimeouts;
  onEvent?: (e: FlashEvent) => void;
}

/**
 * Uploads the kit firmware (or `hexPath`) to a board and checks that it then answers as the kit
 * firmware. Uses avrdude when installed, otherwise a built-in STK500v1 uploader (Uno and Nano).
 *
 * @throws ImageError | PortBusyError | NoBootloaderAnswerError | WrongBoardError | SignatureMismatchError
 *   | VerifyError | AvrdudeError | FirmwareCheckError — each with a `hint`
 */
export async function flashBoard(options: FlashOptions): Promise<FirmwareReport | null> {
  const board = BOARD_PROGRAMMING[options.board];
  const hexPath = options.hexPath ?? firmwareHexPath(options.board);
  const image = loadImage(hexPath, board);
  const openLink = options.openLink ?? ((path, baud) => openSerialLink(path, baud));
  const emit = options.onEvent ?? (() => {});
  const avrdude = options.avrdudePath !== undefined ? options.avrdudePath : findAvrdude();
  const mode = options.uploader ?? 'auto';
  const useAvrdude = mode === 'avrdude' || (mode === 'auto' && avrdude !== null && options.openLink === undefined);
  log('flashing %s (%d bytes) to %s on %s', hexPath, image.length, options.board, options.port);

  if (useAvrdude) {
    if (!avrdude) throw new FlashError('avrdude is not installed', 'Install it (`sudo apt-get install avrdude`) or leave out the avrdude option to use the built-in uploader.');
    emit({ type: 'uploader', uploader: 'avrdude', detail: avrdude });
    await uploadWithAvrdude(avrdude, options, hexPath, emit);
  } else {
    await uploadBuiltIn({ board: options.board, port: options.port, image, openLink, timeouts: options.timeouts, onEvent: emit });
  }

  if (options.check === false) return null;
  return checkFlashed(openLink, options.port, options.checkListenMs, emit);
}

async function uploadWithAvrdude(avrdude: string, options: FlashOptions, hexPath: string, emit: (e: FlashEvent) => void): Promise<void> {
  const board = BOARD_PROGRAMMING[options.board];
  let lastError: unknown;
  for (const baud of board.bootloaderBauds) {
    emit({ type: 'bootloader', baudRate: baud });
    try {
      await runAvrdude(avrdude, board, options.port, baud, hexPath, (progress) => emit({ type: 'progress', progress }));
      return;
    } catch (err) {
      lastError = err;
      if (!(err instanceof NoBootloaderAnswerError)) throw err;
    }
  }
  throw lastError instanceof NoBootloaderAnswerError ? await explainNoAnswer(options.board, options.port, (path, baud) => openSerialLink(path, baud)) : lastError;
}
