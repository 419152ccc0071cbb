// Benchmark of the LED link on the twin (stock firmware): `npm run bench:link [-- --json]`.
// Prints, for 30- and 120-pixel strips, visual updates/s, link utilisation, corrupted frames and
// pin-edge → first decoded frame latency, for the kit's link and for a naive full-redraw loop.
import { EventEmitter } from 'node:events';
import { Twin } from '../../src/emulator/index.js';
import { BoardButton, type KitBoard, connectBoard, emulatedTransport } from '../../src/board/index.js';
import { FrameAudit, LedLink, type Rgb, type SentFrame } from '../../src/link/index.js';

const STRIP_PIN = 6;
const BUTTON_PINS = [2, 3, 4, 5];
/** The exhibit renders at 100 Hz of board time, and at once on every press. */
const RENDER_EVERY_MS = 10;
const PHASE_MS = 3000;
const HOLD_MS = 50;

interface Percentiles { p50Ms: number | null; p99Ms: number | null }
interface Case {
  firmware: 'stock'; loop: 'kit' | 'naive'; pixels: number; updatesPerSec: number; utilization: number; corrupted: number;
  latencyIdle: Percentiles; latencyPresses: Percentiles;
}

/** Sends every pixel and a show each frame, as fast as frames come: no diff, no budget, no padding. */
class NaiveLoop extends EventEmitter {
  private seq = 0;
  constructor(private readonly kit: KitBoard) { super(); }
  setFrame(pixels: readonly Rgb[]): void {
    const bytes = new Uint8Array(pixels.length * 3);
    pixels.forEach((p, i) => {
      this.kit.strip.pixel(i).color(`rgb(${p.join(',')})`);
      bytes.set([this.kit.gammaTable[p[1]]!, this.kit.gammaTable[p[0]]!, this.kit.gammaTable[p[2]]!], i * 3);
    });
    this.kit.strip.show();
    this.emit('sent', { seq: ++this.seq, atMs: this.kit.clock.now(), strips: [{ pin: STRIP_PIN, bytes }] } satisfies SentFrame);
  }
}

function percentiles(values: number[]): Percentiles {
  if (values.length === 0) return { p50Ms: null, p99Ms: null };
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => Math.round(s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]! * 100) / 100;
  return { p50Ms: at(0.5), p99Ms: at(0.99) };
}

async function runCase(loop: 'kit' | 'naive', pixels: number): Promise<Case & { missed: number; backlogBytes: number; fenceTimeouts: number }> {
  const twin = new Twin();
  let ready = false;
  const connecting = connectBoard(emulatedTransport(twin), { strips: [{ pin: STRIP_PIN, length: pixels }], gamma: 1 }).finally(() => (ready = true));
  await twin.run({ until: () => ready, withinMs: 15_000 });
  const kit = await connecting;
  const sender = loop === 'kit' ? new LedLink(kit) : new NaiveLoop(kit);
  const audit = new FrameAudit(sender, (l) => twin.onFrame(l));

  // Exhibit state: soma pixels 0–3 show each button's press count in red; pulses run along the axon.
  const counts = [0, 0, 0, 0];
  let pulses: number[] = [];
  const render = (): Rgb[] => Array.from({ length: pixels }, (_, i): Rgb => {
    if (i < 4) return [counts[i]!, 200, 40 * i];
    for (const p of pulses) if (Math.abs(i - p) < 1.5) return [255, 140, 30];
    return [0, 6 + (i % 5), 24];
  });
  const draw = () => sender.setFrame(render());

  // Latency: from a press's falling edge to the first latched frame whose soma pixel shows it.
  const waiting: { button: number; count: number; atMs: number; phase: 'idle' | 'presses' }[] = [];
  const latency = { idle: [] as number[], presses: [] as number[] };
  twin.onFrame((f) => {
    if (f.pin !== STRIP_PIN) return;
    for (let k = waiting.length - 1; k >= 0; k--) {
      const w = waiting[k]!;
      if (f.bytes[w.button * 3 + 1]! >= w.count) { // GRB: red is the second byte
        latency[w.phase].push(f.latchedAtMs - w.atMs);
        waiting.splice(k, 1);
      }
    }
  });
  let phase: 'idle' | 'presses' = 'idle';
  const start = twin.nowMs;
  BUTTON_PINS.forEach((pin, b) => {
    const button = new BoardButton(kit, pin);
    button.on('press', () => {
      counts[b] = Math.min(255, counts[b]! + 1);
      pulses.push(4);
      draw();
    });
  });
  twin.onInputEdge((pin, high, atMs) => {
    const b = BUTTON_PINS.indexOf(pin);
    if (!high && b >= 0) waiting.push({ button: b, count: Math.min(255, counts[b]! + 1), atMs, phase });
  });
  const clock = twin.clock;
  const tick = () => {
    pulses = pulses.map((p) => p + 0.5).filter((p) => p < pixels);
    if (Math.floor((clock.now() - start) / RENDER_EVERY_MS) % 30 === 0) pulses.push(4);
    draw();
    clock.schedule(clock.now() + RENDER_EVERY_MS, tick);
  };
  const press = (pin: number, atMs: number) => {
    clock.schedule(atMs, () => twin.press(pin));
    clock.schedule(atMs + HOLD_MS, () => twin.release(pin));
  };
  await twin.run({ forMs: 100 }); // buttons configured
  const t0 = twin.nowMs;
  tick();
  // Visitors do not press in step with the render clock: offsets from a fixed-seed generator.
  let seed = 12345;
  const jitterMs = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * RENDER_EVERY_MS;
  // Idle: one probe press every 250 ms. Presses: four buttons at 10 Hz each, staggered.
  for (let t = 100; t < PHASE_MS; t += 250) press(BUTTON_PINS[0]!, t0 + t + jitterMs());
  clock.schedule(t0 + PHASE_MS, () => (phase = 'presses'));
  for (let t = PHASE_MS; t < 2 * PHASE_MS; t += 100) BUTTON_PINS.forEach((pin, b) => press(pin, t0 + t + b * 25 + jitterMs()));
  const bytesBefore = twin.transport.stats.hostBytesWritten;
  const framesBefore = twin.lastFrame(STRIP_PIN)?.seq ?? 0;
  await twin.run({ forMs: 2 * PHASE_MS });
  const seconds = (2 * PHASE_MS) / 1000;
  const lineBytesPerSec = twin.transport.hostBaudRate / 10;
  const result = {
    firmware: 'stock' as const, loop, pixels,
    updatesPerSec: Math.round((((twin.lastFrame(STRIP_PIN)?.seq ?? 0) - framesBefore) / seconds) * 10) / 10,
    // Bytes the line carried (a naive loop's unsent backlog does not count), over its capacity.
    utilization: Math.round(((twin.transport.stats.hostBytesWritten - twin.transport.pendingToBoard - bytesBefore) / (seconds * lineBytesPerSec)) * 1000) / 1000,
    corrupted: audit.counts.framesCorrupted,
    latencyIdle: percentiles(latency.idle),
    latencyPresses: percentiles(latency.presses),
    missed: waiting.length,
    fenceTimeouts: sender instanceof LedLink ? sender.stats.fenceTimeouts : 0,
    backlogBytes: twin.transport.pendingToBoard,
  };
  if (sender instanceof LedLink) sender.close();
  await kit.close();
  return result;
}

const json = process.argv.includes('--json');
const cases: Case[] = [];
for (const pixels of [30, 120]) {
  for (const loop of ['kit', 'naive'] as const) {
    const { missed, backlogBytes, fenceTimeouts, ...c } = await runCase(loop, pixels);
    cases.push(c);
    if (!json) {
      const fmt = (p: Percentiles) => `p50 ${p.p50Ms ?? '–'} ms, p99 ${p.p99Ms ?? '–'} ms`;
      process.stdout.write(
        `${String(pixels).padStart(3)} px ${loop.padEnd(5)}: ${c.updatesPerSec} updates/s, utilisation ${(c.utilization * 100).toFixed(1)} %, ` +
          `corrupted ${c.corrupted}, latency idle ${fmt(c.latencyIdle)}, under presses ${fmt(c.latencyPresses)}` +
          `, presses never shown ${missed}, backlog at end ${backlogBytes} B, fence timeouts ${fenceTimeouts}\n`,
      );
    }
  }
}
if (json) process.stdout.write(`${JSON.stringify({ cases })}\n`);
