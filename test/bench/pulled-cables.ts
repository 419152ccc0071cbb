// Pulled cables on one twin: the exhibit runs on the kit firmware, a visitor taps a button, the cable
// is pulled (the line closes under the running exhibit) and put back at once (the port opens again: a
// DTR reset), CYCLES times, through the same supervisor, runtime and exhibition as a museum's. Each
// reconnect is measured on the board's clock, from opening the port to the first frame latched on the
// strip's data pin, and checked: the model as it was at the pull, that frame the one the host drew from
// it, and the synapses' pixels lit as before the pull.
// The driver behind `npm run bench:pulled` and test/runtime/pulled-cables.test.ts.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Twin, type DecodedFrame } from '../../src/emulator/index.js';
import { wireToRgb } from '../../src/wire/index.js';
import { buttonPins, type Exhibit } from '../../src/exhibit/index.js';
import type { SentFrame } from '../../src/link/index.js';
import type { ExhibitEvent } from '../../src/runtime/events.js';
import { openTwinBoard, type RunResult } from '../../src/runtime/session.js';
import { twinFirmware } from '../../src/board/twin.js';
import { superviseSession } from '../../src/runtime/supervise.js';
import { encodeExact } from '../../src/state/checkpoint.js';

export interface PulledCablesOptions {
  exhibit: Exhibit;
  /** Cables pulled (each followed by a reconnect). */
  cycles: number;
  /** Board time each connection runs before its cable is pulled, ms (the last one runs as long). */
  connectedMs: number;
}

export interface PulledCablesReport {
  cycles: number;
  /** Board time from opening the port again to the first frame latched on the data pin, per reconnect, ms. */
  restoreMs: number[];
  /** Reconnects after which the model was exactly as at the pull. */
  modelKept: number;
  /**
   * Reconnects whose first frame latched on the data pin was the first frame the host drew from the
   * kept model, with the same synapse pixels lit as the last frame latched before the pull.
   */
  ledsRestored: number;
  /** Fault and reconnect events the exhibition raised. */
  events: { boardLost: number; reconnects: number; other: number };
  result: RunResult;
  /** Heap after a full collection, MB: after the first tenth of the cycles and at the end. */
  heapMb: { afterWarmUp: number; atEnd: number };
  wallS: number;
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapMb = (): number => {
  gc();
  return process.memoryUsage().heapUsed / 1e6;
};

/**
 * Which pixels of each synapse segment are lit: its contacts, the model's structure (their brightness
 * follows short-term plasticity, which goes on decaying between the last frame latched and the pull).
 */
function synapsesLit(exhibit: Exhibit, frame: DecodedFrame): string {
  const rgb = wireToRgb(frame.bytes, exhibit.strips[0]!.order);
  return exhibit.segments.filter((s) => s.shows === 'synapse').map((s) => rgb.slice(s.first, s.last + 1).map((p) => (p.some((c) => c > 0) ? '*' : '.')).join('')).join(' ');
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Pulls the cable `cycles` times on one twin and measures every reconnect. */
export async function pullCables(options: PulledCablesOptions): Promise<PulledCablesReport> {
  const { exhibit, cycles, connectedMs } = options;
  const { hexPath, baudRate } = twinFirmware('kit');
  const twin = new Twin({ hexPath, baudRate, pulledUpPins: buttonPins(exhibit) });
  if (exhibit.controls.age) twin.setAnalog(exhibit.controls.age.analog, exhibit.controls.age.start);
  const pin = exhibit.strips[0]!.pin;
  const button = exhibit.neurons.find((n) => n.button !== undefined)!.button!;
  const restoreMs: number[] = [];
  const events = { boardLost: 0, reconnects: 0, other: 0 };
  let modelKept = 0;
  let ledsRestored = 0;
  let atPull = '';
  let lastBefore = '';
  let openedAtMs = 0;
  let starts = 0;
  let warmHeapMb = NaN;
  const count = (e: ExhibitEvent) => {
    if (e.type === 'fault' && e.kind === 'board-lost') events.boardLost++;
    else if (e.type === 'reconnect') events.reconnects++;
    else if (e.type === 'fault') events.other++;
  };
  const wall0 = performance.now();
  const result = await superviseSession({
    exhibit, fast: true, forMs: (cycles + 1) * connectedMs, wait: async () => {},
    openBoard: () => {
      openedAtMs = twin.nowMs;
      return openTwinBoard(twin, { exhibit, fast: true });
    },
    onEvent: count,
    onStart: (s) => {
      starts++;
      if (starts === Math.max(2, Math.ceil(cycles / 10))) warmHeapMb = heapMb();
      if (starts > 1) {
        if (encodeExact(s.exhibition.model.network.snapshot()) === atPull) modelKept++;
        const before = lastBefore;
        let firstSent: SentFrame | null = null;
        s.runtime.link.once('sent', (sent: SentFrame) => (firstSent = sent));
        const off = s.twin!.onFrame((f) => {
          off();
          restoreMs.push(f.latchedAtMs - openedAtMs);
          const meant = firstSent?.strips.find((x) => x.pin === pin)?.bytes;
          if (meant && sameBytes(meant, f.bytes) && synapsesLit(exhibit, f) === before) ledsRestored++;
        });
      }
      const start = s.runtime.startMs;
      s.kit.clock.schedule(start + connectedMs / 3, () => s.twin!.press(button));
      s.kit.clock.schedule(start + connectedMs / 3 + 60, () => s.twin!.release(button));
      if (starts <= cycles) {
        s.kit.clock.schedule(start + connectedMs, () => {
          const last = twin.lastFrame(pin);
          lastBefore = last ? synapsesLit(exhibit, last) : '';
          s.twin!.transport.close();
        });
      }
      s.runtime.once('stopped', () => (atPull = encodeExact(s.exhibition.model.network.snapshot())));
    },
  });
  return {
    cycles, restoreMs, modelKept, ledsRestored, events, result,
    heapMb: { afterWarmUp: warmHeapMb, atEnd: heapMb() },
    wallS: (performance.now() - wall0) / 1000,
  };
}
