import createDebug from 'debug';
import { type ByteLink, LinkTimeoutError } from './link.js';
import { SignatureMismatchError, VerifyError } from './errors.js';

const log = createDebug('neuron-kit:flash:stk500');

/** STK500 v1 commands and replies (Atmel AVR061 "STK500 Communication Protocol", §5 and Appendix). */
const STK = {
  OK: 0x10,
  INSYNC: 0x14,
  NOSYNC: 0x15,
  CRC_EOP: 0x20,
  GET_SYNC: 0x30,
  GET_PARAMETER: 0x41,
  ENTER_PROGMODE: 0x50,
  LEAVE_PROGMODE: 0x51,
  LOAD_ADDRESS: 0x55,
  PROG_PAGE: 0x64,
  READ_PAGE: 0x74,
  READ_SIGN: 0x75,
  /** Parameters (AVR061 Appendix "Parameters"): software version, as optiboot reports it. */
  PARAM_SW_MAJOR: 0x81,
  PARAM_SW_MINOR: 0x82,
} as const;
/** Memory type byte of PROG_PAGE/READ_PAGE: 'F' = flash. */
const FLASH = 0x46;

/** The bootloader's reply was not INSYNC … OK: the session is out of step. */
export class LostSyncError extends Error {
  constructor(readonly command: number, readonly reply: Uint8Array) {
    super(`bootloader answered command 0x${command.toString(16)} with ${hex(reply)} (lost sync)`);
    this.name = 'LostSyncError';
  }
}

/** What the uploader needs to know about the chip. */
export interface ChipSpec {
  /** Device signature bytes (datasheet "Signature Bytes"), e.g. ATmega328P 1E 95 0F. */
  signature: readonly [number, number, number];
  /** Flash page in bytes (ATmega328P: 128, datasheet §27.5 Table 27-9). */
  pageBytes: number;
  name: string;
}

export const ATMEGA328P: ChipSpec = { signature: [0x1e, 0x95, 0x0f], pageBytes: 128, name: 'ATmega328P' };

/** Progress of an upload: bytes done of total in the current phase. */
export interface UploadProgress {
  phase: 'write' | 'verify';
  doneBytes: number;
  totalBytes: number;
}

export interface UploadOptions {
  /** Verify by reading the flash back. Default true. */
  verify?: boolean;
  onProgress?: (p: UploadProgress) => void;
  /** Reply timeout per command, ms (wall clock). Default 1000. */
  replyTimeoutMs?: number;
}

/**
 * An STK500v1 session with a bootloader (optiboot on the Uno and new Nanos, ATmegaBOOT on old Nanos).
 * The link must be open at the bootloader's rate and the board freshly reset; see {@link syncBootloader}.
 */
export class Stk500v1 {
  constructor(private readonly link: ByteLink, private readonly replyTimeoutMs = 1000) {}

  /**
   * Sends GET_SYNC until the bootloader answers INSYNC/OK. Returns false if it never does.
   *
   * Each attempt waits long enough for optiboot to finish its start-up LED flashes (3 × 2 × 62.5 ms
   * on the Uno build) before sending again: while it flashes it does not read the UART, the two-byte
   * receive FIFO fills, and a third byte stays in the shift register (datasheet §20.7.4); that stray
   * GET_SYNC half then breaks the next command and optiboot restarts into the application.
   */
  async sync(attempts = 4, timeoutMs = 600): Promise<boolean> {
    for (let i = 0; i < attempts; i++) {
      this.link.discardInput();
      await this.link.write(Uint8Array.of(STK.GET_SYNC, STK.CRC_EOP));
      try {
        const reply = await this.link.read(2, timeoutMs);
        if (reply[0] === STK.INSYNC && reply[1] === STK.OK) {
          log('in sync after %d attempt(s)', i + 1);
          return true;
        }
        log('sync attempt %d: unexpected %o', i + 1, reply);
      } catch (err) {
        if (!(err instanceof LinkTimeoutError)) throw err;
        log('sync attempt %d: no answer', i + 1);
      }
    }
    return false;
  }

  /** Sends a command and checks the INSYNC … OK framing; returns the payload between them. */
  private async command(bytes: readonly number[], replyBytes = 0): Promise<Uint8Array> {
    await this.link.write(Uint8Array.from([...bytes, STK.CRC_EOP]));
    const reply = await this.link.read(replyBytes + 2, this.replyTimeoutMs);
    if (reply[0] !== STK.INSYNC || reply[replyBytes + 1] !== STK.OK) {
      throw new LostSyncError(bytes[0]!, reply);
    }
    return reply.subarray(1, 1 + replyBytes);
  }

  /** The bootloader's software version (optiboot 4.4 on a Uno answers 4.4). */
  async version(): Promise<string> {
    const major = await this.command([STK.GET_PARAMETER, STK.PARAM_SW_MAJOR], 1);
    const minor = await this.command([STK.GET_PARAMETER, STK.PARAM_SW_MINOR], 1);
    return `${major[0]}.${minor[0]}`;
  }

  async signature(): Promise<Uint8Array> {
    return this.command([STK.READ_SIGN], 3);
  }

  /**
   * Writes `image` from address 0, page by page, then reads it back.
   * @throws SignatureMismatchError when the chip is not `chip`
   * @throws VerifyError when the read-back differs
   */
  async upload(image: Uint8Array, chip: ChipSpec, options: UploadOptions = {}): Promise<void> {
    const sig = await this.signature();
    if (sig.some((b, i) => b !== chip.signature[i])) {
      throw new SignatureMismatchError(hex(sig), hex(Uint8Array.from(chip.signature)), chip.name);
    }
    await this.command([STK.ENTER_PROGMODE]);
    const page = chip.pageBytes;
    const total = Math.ceil(image.length / page) * page;
    const padded = new Uint8Array(total).fill(0xff);
    padded.set(image);
    for (let at = 0; at < total; at += page) {
      await this.loadAddress(at);
      await this.command([STK.PROG_PAGE, page >> 8, page & 0xff, FLASH, ...padded.subarray(at, at + page)]);
      options.onProgress?.({ phase: 'write', doneBytes: at + page, totalBytes: total });
    }
    if (options.verify ?? true) {
      for (let at = 0; at < total; at += page) {
        await this.loadAddress(at);
        const back = await this.command([STK.READ_PAGE, page >> 8, page & 0xff, FLASH], page);
        for (let i = 0; i < page; i++) if (back[i] !== padded[at + i]) throw new VerifyError(at + i);
        options.onProgress?.({ phase: 'verify', doneBytes: at + page, totalBytes: total });
      }
    }
    await this.command([STK.LEAVE_PROGMODE]);
    log('uploaded %d bytes', total);
  }

  /** LOAD_ADDRESS takes a word address, low byte first (AVR061 §5.3.6). */
  private loadAddress(byteAddress: number): Promise<Uint8Array> {
    const word = byteAddress >> 1;
    return this.command([STK.LOAD_ADDRESS, word & 0xff, (word >> 8) & 0xff]);
  }
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}
