import { exposeOnPty, stockFirmwarePath, Twin } from '../emulator/index.js';
import { firmwareHexPath, KIT_BAUD_RATE, STOCK_FIRMATA_BAUD_RATE } from '../firmware-info.js';
import { connectBoard } from './connect.js';
import type { KitBoard, StripSpec } from './kit-board.js';
import { emulatedTransport } from './transport.js';

/**
 * The twin as a board: the one door from above the board seam to the emulator. Sessions, the doctor,
 * `check` and `emulate` ask here for a twin and a connection to it, and never reach into src/emulator.
 */
export { exposeOnPty, Twin };

/** Which firmware the twin runs: the kit firmware (the default) or node-pixel's stock Firmata. */
export type TwinFirmware = 'kit' | 'stock';

/** The hex file and baud rate of a twin firmware. */
export function twinFirmware(kind: TwinFirmware): { hexPath: string; baudRate: number } {
  return kind === 'kit' ? { hexPath: firmwareHexPath('uno'), baudRate: KIT_BAUD_RATE } : { hexPath: stockFirmwarePath(), baudRate: STOCK_FIRMATA_BAUD_RATE };
}

/**
 * Board time the twin gets to become ready. Its bootloader holds exactly 1 s (a real Uno's varies,
 * hence the 10 s allowed there); measured from the reset, the kit firmware is ready at 1.0 s and
 * node-pixel's stock Firmata at 3.2 s. Nearly twice the slower, so a twin that will never answer
 * is given up on soon.
 */
export const TWIN_READY_TIMEOUT_MS = 6000;

/** A connection to a running twin, and what its pins and decoded strips look like from outside. */
export interface ConnectedTwin {
  kit: KitBoard;
  twin: Twin;
  /** The twin's board time when the connection opened. */
  openedAtMs: number;
  /** The twin's pins and strips; listeners added through it end with the connection. */
  view: Pick<Twin, 'lastFrame' | 'onFrame' | 'onInputEdge' | 'press' | 'release' | 'setAnalog'>;
  /** Stops running the twin for this connection and drops the view's listeners. */
  finish(): Promise<void>;
}

/**
 * Connects to a twin that is already powered (its line opened again: a DTR reset) and runs it while
 * the connection lasts — for a new twin, and for one kept across connections (a cable pulled and put
 * back, a board that restarted).
 */
export async function connectTwin(twin: Twin, strips: StripSpec[], options: { fast?: boolean; signal?: AbortSignal } = {}): Promise<ConnectedTwin> {
  let finished = false;
  const openedAtMs = twin.nowMs;
  const connecting = connectBoard(emulatedTransport(twin), { strips, readyTimeoutMs: TWIN_READY_TIMEOUT_MS, ...(options.signal ? { signal: options.signal } : {}) });
  const twinRun = twin.run({ pace: options.fast ? 'fast' : 'realtime', until: () => finished, withinMs: Infinity });
  const kit = await connecting.catch(async (err: unknown) => {
    finished = true;
    await twinRun;
    throw err;
  });
  // What this connection's audit and latency meter subscribe to on the twin ends with the connection:
  // a twin kept across connections must not feed every connection it ever had.
  const unsubscribe: Array<() => void> = [];
  const view: ConnectedTwin['view'] = {
    lastFrame: (pin) => twin.lastFrame(pin),
    onFrame: (l) => {
      const off = twin.onFrame(l);
      unsubscribe.push(off);
      return off;
    },
    onInputEdge: (l) => {
      const off = twin.onInputEdge(l);
      unsubscribe.push(off);
      return off;
    },
    press: (pin) => twin.press(pin),
    release: (pin) => twin.release(pin),
    setAnalog: (channel, fraction) => twin.setAnalog(channel, fraction),
  };
  return {
    kit, twin, openedAtMs, view,
    finish: async () => {
      finished = true;
      await twinRun;
      for (const off of unsubscribe.splice(0)) off();
    },
  };
}
