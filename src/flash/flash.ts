import createDebug from 'debug';
import { type BoardKind, firmwareHexPath } from '../firmware-info.js';
import { findAvrdude, runAvrdude } from './avrdude.js';
import { BOARD_PROGRAMMING, loadImage } from './boards.js';
import { FlashError, NoBootloaderAnswerError, WrongBoardError } from './errors.js';
import { LinkTimeoutError, type OpenLink, openSerialLink } from './link.js';
import { type FirmwareReport, checkKitFirmware, probeFirmware } from './probe.js';
import { LostSyncError, Stk500v1, type UploadProgress } from './stk500v1.js';

const log = createDebug('neuron-kit:flash');

export type FlashEvent =
  | { type: 'uploader'; uploader: 'avrdude' | 'built-in'; detail: string }
  | { type: 'bootloader'; baudRate: number; version?: string }
  | { type: 'progress'; progress: UploadProgress }
  | { type: 'checking' }
  | { type: 'done'; report: FirmwareReport };

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
  timeouts?: { syncMs?: number; replyMs?: number };
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
    if (!board.chip) {
      throw new FlashError(
        `The built-in uploader cannot program the ${options.board}: its bootloader speaks STK500v2`,
        'Install avrdude (`sudo apt-get install avrdude`) and run `neuron-kit flash --board mega` again.',
      );
    }
    emit({ type: 'uploader', uploader: 'built-in', detail: 'STK500v1' });
    await uploadBuiltIn(openLink, options, image, emit);
  }

  if (options.check === false) return null;
  emit({ type: 'checking' });
  const report = await probeFirmware(openLink, options.port, { listenMs: options.checkListenMs });
  checkKitFirmware(report, options.port);
  emit({ type: 'done', report: report! });
  return report;
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
  throw lastError instanceof NoBootloaderAnswerError ? await explainNoAnswer(options, (path, baud) => openSerialLink(path, baud)) : lastError;
}

async function uploadBuiltIn(openLink: OpenLink, options: FlashOptions, image: Uint8Array, emit: (e: FlashEvent) => void): Promise<void> {
  const board = BOARD_PROGRAMMING[options.board];
  for (const baud of board.bootloaderBauds) {
    // Two tries per rate: a bootloader that lost sync (a stray byte from before it listened) drops
    // into the application, and a fresh reset brings it back.
    for (let attempt = 1; attempt <= 2; attempt++) {
      const link = await openLink(options.port, baud);
      try {
        await link.resetBoard();
        const stk = new Stk500v1(link, options.timeouts?.replyMs);
        if (!(await stk.sync(undefined, options.timeouts?.syncMs))) break;
        const version = await stk.version();
        emit({ type: 'bootloader', baudRate: baud, version });
        await stk.upload(image, board.chip!, { onProgress: (progress) => emit({ type: 'progress', progress }) });
        return;
      } catch (err) {
        if (!(err instanceof LinkTimeoutError || err instanceof LostSyncError) || attempt === 2) throw err;
        log('try %d at %d baud failed (%s); resetting again', attempt, baud, (err as Error).message);
      } finally {
        await link.close();
      }
    }
  }
  throw await explainNoAnswer(options, openLink);
}

/**
 * Nothing answered at the board's rates: if a bootloader answers at another board's rate, the user
 * picked the wrong board kind (typically an old-bootloader Nano flashed as an Uno).
 */
async function explainNoAnswer(options: FlashOptions, openLink?: OpenLink): Promise<FlashError> {
  const tried = BOARD_PROGRAMMING[options.board].bootloaderBauds;
  if (openLink && !tried.includes(57_600)) {
    const link = await openLink(options.port, 57_600);
    try {
      await link.resetBoard();
      if (await new Stk500v1(link, options.timeouts?.replyMs).sync(3, options.timeouts?.syncMs)) {
        return new WrongBoardError(
          `A bootloader answered on ${options.port} at 57600 baud, not at ${tried.join('/')}: this looks like a Nano with the old bootloader, not an ${options.board}`,
          'Run `neuron-kit flash --board nano`.',
        );
      }
    } finally {
      await link.close();
    }
  }
  return new NoBootloaderAnswerError(options.port, tried);
}
