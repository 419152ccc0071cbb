import createDebug from 'debug';
import type { BoardKind } from '../board/kinds/index.js';
import { BOARD_PROGRAMMING } from './boards.js';
import { FlashError, NoBootloaderAnswerError, WrongBoardError } from './errors.js';
import { LinkTimeoutError, type OpenLink } from './link.js';
import { type FirmwareReport, checkKitFirmware, probeFirmware } from './probe.js';
import { LostSyncError, Stk500v1, type UploadProgress } from './stk500v1.js';

const log = createDebug('neuron-kit:flash:upload');

/** What an upload reports as it goes (the CLI prints it, the site's page shows it). */
export type FlashEvent =
  | { type: 'uploader'; uploader: 'avrdude' | 'built-in'; detail: string }
  /** The built-in uploader resets the board into its bootloader and asks for it at `baudRate`. */
  | { type: 'reset'; baudRate: number; attempt: number }
  | { type: 'bootloader'; baudRate: number; version?: string }
  | { type: 'progress'; progress: UploadProgress }
  | { type: 'checking' }
  | { type: 'done'; report: FirmwareReport };

/** Wall-clock timeouts of the built-in uploader, ms. */
export interface UploadTimeouts {
  /** Per sync attempt. Default 600: longer than optiboot's start-up flashes (see {@link Stk500v1.sync}). */
  syncMs?: number;
  /** Per command reply. Default 1000. */
  replyMs?: number;
  /** GET_SYNC tries after each reset. Default 4. */
  syncAttempts?: number;
}

/** One upload with the built-in STK500v1 uploader: Node and the browser describe it the same way. */
export interface BuiltInUpload {
  board: BoardKind;
  /** Where the board is, for messages: a port path, or what the browser tells of a Web Serial port. */
  port: string;
  /** The bytes to program from address 0 ({@link imageFromHex}). */
  image: Uint8Array;
  /** Opens the port at a rate; each open is closed before the next. */
  openLink: OpenLink;
  timeouts?: UploadTimeouts;
  onEvent?: (e: FlashEvent) => void;
}

/**
 * Uploads `image` with the built-in STK500v1 uploader: tries the board's bootloader rates in order,
 * resetting the board into its bootloader for each, writes and reads back. Free of Node: the page
 * runs it over Web Serial, `neuron-kit flash` over serialport.
 *
 * @throws FlashError when the board kind has no STK500v1 bootloader (the Mega)
 * @throws NoBootloaderAnswerError | WrongBoardError | SignatureMismatchError | VerifyError, or the port's error
 */
export async function uploadBuiltIn(u: BuiltInUpload): Promise<void> {
  const board = BOARD_PROGRAMMING[u.board];
  if (!board.chip) {
    throw new FlashError(
      `The built-in uploader cannot program the ${u.board}: its bootloader speaks STK500v2`,
      'Install avrdude (`sudo apt-get install avrdude`) and run `neuron-kit flash --board mega` again.',
    );
  }
  const emit = u.onEvent ?? (() => {});
  emit({ type: 'uploader', uploader: 'built-in', detail: 'STK500v1' });
  for (const baud of board.bootloaderBauds) {
    // Two resets per rate: a bootloader that lost sync (a stray byte from before it listened) or
    // missed the first GET_SYNC drops into the application, and a fresh reset brings it back.
    for (let attempt = 1; attempt <= 2; attempt++) {
      const link = await u.openLink(u.port, baud);
      try {
        emit({ type: 'reset', baudRate: baud, attempt });
        await link.resetBoard();
        const stk = new Stk500v1(link, u.timeouts?.replyMs);
        if (!(await stk.sync(u.timeouts?.syncAttempts, u.timeouts?.syncMs))) continue;
        const version = await stk.version();
        emit({ type: 'bootloader', baudRate: baud, version });
        await stk.upload(u.image, board.chip, { onProgress: (progress) => emit({ type: 'progress', progress }) });
        return;
      } catch (err) {
        if (!(err instanceof LinkTimeoutError || err instanceof LostSyncError) || attempt === 2) throw err;
        log('try %d at %d baud failed (%s); resetting again', attempt, baud, (err as Error).message);
      } finally {
        await link.close();
      }
    }
  }
  throw await explainNoAnswer(u.board, u.port, u.openLink, u.timeouts);
}

/** Rate of the old Nano bootloader, ATmegaBOOT (arduino-core-avr boards.txt: nano.menu.cpu.atmega328old.upload.speed). */
const OLD_NANO_BAUD = 57_600;

/**
 * Nothing answered at the board's rates: if a bootloader answers at another board's rate, the user
 * picked the wrong board kind (typically an old-bootloader Nano flashed as an Uno).
 */
export async function explainNoAnswer(board: BoardKind, port: string, openLink?: OpenLink, timeouts?: UploadTimeouts): Promise<FlashError> {
  const tried = BOARD_PROGRAMMING[board].bootloaderBauds;
  if (openLink && !tried.includes(OLD_NANO_BAUD)) {
    const link = await openLink(port, OLD_NANO_BAUD);
    try {
      await link.resetBoard();
      if (await new Stk500v1(link, timeouts?.replyMs).sync(3, timeouts?.syncMs)) {
        return new WrongBoardError(
          board,
          'nano',
          `A bootloader answered on ${port} at ${OLD_NANO_BAUD} baud, not at ${tried.join('/')}: this looks like a Nano with the old bootloader, not an ${board}`,
          'Run `neuron-kit flash --board nano`.',
        );
      }
    } finally {
      await link.close();
    }
  }
  return new NoBootloaderAnswerError(port, tried);
}

/**
 * After an upload: resets the board into the new firmware and checks that it introduces itself as
 * the kit firmware (REPORT_FIRMWARE, then KIT_INFO).
 * @param listenMs listen time per baud rate, wall ms (see {@link probeFirmware})
 * @throws FirmwareCheckError saying what the board runs instead
 */
export async function checkFlashed(openLink: OpenLink, port: string, listenMs: number | undefined, emit: (e: FlashEvent) => void): Promise<FirmwareReport> {
  emit({ type: 'checking' });
  const report = await probeFirmware(openLink, port, { listenMs });
  checkKitFirmware(report, port);
  emit({ type: 'done', report: report! });
  return report!;
}
