export {
  FlashError, NoBootloaderAnswerError, WrongBoardError, PortBusyError, SignatureMismatchError, VerifyError, AvrdudeError,
  FirmwareCheckError, ImageError,
} from './errors.js';
export { openSerialLink, LinkTimeoutError } from './link.js';
export type { ByteLink, OpenLink } from './link.js';
export { Stk500v1, ATMEGA328P, LostSyncError } from './stk500v1.js';
export type { ChipSpec, UploadProgress, UploadOptions } from './stk500v1.js';
export { BOARD_PROGRAMMING, loadImage } from './boards.js';
export type { BoardProgramming } from './boards.js';
export { findAvrdude, findOnPath, avrdudeArgs, runAvrdude, classifyAvrdudeFailure } from './avrdude.js';
export { probeFirmware, parseReport, checkKitFirmware } from './probe.js';
export type { FirmwareReport, ProbeOptions } from './probe.js';
export { flashBoard } from './flash.js';
export type { FlashOptions, FlashEvent } from './flash.js';
