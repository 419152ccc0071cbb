import { EventEmitter } from 'node:events';
import { BoardDisconnectedError, type AnalogListener, type DigitalListener, type KitPort } from '../../src/board/index.js';
import { EmulatedClock } from '../../src/emulator/index.js';
import type { Exhibit } from '../../src/exhibit/index.js';
import { encode } from '../../src/wire/index.js';
import { sentSide } from '../../src/runtime/board-side.js';
import type { OpenedBoard } from '../../src/runtime/session.js';

/**
 * A board made of nothing but a clock, for tests of what happens over minutes, hours and hundreds of
 * reconnects faster than the twin can run them: board time advances only when the test says
 * (`runTo`), buttons report as the kit firmware does (a first level report, then edges), and every
 * show is acknowledged a millisecond later. The LEDs are what the link sent.
 */
export class FakeBoard extends EventEmitter implements KitPort {
  nowMs = 0;
  readonly clock = new EmulatedClock(() => this.nowMs);
  readonly path = 'fake';
  readonly firmware = { name: 'NeuronKit', version: '1.1' };
  readonly kit = { name: 'NeuronKit', version: '1.1' };
  readonly lineBaudRate = 500_000;
  readonly acknowledgesShows = true;
  readonly gammaTable = Array.from({ length: 256 }, (_, i) => i);
  readonly strips;
  readonly pixelCount: number;
  closed = false;
  shows = 0;
  private readonly digital = new Map<number, DigitalListener[]>();
  private readonly analog = new Map<number, AnalogListener[]>();
  private readonly fences = new Set<() => void>();
  private readonly showCommand = encode.pixelShow();

  constructor(exhibit: Exhibit) {
    super();
    this.strips = exhibit.strips.map((s) => ({ pin: s.pin, length: s.length, colorOrder: s.order }));
    this.pixelCount = exhibit.strips.reduce((n, s) => n + s.length, 0);
  }

  /** Runs every timer due up to board time `atMs`, in order, and stops there. */
  runTo(atMs: number): void {
    for (;;) {
      const due = this.clock.nextDueMs();
      if (due > atMs) break;
      this.nowMs = Math.max(this.nowMs, due);
      this.clock.fireDue();
    }
    this.nowMs = Math.max(this.nowMs, atMs);
  }

  /** A visitor presses the button on `pin` now (the pin goes low). */
  press(pin: number): void {
    for (const l of this.digital.get(pin) ?? []) l(0, this.nowMs);
  }

  release(pin: number): void {
    for (const l of this.digital.get(pin) ?? []) l(1, this.nowMs);
  }

  /** Sets the dial on analog `channel` to `fraction` of its range now. */
  turn(channel: number, fraction: number): void {
    for (const l of this.analog.get(channel) ?? []) l(Math.round(fraction * 1023), this.nowMs);
  }

  /** The cable is pulled. */
  unplug(): void {
    this.emit('disconnect', new BoardDisconnectedError(this.path));
  }

  /** The board restarts under the open line (its watchdog, its reset button) and announces it. */
  reboot(): void {
    this.emit('reboot');
  }

  writeRaw(bytes: Uint8Array): void {
    if (this.closed) return;
    if (bytes.length === this.showCommand.length && bytes.every((b, i) => b === this.showCommand[i])) {
      this.shows++;
      this.clock.schedule(this.nowMs + 1, () => {
        for (const f of this.fences) f();
      });
    }
  }

  onFence(listener: () => void): () => void {
    this.fences.add(listener);
    return () => this.fences.delete(listener);
  }

  prepareInputs(): void {}

  watchDigital(pin: number, listener: DigitalListener): void {
    const list = this.digital.get(pin) ?? [];
    list.push(listener);
    this.digital.set(pin, list);
    // Firmata reports the level a pin is in when reporting starts.
    this.clock.schedule(this.nowMs, () => listener(1, this.nowMs));
  }

  watchAnalog(channel: number, listener: AnalogListener): void {
    const list = this.analog.get(channel) ?? [];
    list.push(listener);
    this.analog.set(channel, list);
  }

  setPixel(): void {}
  fill(): void {}
  async show(): Promise<number> {
    return this.nowMs;
  }

  configureStandalone(): void {}

  /** Nothing is lit on a board of nothing: leaving it safe is closing it. */
  async leaveSafe(): Promise<void> {
    await this.close();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.fences.clear();
    this.emit('closed');
  }
}

/**
 * An `openBoard` for sessions on fake boards: each call makes a new board, runs its clock in slices
 * of `sliceMs` between host turns until the session is over, and hands it to `onOpen` first (to plan
 * presses, an unplug …). Boards are not kept (a leak test must see them go): `counts` says how many
 * were opened and closed.
 */
export function fakeBoards(exhibit: Exhibit, onOpen: (board: FakeBoard, index: number) => void = () => {}, sliceMs = 100): { openBoard: () => Promise<OpenedBoard>; counts: { opened: number; closed: number } } {
  const counts = { opened: 0, closed: 0 };
  const openBoard = async (): Promise<OpenedBoard> => {
    const board = new FakeBoard(exhibit);
    const index = counts.opened++;
    let finished = false;
    const running = (async () => {
      // The session attaches first: the board's time starts once it is listening.
      for (;;) {
        await new Promise((r) => setImmediate(r));
        if (finished) break;
        board.runTo(board.nowMs + sliceMs);
      }
    })();
    onOpen(board, index);
    return {
      kit: board, twin: null, label: 'fake', side: sentSide,
      finish: async () => {
        finished = true;
        await running;
        board.once('closed', () => counts.closed++);
      },
    };
  };
  return { openBoard, counts };
}
