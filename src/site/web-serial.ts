import type { SignalLine } from '../flash/core.js';

/** The part of the Web Serial API's SerialPort the kit uses (WICG Web Serial, not in TypeScript's DOM types yet). */
export interface WebSerialPort {
  open(options: { baudRate: number }): Promise<void>;
  close(): Promise<void>;
  readonly readable: ReadableStream<Uint8Array> | null;
  readonly writable: WritableStream<Uint8Array> | null;
  getInfo(): { usbVendorId?: number; usbProductId?: number };
  /** Sets the modem control lines; DTR and RTS are asserted when the port opens. */
  setSignals(signals: { dataTerminalReady?: boolean; requestToSend?: boolean }): Promise<void>;
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

/** The USB ids of a Web Serial port as `neuron-kit ports` writes them (lower-case hex), if it has them. */
export function usbIds(port: WebSerialPort): { vendorId?: string; productId?: string } {
  const { usbVendorId, usbProductId } = port.getInfo();
  const hex = (n: number | undefined) => (n === undefined ? undefined : n.toString(16).padStart(4, '0'));
  return { vendorId: hex(usbVendorId), productId: hex(usbProductId) };
}

/**
 * A Web Serial port as a {@link SignalLine}: opening it at `baudRate` raises DTR, which resets an
 * Uno as a real port does; writes keep their order; the line reports `closed` when the port goes
 * away (unplugged) or is closed, and closing frees the port for the next open (the uploader opens
 * it at the bootloader's rate, then at the kit firmware's).
 */
export function webSerialLine(port: WebSerialPort, baudRate: number): SignalLine {
  let writer: WritableStreamDefaultWriter<Uint8Array> | null = null;
  let reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  let handlers: { data(bytes: Uint8Array): void; closed(): void } | null = null;
  let writing: Promise<void> = Promise.resolve();
  let closing = false;
  let reading: Promise<void> = Promise.resolve();
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
      reading = readLoop();
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
      // The port closes only with both streams unlocked (Web Serial §close): the read loop lets go of its reader as it ends.
      await reading;
      writer?.releaseLock();
      await port.close().catch(() => {});
      handlers?.closed();
    },
    async setSignals(asserted) {
      await port.setSignals({ dataTerminalReady: asserted, requestToSend: asserted });
    },
  };
}
