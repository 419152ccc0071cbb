import { parseIntelHex } from '../../src/emulator/hex.js';
import { TwinCore } from '../../src/emulator/twin-core.js';
import { UartLine } from '../../src/emulator/uart-line.js';
import { KIT_BAUD_RATE } from '../../src/wire/index.js';

/** What the test hands in (before this script) and reads back from the page. */
interface StandInGlobals {
  /** The firmware on the board at power-up, Intel HEX (the kit firmware, or node-pixel's stock one). */
  __standinHex: string;
  /** A real bootloader's Intel HEX (optiboot) for the boot section, or undefined for none. */
  __standinBootloaderHex?: string;
  /** The emulated board behind the stand-in port. */
  __standin: {
    /** Starts noting the brightness (sum of its wire bytes) of one pixel in every frame latched on `pin`. */
    watch(pin: number, index: number): number[];
    /** The first `length` bytes of the chip's flash, as hex digits. */
    flashHex(length: number): string;
    opened: number;
  };
}

/** Where the board's flash waits while the page reloads (this tab only): the board outlives the page, as a real one does. */
const FLASH_KEY = 'neuron-kit-standin-flash';
const hexDigits = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const fromHexDigits = (text: string) => Uint16Array.from({ length: text.length / 4 }, (_, i) => parseInt(text.slice(i * 4 + 2, i * 4 + 4) + text.slice(i * 4, i * 4 + 2), 16));

// A `navigator.serial` stand-in for the page: one port whose bytes go to an emulated Uno (the real
// hex on avr8js), as a USB cable to a kit would. Opening the port, or raising DTR after dropping it
// (Web Serial's setSignals), resets the chip, as the Uno's auto-reset capacitor does. The line runs
// at the rate the port is opened at; a firmware at another rate reads, and is read as, garbage.
// With a bootloader, the chip boots into it on every reset (BOOTRST) and an uploader can rewrite
// its flash. Bundled and injected by the site test before the page's own scripts.
const globals = window as unknown as StandInGlobals;
const line = new UartLine(KIT_BAUD_RATE);
const kept = sessionStorage.getItem(FLASH_KEY);
const program = kept ? fromHexDigits(kept) : parseIntelHex(globals.__standinHex);
// optiboot's hex carries a record past the 32 KB flash (its version word at 0x8000, which avrdude ignores).
const bootloader = globals.__standinBootloaderHex ? parseIntelHex(globals.__standinBootloaderHex, 64 * 1024).subarray(0, program.length) : undefined;
const twin = new TwinCore(program, line, { pulledUpPins: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13], bootloader });
void twin.run({ pace: 'realtime', until: () => false, withinMs: Infinity });
addEventListener('pagehide', () => sessionStorage.setItem(FLASH_KEY, hexDigits(new Uint8Array(twin.flash.buffer))));

let opened = 0;
globals.__standin = {
  watch(pin, index) {
    const sums: number[] = [];
    twin.onFrame((f) => {
      if (f.pin === pin && f.bytes.length >= index * 3 + 3) sums.push(f.bytes[index * 3]! + f.bytes[index * 3 + 1]! + f.bytes[index * 3 + 2]!);
    });
    return sums;
  },
  flashHex: (length) => hexDigits(new Uint8Array(twin.flash.buffer).slice(0, length)),
  get opened() {
    return opened;
  },
};

class StandInPort {
  readable: ReadableStream<Uint8Array> | null = null;
  writable: WritableStream<Uint8Array> | null = null;
  private dtr = false;

  async open(options: { baudRate: number }): Promise<void> {
    if (this.readable) throw new DOMException('The port is already open.', 'InvalidStateError');
    let controller: ReadableStreamDefaultController<Uint8Array> | null = null;
    this.readable = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    line.setHostBaudRate(options.baudRate);
    line.onHostData = (bytes) => controller?.enqueue(bytes);
    this.writable = new WritableStream<Uint8Array>({ write: (chunk) => void line.receiveFromHost(chunk) });
    opened++;
    // Web Serial asserts DTR and RTS on open: the falling edge of DTR# resets the Uno.
    this.dtr = true;
    line.onOpen?.();
  }

  async setSignals(signals: { dataTerminalReady?: boolean }): Promise<void> {
    if (!this.readable) throw new DOMException('The port is closed.', 'InvalidStateError');
    const dtr = signals.dataTerminalReady ?? this.dtr;
    if (!this.dtr && dtr) line.onOpen?.();
    this.dtr = dtr;
  }

  async close(): Promise<void> {
    // As Chrome: a port whose streams are still locked by a reader or writer does not close.
    if (this.readable?.locked || this.writable?.locked) throw new TypeError('Cannot close a port whose streams are locked.');
    line.onHostData = null;
    this.readable = null;
    this.writable = null;
  }

  getInfo(): { usbVendorId: number; usbProductId: number } {
    // Arduino SA, Uno R3 (usb.ids).
    return { usbVendorId: 0x2341, usbProductId: 0x0043 };
  }
}

const port = new StandInPort();
Object.defineProperty(navigator, 'serial', { configurable: true, value: { requestPort: async () => port, getPorts: async () => [port] } });
