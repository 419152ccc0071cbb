import type { ByteLine } from '../kitport/index.js';

/** The part of the Web Serial API's SerialPort the kit uses (WICG Web Serial, not in TypeScript's DOM types yet). */
export interface WebSerialPort {
  open(options: { baudRate: number }): Promise<void>;
  close(): Promise<void>;
  readonly readable: ReadableStream<Uint8Array> | null;
  readonly writable: WritableStream<Uint8Array> | null;
  getInfo(): { usbVendorId?: number; usbProductId?: number };
}

/** `navigator.serial`, where the browser has it (Chrome, Edge, ChromeOS). */
export interface WebSerial {
  requestPort(options?: object): Promise<WebSerialPort>;
  getPorts(): Promise<WebSerialPort[]>;
}

/** The browser's Web Serial, or null (Firefox, Safari, or a page not served over https or from localhost). */
export function webSerial(): WebSerial | null {
  return (navigator as Navigator & { serial?: WebSerial }).serial ?? null;
}

/** How a Web Serial port is named on the page: its USB ids, as `neuron-kit ports` shows them. */
export function portLabel(port: WebSerialPort): string {
  const { usbVendorId, usbProductId } = port.getInfo();
  const hex = (n: number) => n.toString(16).padStart(4, '0');
  return usbVendorId === undefined ? 'a serial port' : `USB ${hex(usbVendorId)}:${hex(usbProductId ?? 0)}`;
}

/**
 * A Web Serial port as a {@link ByteLine}: opening it at `baudRate` raises DTR, which resets an Uno
 * as a real port does; writes keep their order; the line reports `closed` when the port goes away
 * (unplugged) or is closed.
 */
export function webSerialLine(port: WebSerialPort, baudRate: number): ByteLine {
  let writer: WritableStreamDefaultWriter<Uint8Array> | null = null;
  let reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  let handlers: { data(bytes: Uint8Array): void; closed(): void } | null = null;
  let writing: Promise<void> = Promise.resolve();
  let closing = false;
  const readLoop = async () => {
    try {
      for (;;) {
        const { value, done } = await reader!.read();
        if (done) break;
        if (value) handlers?.data(value);
      }
    } catch {
      // A read error is the port going away (unplugged): reported as closed below.
    } finally {
      reader?.releaseLock();
      if (!closing) handlers?.closed();
    }
  };
  return {
    path: `Web Serial (${portLabel(port)})`,
    baudRate,
    async open() {
      await port.open({ baudRate });
      writer = port.writable!.getWriter();
      reader = port.readable!.getReader();
      void readLoop();
    },
    write(bytes) {
      const w = writer;
      if (!w) return;
      writing = writing.then(() => w.write(bytes)).catch(() => {});
    },
    listen(h) {
      handlers = h;
    },
    async close() {
      closing = true;
      await writing;
      await reader?.cancel().catch(() => {});
      writer?.releaseLock();
      await port.close().catch(() => {});
      handlers?.closed();
    },
  };
}
