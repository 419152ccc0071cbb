import {
  FirmwareCheckError, ImageError, LinkTimeoutError, LostSyncError, NoBootloaderAnswerError, PortBusyError, SignatureMismatchError,
  VerifyError, WrongBoardError, type FlashEvent,
} from '../flash/core.js';
import { BOARD_SPECS } from '../board/kinds/index.js';

/**
 * Boards the page installs on: those whose bootloader speaks STK500v1 (Uno: optiboot at 115200;
 * Nano: optiboot at 115200, or the old ATmegaBOOT at 57600, both tried). The Mega's bootloader
 * speaks STK500v2, which only avrdude (`neuron-kit flash --board mega`) does here.
 */
export type PageBoard = 'uno' | 'nano';

/** A board kind as its silk screen names it ("Arduino Nano"), or the kind itself if unknown. */
const boardName = (kind: string): string => (kind in BOARD_SPECS ? BOARD_SPECS[kind as keyof typeof BOARD_SPECS].name : kind);

/** One line of progress for the page, or null for an event that changes nothing visible. */
export function describeInstallStep(e: FlashEvent): string | null {
  switch (e.type) {
    case 'reset':
      return `Restarting the board into its bootloader (${e.baudRate} baud${e.attempt > 1 ? ', second try' : ''})…`;
    case 'bootloader':
      return `The bootloader answered at ${e.baudRate} baud${e.version ? ` (version ${e.version})` : ''}. Writing…`;
    case 'progress': {
      const percent = Math.floor((e.progress.doneBytes / e.progress.totalBytes) * 100);
      return e.progress.phase === 'write' ? `Writing the firmware: ${percent}%` : `Reading it back to check: ${percent}%`;
    }
    case 'checking':
      return 'Written and read back. Restarting the board to check the firmware answers…';
    case 'done':
      return `Installed and checked: the board answers as ${e.report.kit!.name} ${e.report.kit!.major}.${e.report.kit!.minor}.`;
    default:
      return null;
  }
}

const mega = 'For an Arduino Mega, use the command line on a computer with avrdude: neuron-kit flash --board mega.';

/** What went wrong installing, in plain words, with what to do next. */
export function describeInstallFailure(err: unknown, board: PageBoard): string {
  const name = boardName(board);
  if (err instanceof WrongBoardError) {
    const likely = boardName(err.likely);
    return `A bootloader answered, but not the ${name}'s: this board looks like an ${likely}${err.likely === 'nano' ? ' with the old bootloader' : ''}. Choose "${likely}" and install again.`;
  }
  if (err instanceof NoBootloaderAnswerError) {
    return `No board answered the bootloader at ${err.baudRates.join(' or ')} baud. Check that the ${name} is plugged in with a data cable and that you chose its port; close other programs and tabs using it (the Arduino IDE's serial monitor). A board without automatic reset (some clones): press its reset button just as you click Install. ${mega}`;
  }
  if (err instanceof SignatureMismatchError) {
    return `The chip on this board is not the ${name}'s ATmega328P (it answered ${err.found}). This page installs on the Uno and the Nano. ${mega}`;
  }
  if (err instanceof VerifyError) {
    return `The firmware was written, but reading it back differs at byte 0x${err.address.toString(16)}. Install again; if it fails at the same place, the board may be damaged.`;
  }
  if (err instanceof PortBusyError) {
    return 'The port could not be opened: another program or tab is using the board (the Arduino IDE\'s serial monitor, another Neuron Kit page). Close it and install again.';
  }
  if (err instanceof FirmwareCheckError) {
    return `The firmware was written and read back, but the board does not answer as the kit firmware: ${err.message}. Press the board's reset button and use "Connect a kit".`;
  }
  if (err instanceof LinkTimeoutError || err instanceof LostSyncError) {
    return 'The bootloader stopped answering during the upload. Unplug the board, plug it in again and install again.';
  }
  if (err instanceof ImageError) return `${err.message}. Rebuild the site (npm run build:site).`;
  return `Installing failed: ${(err as Error).message}. Unplug the board, plug it in again and install again.`;
}
