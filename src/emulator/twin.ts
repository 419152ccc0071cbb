import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseIntelHex } from './hex.js';
import { TwinCore, type TwinCoreOptions } from './twin-core.js';
import { UartTransport } from './uart.js';

export type { Pace, RunOptions } from './twin-core.js';

/** Path of node-pixel's prebuilt Firmata for the Uno, the default firmware until the kit ships its own. */
export function stockFirmwarePath(): string {
  const pkg = createRequire(import.meta.url).resolve('node-pixel/package.json');
  return join(dirname(pkg), 'firmware/bin/firmata/uno/node_pixel_firmata.ino.hex');
}

export interface TwinOptions extends TwinCoreOptions {
  /** Firmware image: a path to an Intel HEX file. Default: {@link stockFirmwarePath}. */
  hexPath?: string;
  /** Baud rate of the serial line the firmware was built for. Default 57600 (Firmata's). */
  baudRate?: number;
}

/**
 * The digital twin of an Arduino Uno in Node: the firmware hex file on a {@link TwinCore}, its serial
 * line as a transport stream the johnny-five stack opens (opening it resets the chip, as DTR does).
 */
export class Twin extends TwinCore {
  readonly transport: UartTransport;

  constructor(options: TwinOptions = {}) {
    const transport = new UartTransport(options.baudRate);
    super(parseIntelHex(readFileSync(options.hexPath ?? stockFirmwarePath(), 'utf8')), transport.line, options);
    this.transport = transport;
  }
}
