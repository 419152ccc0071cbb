import { parseIntelHex } from '../../src/emulator/hex.js';
import { TwinCore } from '../../src/emulator/twin-core.js';
import { UartLine } from '../../src/emulator/uart-line.js';
import { KIT_BAUD_RATE } from '../../src/kitproto/index.js';

/** What the test hands in (before this script) and reads back from the page. */
interface StandInGlobals {
  /** The kit firmware's Intel HEX for the Uno. */
  __standinHex: string;
  /** The emulated board behind the stand-in port. */
  __standin: {
    /** Starts noting the brightness (sum of its wire bytes) of one pixel in every frame latched on `pin`. */
    watch(pin: number, index: number): number[];
    opened: number;
  };
}

// A `navigator.serial` stand-in for the page: one port whose bytes go to an emulated Uno running the
// kit firmware (the real hex on avr8js), as a USB cable to a kit would. Opening the port at the
// firmware's baud rate resets the chip (DTR); at another rate the board hears only noise and says
// nothing the host can read. Bundled and injected by the site test before the page's own scripts.
const globals = window as unknown as StandInGlobals;
const line = new UartLine(KIT_BAUD_RATE);
const twin = new TwinCore(parseIntelHex(globals.__standinHex), line, { pulledUpPins: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13] });
void twin.run({ pace: 'realtime', until: () => false, withinMs: Infinity });

let opened = 0;
globals.__standin = {
  watch(pin, index) {
    const sums: number[] = [];
    twin.onFrame((f) => {
      if (f.pin === pin && f.bytes.length >= index * 3 + 3) sums.push(f.bytes[index * 3]! + f.bytes[index * 3 + 1]! + f.bytes[index * 3 + 2]!);
    });
    return sums;
  },
  get opened() {
    return opened;
  },
};

class StandInPort {
  readable: ReadableStream<Uint8Array> | null = null;
  writable: WritableStream<Uint8Array> | null = null;

  async open(options: { baudRate: number }): Promise<void> {
    if (this.readable) throw new DOMException('The port is already open.', 'InvalidStateError');
    const heard = options.baudRate === line.hostBaudRate;
    let controller: ReadableStreamDefaultController<Uint8Array> | null = null;
    this.readable = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    line.onHostData = (bytes) => {
      if (heard) controller?.enqueue(bytes);
    };
    this.writable = new WritableStream<Uint8Array>({ write: (chunk) => void (heard && line.receiveFromHost(chunk)) });
    opened++;
    line.onOpen?.();
  }

  async close(): Promise<void> {
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
