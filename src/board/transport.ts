import type { Duplex } from 'node:stream';
import { SerialPort } from 'serialport';
import { type BoardClock, wallClock } from './clock.js';
import { BoardNotFoundError, PortNotFoundError, PortOpenError, PortPermissionError } from './errors.js';

/** Firmata's line rate (firmata-io default `serialport.baudRate`; Firmata.begin(57600) in the firmware). */
export const FIRMATA_BAUD_RATE = 57_600;

/** The byte stream to a board: a serialport `SerialPort` or the twin's UART, both opened late. */
export interface TransportStream extends Duplex {
  readonly isOpen: boolean;
  open(callback?: (err: Error | null) => void): void;
  close(callback?: (err: Error | null) => void): void;
}

/**
 * What differs between a real and an emulated board, and nothing else: the stream and whose clock
 * is the board's time. Everything above (firmata-io, johnny-five, node-pixel, the link) is shared.
 */
export interface BoardTransport {
  /** For reports (`"board": "emulated"`); never branched on above this seam. */
  readonly kind: 'serial' | 'emulated';
  /** Port path, or "emulated". */
  readonly path: string;
  readonly stream: TransportStream;
  readonly clock: BoardClock;
  /** Nominal line rate, bits per second. */
  readonly baudRate: number;
}

/** A real Arduino on a serial port. The port is opened by {@link connectBoard}. */
export function serialTransport(path: string, baudRate = FIRMATA_BAUD_RATE): BoardTransport {
  const stream = new SerialPort({ path, baudRate, autoOpen: false }) as unknown as TransportStream;
  return { kind: 'serial', path, stream, clock: wallClock(), baudRate };
}

/**
 * What an emulated board offers the seam: its UART as a stream (with the line rate the host sees) and
 * its emulated clock. The twin satisfies it; board/ never imports the emulator.
 */
export interface EmulatedLine {
  readonly transport: TransportStream & { readonly hostBaudRate: number };
  readonly clock: BoardClock;
}

/** The twin's serial line. Opening it resets the emulated chip as DTR resets a real Uno. */
export function emulatedTransport(twin: EmulatedLine): BoardTransport {
  return { kind: 'emulated', path: 'emulated', stream: twin.transport, clock: twin.clock, baudRate: twin.transport.hostBaudRate };
}

/** Turns a port open failure into a typed error with the next step. */
export function classifyOpenError(path: string, err: unknown): Error {
  const text = err instanceof Error ? err.message : String(err);
  if (/EACCES|permission denied/i.test(text)) return new PortPermissionError(path, err);
  if (/ENOENT|no such file/i.test(text)) return new PortNotFoundError(path);
  if (/cannot open/i.test(text)) return new BoardNotFoundError([path]);
  return new PortOpenError(path, err);
}
