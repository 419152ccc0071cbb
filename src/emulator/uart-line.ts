import createDebug from 'debug';
import type { Uno } from './uno.js';

/** What the line needs of a chip: its USART0, its CPU (hooks, clock events) and its board time (an Uno or a Mega). */
export type UartChip = Pick<Uno, 'usart' | 'cpu' | 'cycles'>;
import { UNO_CLOCK_HZ } from './uno.js';
import { ratesDisagree, receiveAtRate } from './line-rate.js';

const log = createDebug('neuron-kit:emulator:uart');

/** USART0 register addresses and bits (ATmega328P datasheet §20.11 "Register Description"). */
const UDR0 = 0xc6;
const UCSR0A = 0xc0;
const UCSR0B = 0xc1;
const UBRR0L = 0xc4;
const UBRR0H = 0xc5;
/** UCSR0A bit 1, U2X0: double speed, 8 samples per bit instead of 16 (§20.11.2). */
const U2X0 = 0x02;

/** Baud rate the host opens the port at: Firmata's default (firmata-io `serialport.baudRate`). */
export const FIRMATA_BAUD_RATE = 57_600;
/** 8N1 framing: start bit, 8 data bits, stop bit = 10 bit times per byte. */
export const BITS_PER_BYTE_8N1 = 10;
/**
 * The receiver holds two received bytes in its FIFO (UDR0 and one behind it) and a third in the
 * shift register; a fourth start bit overwrites the waiting one (data overrun, §20.7.4 and §20.8).
 */
const RX_FIFO_DEPTH = 2;

/** Counters of the serial line, for tests and reports. */
export interface UartStats {
  /** Bytes the host wrote. */
  hostBytesWritten: number;
  /** Bytes the firmware's receiver took into its FIFO. */
  bytesReceived: number;
  /** Bytes lost to a full receiver (interrupts off too long: data overrun). */
  bytesOverrun: number;
  /** Of those, bytes other than 0x00 (zero bytes are the link's deliberate padding, ignored by Firmata). */
  nonZeroBytesOverrun: number;
  /** Bytes that arrived while the receiver was off or the bootloader held the chip. */
  bytesIgnored: number;
  /** Bytes the firmware sent to the host. */
  bytesTransmitted: number;
}

/**
 * The Uno's USB-serial line, without any host API: what the host hands to {@link receiveFromHost}
 * reaches USART0 one byte per byte time of the host's baud rate, in board time; what the firmware
 * transmits goes to {@link onHostData} after each emulation slice. Bytes that a real chip would lose
 * (receiver FIFO full while the firmware runs with interrupts off, e.g. during a WS2812 show) are
 * lost here too. Pure, so the browser's twin uses it as it is; `UartTransport` puts a Node stream on it.
 */
export class UartLine {
  readonly stats: UartStats = { hostBytesWritten: 0, bytesReceived: 0, bytesOverrun: 0, nonZeroBytesOverrun: 0, bytesIgnored: 0, bytesTransmitted: 0 };
  /** Board cycles per byte from the host at its baud rate (8N1). */
  hostByteCycles: number;
  /**
   * Whether a host and firmware at different baud rates read garbage, as on a real line. False for a
   * line without a rate of its own: over a pty the client's baud setting never reaches the twin.
   */
  ratesMatter = true;
  /** Called when the host opens the port: the twin resets the chip as DTR would. */
  onOpen: (() => void) | null = null;
  /** Receives what the firmware sent since the last slice (only while the host has the port open). */
  onHostData: ((bytes: Uint8Array) => void) | null = null;

  private uno: UartChip | null = null;
  private readonly queue: number[] = [];
  private queueHead = 0;
  private arrivalScheduled = false;
  private lineFreeAtCycle = 0;
  /** The receive FIFO (§20.7.4): fifo[0] is what UDR0 reads now. */
  private readonly fifo: number[] = [];
  private shiftRegister: number | null = null;
  private toHost: number[] = [];
  /** Board cycle at which each byte of `toHost` started on the line, at the firmware's own rate. */
  private toHostStarts: number[] = [];
  private txLineFreeAtCycle = 0;

  constructor(private hostRate = FIRMATA_BAUD_RATE) {
    this.hostByteCycles = (UNO_CLOCK_HZ * BITS_PER_BYTE_8N1) / hostRate;
  }

  /** The rate the host's port is set to, bits per second. */
  get hostBaudRate(): number {
    return this.hostRate;
  }

  /**
   * The host reopened its port at another rate (an uploader at the bootloader's 115200, then the
   * kit's 500000): bytes either way are read at the new rate from now on.
   */
  setHostBaudRate(baudRate: number): void {
    this.hostRate = baudRate;
    this.hostByteCycles = (UNO_CLOCK_HZ * BITS_PER_BYTE_8N1) / baudRate;
  }

  /** Connects the line to a (freshly reset) chip; bytes in flight to the old chip are dropped. */
  attach(uno: UartChip | null): void {
    this.uno = uno;
    this.stats.bytesIgnored += this.queue.length - this.queueHead;
    this.queue.length = 0;
    this.queueHead = 0;
    this.fifo.length = 0;
    this.shiftRegister = null;
    this.arrivalScheduled = false;
    if (!uno) return;
    uno.usart.onByteTransmit = (value) => {
      this.stats.bytesTransmitted++;
      this.toHost.push(value);
      const byteCycles = this.chipByteCycles();
      const startCycle = Math.max(uno.cycles, this.txLineFreeAtCycle);
      this.txLineFreeAtCycle = startCycle + byteCycles;
      this.toHostStarts.push(startCycle);
    };
    const readUdr = uno.cpu.readHooks[UDR0]!;
    uno.cpu.readHooks[UDR0] = (addr) => {
      const value = readUdr(addr);
      // The FIFO advances when UDR0 is read (§20.7.4): the next byte becomes readable at once.
      this.fifo.shift();
      if (this.shiftRegister !== null) {
        this.fifo.push(this.shiftRegister);
        this.shiftRegister = null;
      }
      if (this.fifo.length > 0) uno.usart.writeByte(this.fifo[0]!, true);
      return value;
    };
    // avr8js drops a pending receive-complete whenever UCSR0B is written with the receiver on;
    // HardwareSerial writes UCSR0B (UDRIE0) on every transmit. On a real chip RXC0 stays set until
    // UDR0 is read (§20.11.2), so re-assert it for the byte still waiting.
    const writeUcsrb = uno.cpu.writeHooks[UCSR0B]!;
    uno.cpu.writeHooks[UCSR0B] = (value, oldValue, addr, mask) => {
      const handled = writeUcsrb(value, oldValue, addr, mask);
      if (this.fifo.length > 0 && uno.usart.rxEnable) uno.usart.writeByte(this.fifo[0]!, true);
      return handled;
    };
  }

  /** Board cycles per byte of the firmware's own transmitter, from UBRR0 and U2X0 (§20.3.1, Table 20-1). */
  chipByteCycles(): number {
    const uno = this.uno;
    if (!uno) return this.hostByteCycles;
    const d = uno.cpu.data;
    const ubrr = ((d[UBRR0H]! & 0x0f) << 8) | d[UBRR0L]!;
    return (ubrr + 1) * (d[UCSR0A]! & U2X0 ? 8 : 16) * BITS_PER_BYTE_8N1;
  }

  /** Hands what the firmware transmitted since the last call to the host. Called between slices. */
  flushToHost(): void {
    if (this.toHost.length === 0) return;
    const chipBitCycles = this.chipByteCycles() / BITS_PER_BYTE_8N1;
    const hostBitCycles = this.hostByteCycles / BITS_PER_BYTE_8N1;
    // A firmware talking at another rate than the host listens (the kit's 500000 baud opened at
    // 57600) reaches the host as the garbage a real UART would read. A frame cut by the end of the
    // slice is read with the idle line after it.
    const bytes = this.ratesMatter && ratesDisagree(chipBitCycles, hostBitCycles)
      ? receiveAtRate(this.toHost.map((value, i) => ({ value, startCycle: this.toHostStarts[i]! })), chipBitCycles, hostBitCycles)
      : this.toHost;
    this.toHost = [];
    this.toHostStarts = [];
    if (bytes.length > 0) this.onHostData?.(Uint8Array.from(bytes));
  }

  /** Host bytes written but not yet arrived at the chip. */
  get pendingToBoard(): number {
    return this.queue.length - this.queueHead;
  }

  /** Bytes from the host: they reach the chip one byte time apart (dropped while the bootloader holds it). */
  receiveFromHost(bytes: Iterable<number> & { length: number }): void {
    this.stats.hostBytesWritten += bytes.length;
    if (!this.uno) {
      this.stats.bytesIgnored += bytes.length; // the bootloader holds the chip and eats the bytes
      return;
    }
    const chipBitCycles = this.chipByteCycles() / BITS_PER_BYTE_8N1;
    const hostBitCycles = this.hostByteCycles / BITS_PER_BYTE_8N1;
    // At a rate the firmware's receiver does not use, it reads garbage: the write as one burst,
    // read at the chip's bit time (the garbage then arrives at the host's byte spacing). Before
    // the firmware turns its receiver on, its rate is not set yet and the bytes are lost anyway.
    const arriving = this.ratesMatter && this.uno.usart.rxEnable && ratesDisagree(hostBitCycles, chipBitCycles)
      ? receiveAtRate(Array.from(bytes, (value, i) => ({ value, startCycle: i * this.hostByteCycles })), hostBitCycles, chipBitCycles)
      : bytes;
    for (const b of arriving) this.queue.push(b);
    this.scheduleArrival();
  }

  private scheduleArrival(): void {
    const uno = this.uno;
    if (!uno || this.arrivalScheduled || this.queueHead >= this.queue.length) return;
    const now = uno.cycles;
    const at = Math.max(now, this.lineFreeAtCycle) + this.hostByteCycles;
    this.lineFreeAtCycle = at;
    this.arrivalScheduled = true;
    uno.cpu.addClockEvent(() => this.arrive(uno), Math.max(1, Math.round(at - now)));
  }

  private arrive(uno: UartChip): void {
    this.arrivalScheduled = false;
    if (uno !== this.uno) return;
    const value = this.queue[this.queueHead++]!;
    if (this.queueHead > 4096 && this.queueHead * 2 > this.queue.length) {
      this.queue.splice(0, this.queueHead);
      this.queueHead = 0;
    }
    this.receive(uno, value);
    this.scheduleArrival();
  }

  private receive(uno: UartChip, value: number): void {
    if (!uno.usart.rxEnable) {
      this.stats.bytesIgnored++;
      return;
    }
    // Occupancy is tracked here, not from RXC0 in UCSR0A: avr8js clears that bit whenever the
    // firmware writes UCSR0A (HardwareSerial does, to clear TXC0), which a real chip never does.
    if (this.fifo.length < RX_FIFO_DEPTH) {
      this.fifo.push(value);
      if (this.fifo.length === 1) uno.usart.writeByte(value, true);
      this.stats.bytesReceived++;
    } else {
      if (this.shiftRegister !== null) {
        this.stats.bytesOverrun++;
        if (this.shiftRegister !== 0) this.stats.nonZeroBytesOverrun++;
        this.stats.bytesReceived--;
        log('data overrun at cycle %d', uno.cycles);
      }
      this.shiftRegister = value;
      this.stats.bytesReceived++;
    }
  }
}
