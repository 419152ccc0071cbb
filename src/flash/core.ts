// The uploader without Node: what the site's page imports (src/site/install.ts) to flash over Web
// Serial. `index.ts` adds the Node parts: serialport, avrdude, hex files on disk.
export {
  FlashError, NoBootloaderAnswerError, WrongBoardError, PortBusyError, SignatureMismatchError, VerifyError, AvrdudeError,
  FirmwareCheckError, ImageError,
} from './errors.js';
export { LinkTimeoutError, InputBuffer, pulseReset } from './link.js';
export type { ByteLink, OpenLink } from './link.js';
export { openLineLink } from './line-link.js';
export type { SignalLine } from './line-link.js';
export { Stk500v1, ATMEGA328P, LostSyncError } from './stk500v1.js';
export type { ChipSpec, UploadProgress, UploadOptions } from './stk500v1.js';
export { BOARD_PROGRAMMING, imageFromHex, boardFromUsbIds } from './boards.js';
export type { BoardProgramming } from './boards.js';
export { probeFirmware, parseReport, checkKitFirmware } from './probe.js';
export type { FirmwareReport, ProbeOptions } from './probe.js';
export { uploadBuiltIn, explainNoAnswer, checkFlashed } from './upload.js';
export type { FlashEvent, UploadTimeouts, BuiltInUpload } from './upload.js';
