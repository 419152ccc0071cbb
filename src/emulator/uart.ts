import { Duplex } from 'node:stream';
import type { UartChip, UartStats } from './uart-line.js';
import { FIRMATA_BAUD_RATE, UartLine } from './uart-line.js';

export { FIRMATA_BAUD_RATE, BITS_PER_BYTE_8N1 } from './uart-line.js';
export type { UartChip, UartStats } from './uart-line.js';

/**
 * The Uno's USB-serial line as a Node stream for the host (firmata-io, socat): a {@link UartLine}
 * with `open()`/`close()` and the stream's read and write sides. `open()` behaves like opening a real
 * Uno's port: DTR pulses the reset line (see `onOpen`).
 */
export class UartTransport extends Duplex {
  readonly line: UartLine;
  isOpen = false;

  constructor(hostBaudRate = FIRMATA_BAUD_RATE) {
    super();
    this.line = new UartLine(hostBaudRate);
    this.line.onHostData = (bytes) => {
      if (this.isOpen) this.push(Buffer.from(bytes));
    };
  }

  get stats(): UartStats {
    return this.line.stats;
  }

  get hostBaudRate(): number {
    return this.line.hostBaudRate;
  }

  /** Board cycles per byte from the host at its baud rate (8N1). */
  get hostByteCycles(): number {
    return this.line.hostByteCycles;
  }

  /**
   * Whether a host and firmware at different baud rates read garbage, as on a real line. False for a
   * line without a rate of its own: over a pty the client's baud setting never reaches the twin.
   */
  get ratesMatter(): boolean {
    return this.line.ratesMatter;
  }

  set ratesMatter(matter: boolean) {
    this.line.ratesMatter = matter;
  }

  /** Called when the host opens the port: the twin resets the chip as DTR would. */
  get onOpen(): (() => void) | null {
    return this.line.onOpen;
  }

  set onOpen(fn: (() => void) | null) {
    this.line.onOpen = fn;
  }

  /** Host bytes written but not yet arrived at the chip. */
  get pendingToBoard(): number {
    return this.line.pendingToBoard;
  }

  attach(uno: UartChip | null): void {
    this.line.attach(uno);
  }

  chipByteCycles(): number {
    return this.line.chipByteCycles();
  }

  flushToHost(): void {
    this.line.flushToHost();
  }

  open(callback?: (err: Error | null) => void): void {
    this.isOpen = true;
    this.line.onOpen?.();
    process.nextTick(() => {
      this.emit('open');
      callback?.(null);
    });
  }

  close(callback?: (err: Error | null) => void): void {
    this.isOpen = false;
    process.nextTick(() => {
      this.emit('close');
      callback?.(null);
    });
  }

  override _read(): void {
    // Data is pushed as the emulated board produces it (line.onHostData).
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.line.receiveFromHost(chunk);
    callback();
  }
}
