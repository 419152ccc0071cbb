/**
 * A byte link to a board for request/response protocols (STK500v1, the firmware check).
 *
 * Error contract: `read` rejects with {@link LinkTimeoutError} when fewer than the requested bytes
 * arrive in time, and with the port's error when it fails; `write` rejects when the port fails.
 * Nothing here retries: callers decide.
 */
export interface ByteLink {
  readonly path: string;
  write(data: Uint8Array): Promise<void>;
  /** Exactly `n` bytes, or LinkTimeoutError after `timeoutMs` (wall clock) without them. */
  read(n: number, timeoutMs: number): Promise<Uint8Array>;
  /** Drops whatever has arrived and not been read. */
  discardInput(): void;
  /** Pulls DTR and RTS low then high: an Arduino's auto-reset circuit restarts it into its bootloader. */
  resetBoard(): Promise<void>;
  close(): Promise<void>;
}

export class LinkTimeoutError extends Error {
  constructor(readonly wanted: number, readonly got: number, readonly timeoutMs: number) {
    super(`expected ${wanted} bytes, got ${got} within ${timeoutMs} ms`);
    this.name = 'LinkTimeoutError';
  }
}

/** How to open a port: the real serialport binding, or an injected one (tests, the emulator). */
export type OpenLink = (path: string, baudRate: number) => Promise<ByteLink>;

/** Wall-clock wait; only for pauses a real chip needs (reset pulse), never to reason about board time. */
export const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * The reset pulse avrdude's `arduino` programmer gives: the Uno's DTR line reaches RESET through a
 * 100 nF capacitor (Uno Rev3 schematic), so the falling edge of DTR# (DTR asserted) resets the chip.
 * Drop DTR and RTS, hold briefly, raise them, and give the bootloader time to start.
 */
export async function pulseReset(setSignals: (asserted: boolean) => Promise<void>): Promise<void> {
  await setSignals(false);
  await pause(50);
  await setSignals(true);
  await pause(50);
}

/**
 * What a port has received and the uploader not yet read: `push` from the port's data events, `read`
 * for exactly `n` bytes with a wall-clock timeout. One reader at a time, as STK500v1 is one
 * request, one reply.
 */
export class InputBuffer {
  private chunks: Uint8Array[] = [];
  private size = 0;
  private waiter: (() => void) | null = null;
  private failure: Error | null = null;

  push(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.size += bytes.length;
    this.waiter?.();
  }

  /** The port failed (or went away): the waiting read, and every later one, rejects with `err`. */
  fail(err: Error): void {
    this.failure = err;
    this.waiter?.();
  }

  discard(): void {
    this.chunks = [];
    this.size = 0;
  }

  read(n: number, timeoutMs: number): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      if (this.size >= n) return resolve(this.take(n));
      if (this.failure) return reject(this.failure);
      const timer = setTimeout(() => {
        this.waiter = null;
        reject(new LinkTimeoutError(n, this.size, timeoutMs));
      }, timeoutMs);
      this.waiter = () => {
        if (this.failure) {
          clearTimeout(timer);
          this.waiter = null;
          reject(this.failure);
        } else if (this.size >= n) {
          clearTimeout(timer);
          this.waiter = null;
          resolve(this.take(n));
        }
      };
    });
  }

  private take(n: number): Uint8Array {
    const all = new Uint8Array(this.size);
    let at = 0;
    for (const c of this.chunks) {
      all.set(c, at);
      at += c.length;
    }
    this.chunks = [all.subarray(n)];
    this.size = all.length - n;
    return all.slice(0, n);
  }
}
