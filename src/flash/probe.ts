import createDebug from 'debug';
import {
  KIT_BAUD_RATE, KIT_FIRMATA_NAME, KIT_FIRMWARE_NAME, KIT_FIRMWARE_VERSION, STOCK_FIRMATA_BAUD_RATE,
  decodeSysex, encode, isCompatibleKitFirmware, splitSysex,
} from '../wire/index.js';
import { FirmwareCheckError } from './errors.js';
import { type OpenLink, LinkTimeoutError } from './link.js';

const log = createDebug('neuron-kit:flash:probe');

/** What a board said about its firmware at one baud rate. */
export interface FirmwareReport {
  baudRate: number;
  /** REPORT_FIRMWARE name and version, if it answered Firmata. */
  firmata?: { name: string; version: string };
  /** The kit's KIT_INFO, if it runs kit firmware. */
  kit?: { name: string; major: number; minor: number };
}

export interface ProbeOptions {
  /** Rates to try, in order. Default: the kit's 500000, then Firmata's 57600 (stock firmware). */
  baudRates?: readonly number[];
  /**
   * Wall-clock time to listen at each rate after the reset, ms. Default 3000: bootloader (≤ 1.5 s
   * after DTR on a Uno) plus start-up (~2.1 s for node-pixel's stock firmware is covered by the query).
   */
  listenMs?: number;
}

/**
 * Finds the rate a board's firmware speaks at and what it is: opens the port at each rate (which
 * resets an Arduino), listens for the start-up banner, and asks REPORT_FIRMWARE and KIT_INFO if the
 * banner does not come. Returns null when nothing Firmata answers at any rate.
 */
export async function probeFirmware(openLink: OpenLink, path: string, options: ProbeOptions = {}): Promise<FirmwareReport | null> {
  const rates = options.baudRates ?? [KIT_BAUD_RATE, STOCK_FIRMATA_BAUD_RATE];
  const listenMs = options.listenMs ?? 3000;
  for (const baudRate of rates) {
    const link = await openLink(path, baudRate);
    try {
      await link.resetBoard();
      const bytes: number[] = [];
      const deadline = Date.now() + listenMs;
      let asked = false;
      // KIT_INFO follows REPORT_FIRMWARE within a few bytes; give it this long once Firmata answered.
      let graceUntil = Infinity;
      for (;;) {
        const report = parseReport(baudRate, bytes);
        if (report.kit) return report;
        if (report.firmata && graceUntil === Infinity) graceUntil = Date.now() + 300;
        const left = Math.min(deadline, graceUntil) - Date.now();
        if (left <= 0) {
          if (report.firmata) return report;
          break;
        }
        if (!asked && deadline - Date.now() < listenMs / 2) {
          // No banner yet (e.g. the firmware started before the port was opened): ask.
          asked = true;
          await link.write(Uint8Array.of(...encode.firmwareQuery(), ...encode.kitInfoQuery()));
        }
        try {
          bytes.push(...(await link.read(1, Math.min(left, 100))));
        } catch (err) {
          if (!(err instanceof LinkTimeoutError)) throw err;
        }
      }
      log('nothing at %d baud (%d bytes of noise)', baudRate, bytes.length);
    } finally {
      await link.close();
    }
  }
  return null;
}

/** Reads REPORT_FIRMWARE and KIT_INFO out of what the board sent. */
export function parseReport(baudRate: number, bytes: readonly number[]): FirmwareReport {
  const report: FirmwareReport = { baudRate };
  for (const msg of splitSysex(bytes)) {
    const m = decodeSysex(msg);
    if (m.kind === 'firmware') report.firmata = { name: m.name, version: m.version };
    else if (m.kind === 'kitInfo') report.kit = { name: m.name, major: m.major, minor: m.minor };
  }
  return report;
}

/**
 * Checks that a probed board runs kit firmware this host can drive.
 * @throws FirmwareCheckError with what the board runs instead and what to do
 */
export function checkKitFirmware(report: FirmwareReport | null, path: string): void {
  const wanted = `${KIT_FIRMWARE_NAME} ${KIT_FIRMWARE_VERSION.major}.${KIT_FIRMWARE_VERSION.minor}`;
  if (!report) {
    throw new FirmwareCheckError(
      `The board on ${path} does not answer Firmata at ${KIT_BAUD_RATE} or ${STOCK_FIRMATA_BAUD_RATE} baud`,
      'Run `neuron-kit flash` to install the kit firmware; if that already failed, press the board\'s reset button and try again.',
    );
  }
  if (!report.kit) {
    const what = report.firmata?.name === KIT_FIRMATA_NAME ? `node-pixel's stock firmware (${report.firmata.name} ${report.firmata.version})` : `"${report.firmata?.name ?? 'unknown'}"`;
    throw new FirmwareCheckError(
      `The board on ${path} runs ${what} at ${report.baudRate} baud, not the kit firmware (${wanted})`,
      'Run `neuron-kit flash` to install the kit firmware: it keeps node-pixel working and adds flow control, a faster line, standalone mode and a watchdog.',
    );
  }
  if (!isCompatibleKitFirmware(report.kit)) {
    throw new FirmwareCheckError(
      `The board on ${path} runs ${report.kit.name} ${report.kit.major}.${report.kit.minor}; this neuron-kit needs ${wanted} or a later ${KIT_FIRMWARE_VERSION.major}.x`,
      'Run `neuron-kit flash` to install the firmware that matches this version of neuron-kit.',
    );
  }
}
