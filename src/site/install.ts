import { nanoHex, unoHex } from 'neuron-kit:content';
import { BOARD_SPECS } from '../board/kinds/index.js';
import {
  BOARD_PROGRAMMING, type FirmwareReport, type FlashEvent, type OpenLink, type UploadTimeouts, checkFlashed, imageFromHex, openLineLink,
  uploadBuiltIn,
} from '../flash/core.js';
import type { PageBoard } from './install-words.js';
import { portLabel, webSerialLine, type WebSerialPort } from './web-serial.js';

export type { PageBoard } from './install-words.js';

/** The boards the page installs on, with the kit firmware for each (bundled by `npm run build:site`). */
export const PAGE_BOARDS: Readonly<Record<PageBoard, { name: string; hex: string }>> = {
  uno: { name: BOARD_SPECS.uno.name, hex: unoHex },
  nano: { name: BOARD_SPECS.nano.name, hex: nanoHex },
};

/**
 * The page's patience with a bootloader, wall ms. A tab's timers and Web Serial reads share the
 * browser's event loop with the exhibit's drawing, and Chrome slows the timers of a tab in the
 * background, so each wait is longer than `neuron-kit flash`'s: a GET_SYNC reply may take 2.5 s
 * (optiboot answers after its 375 ms of start-up flashes), a command's reply 4 s (avrdude waits 5 s,
 * ser_posix.c serial_recv_timeout). Two GET_SYNCs per reset: a bootloader that missed the first
 * has started the application by the second (optiboot's 1 s watchdog), and a fresh reset follows.
 * The site's tests lean on this slack too: their emulated board runs the real optiboot below real
 * time, and with `neuron-kit flash`'s 600 ms per GET_SYNC it is not ready in time.
 */
export const PAGE_TIMEOUTS: UploadTimeouts = { syncMs: 2500, replyMs: 4000, syncAttempts: 2 };
/**
 * Listen time per rate when checking the new firmware, wall ms: as long as "Connect a kit" gives a
 * board to become ready (the codec port's 10 s), bootloader wait and start-up included.
 */
export const PAGE_CHECK_LISTEN_MS = 10_000;

/**
 * Installs the kit firmware for `board` on the board behind a Web Serial port with the built-in
 * STK500v1 uploader (the same code as `neuron-kit flash`), reads it back, and checks that the board
 * then introduces itself as the kit firmware (KIT_INFO).
 * @throws the uploader's typed errors (see src/flash/core.ts); {@link describeInstallFailure} words them
 */
export async function installKitFirmware(port: WebSerialPort, board: PageBoard, onEvent: (e: FlashEvent) => void): Promise<FirmwareReport> {
  const image = imageFromHex(PAGE_BOARDS[board].hex, BOARD_PROGRAMMING[board], `The kit firmware for the ${PAGE_BOARDS[board].name}`);
  const where = `Web Serial (${portLabel(port)})`;
  const openLink: OpenLink = (_path, baudRate) => openLineLink(webSerialLine(port, baudRate));
  await uploadBuiltIn({ board, port: where, image, openLink, timeouts: PAGE_TIMEOUTS, onEvent });
  return checkFlashed(openLink, where, PAGE_CHECK_LISTEN_MS, onEvent);
}
