import { EventEmitter } from 'node:events';
import type { BoardClock } from '../clock.js';
import type { StripSpec } from '../kit-board.js';
import type { KitPort } from '../kit-port.js';
import { KIT_BAUD_RATE, PIXEL_COMMAND, PIXEL_SUB, encode, splitSysex } from '../../wire/index.js';
import { GAMMA_TABLE } from '../../wire/index.js';

/**
 * A {@link KitPort} with no board behind it: the runtime's frames go nowhere but to the page (through
 * the frames the link sends), and every show is acknowledged at once. What the site falls back to
 * where the twin cannot keep real time: the model and the renderer, driven directly. Inputs never
 * report: visitor actions reach the runtime as commands (`sentSide`), as on a real board.
 */
export class DirectPort extends EventEmitter implements KitPort {
  readonly path = 'renderer';
  readonly firmware = { name: 'none: the renderer, without a board', version: '' };
  readonly kit = null;
  readonly lineBaudRate = KIT_BAUD_RATE;
  readonly acknowledgesShows = true;
  readonly gammaTable: readonly number[] = Array.from(GAMMA_TABLE);
  readonly pixelCount: number;

  constructor(
    readonly strips: readonly StripSpec[],
    readonly clock: BoardClock,
  ) {
    super();
    this.pixelCount = strips.reduce((n, s) => n + s.length, 0);
  }

  writeRaw(bytes: Uint8Array): void {
    for (const m of splitSysex(bytes)) {
      // A SHOW is "on the LEDs" at once: there are none to write.
      if (m[0] === PIXEL_COMMAND && m[1] === PIXEL_SUB.show) queueMicrotask(() => this.emit('shown', this.clock.now()));
    }
  }

  onFence(listener: () => void): () => void {
    this.on('shown', listener);
    return () => this.off('shown', listener);
  }

  prepareInputs(): void {}
  watchDigital(): void {}
  watchAnalog(): void {}
  configureStandalone(): void {}

  setPixel(index: number, wireRgb: number): void {
    this.writeRaw(encode.pixelSet(index, wireRgb));
  }

  fill(wireRgb: number): void {
    this.writeRaw(encode.pixelFill(wireRgb));
  }

  show(): Promise<number> {
    return new Promise((resolve) => {
      this.once('shown', resolve);
      this.writeRaw(encode.pixelShow());
    });
  }

  /** No LEDs to leave safe: the page's drawing goes with the page. */
  async leaveSafe(): Promise<void> {
    await this.close();
  }

  async close(): Promise<void> {
    this.removeAllListeners();
  }
}
