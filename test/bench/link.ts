// Benchmark of the LED link on the twin: `npm run bench:link [-- options]`.
// Prints, for 30- and 120-pixel strips, visual updates/s, link utilisation, corrupted frames and
// pin-edge → first decoded frame latency, for the kit's link and for a naive full-redraw loop.
//
// Options: --json                      one JSON object {"cases":[…]} on stdout
//          --firmware kit|stock|LABEL=HEX  firmware to run (repeatable); default both "kit" (the kit's own,
//                                      500000 baud) and "stock" (node-pixel's hex, 57600); LABEL=HEX at 57600
//          --pixels 30,120  --loops kit,naive  --loads counter,exhibit
//          --no-urgent                 the kit loop does not mark the pressed soma pixel urgent
//          --link-options JSON         LinkOptions for the kit loop, e.g. '{"frameBudgetMs":12}'
import { EventEmitter } from 'node:events';
import { Twin } from '../../src/emulator/index.js';
import { STOCK_FIRMATA_BAUD_RATE } from '../../src/firmware-info.js';
import { twinFirmware } from '../../src/board/twin.js';
import { BoardButton, type KitBoard, connectBoard, emulatedTransport } from '../../src/board/index.js';
import { FrameAudit, LedLink, type LinkOptions, type Rgb, type SentFrame } from '../../src/link/index.js';
import { type LoadName, makeLoad } from '../link/bench-loads.js';

const STRIP_PIN = 6;
const BUTTON_PINS = [2, 3, 4, 5];
/** The exhibit renders at 100 Hz of board time, and at once on every press. */
const RENDER_EVERY_MS = 10;
const PHASE_MS = 3000;
const HOLD_MS = 50;

interface Percentiles { p50Ms: number | null; p99Ms: number | null }
interface CaseSpec { firmware: string; hexPath: string; baudRate: number; loop: 'kit' | 'naive'; pixels: number; load: LoadName }
interface CaseResult {
  firmware: string; loop: 'kit' | 'naive'; pixels: number; updatesPerSec: number; utilization: number; corrupted: number;
  /** null: no press of that phase ever reached the LEDs within the run (see `neverShown`). */
  latencyIdle: Percentiles; latencyPresses: Percentiles;
  load: LoadName; urgentHint: boolean;
  presses: { idle: number; presses: number };
  /** Presses whose frame never latched within the run, per phase. */
  neverShown: { idle: number; presses: number };
  /** Bytes written but not yet through the line at the end (a growing backlog shows here). */
  backlogBytes: number;
  fenceTimeouts: number;
}

/** Sends every pixel and a show each frame, as fast as frames come: no diff, no budget, no padding. */
class NaiveLoop extends EventEmitter {
  private seq = 0;
  constructor(private readonly kit: KitBoard) { super(); }
  setFrame(pixels: readonly Rgb[]): void {
    const bytes = new Uint8Array(pixels.length * 3);
    const g = this.kit.gammaTable;
    const byte = (v: number) => Math.min(255, Math.max(0, Math.round(v)));
    pixels.forEach((p, i) => {
      const [r, gr, b] = [byte(p[0]), byte(p[1]), byte(p[2])];
      this.kit.strip.pixel(i).color(`rgb(${r},${gr},${b})`);
      bytes.set([g[gr]!, g[r]!, g[b]!], i * 3);
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

async function runCase(spec: CaseSpec, urgentHint: boolean, linkOptions: LinkOptions): Promise<CaseResult> {
  const { loop, pixels } = spec;
  const twin = new Twin({ hexPath: spec.hexPath, baudRate: spec.baudRate });
  let ready = false;
  const connecting = connectBoard(emulatedTransport(twin), { strips: [{ pin: STRIP_PIN, length: pixels }], gamma: 1 }).finally(() => (ready = true));
  await twin.run({ until: () => ready, withinMs: 15_000 });
  const kit = await connecting;
  const sender = loop === 'kit' ? new LedLink(kit, linkOptions) : new NaiveLoop(kit);
  const audit = new FrameAudit(sender, (l) => twin.onFrame(l));
  const clock = twin.clock;
  const load = makeLoad(spec.load, pixels);
  const draw = (urgent?: number[]) => {
    const frame = load.render(clock.now());
    if (sender instanceof LedLink) sender.setFrame(frame, urgentHint && urgent ? { urgent } : {});
    else sender.setFrame(frame);
  };

  // Latency: from a press's falling edge to the first latched frame whose soma pixel shows it.
  type Phase = 'idle' | 'presses';
  const waiting: { button: number; count: number; atMs: number; phase: Phase }[] = [];
  const latency = { idle: [] as number[], presses: [] as number[] };
  const pressed = { idle: 0, presses: 0 };
  twin.onFrame((f) => {
    if (f.pin !== STRIP_PIN) return;
    for (let k = waiting.length - 1; k >= 0; k--) {
      const w = waiting[k]!;
      const at = load.somaOf(w.button) * 3;
      if (load.shows(w.button, w.count, f.bytes.subarray(at, at + 3))) {
        latency[w.phase].push(f.latchedAtMs - w.atMs);
        waiting.splice(k, 1);
      }
    }
  });
  let phase: Phase = 'idle';
  const edges = [0, 0, 0, 0];
  BUTTON_PINS.forEach((pin, b) => {
    const button = new BoardButton(kit, pin);
    button.on('press', () => {
      load.press(b, clock.now());
      draw([load.somaOf(b)]); // the pixel the visitor is waiting for
    });
  });
  twin.onInputEdge((pin, high, atMs) => {
    const b = BUTTON_PINS.indexOf(pin);
    if (high || b < 0) return;
    waiting.push({ button: b, count: ++edges[b]!, atMs, phase });
    pressed[phase]++;
  });
  const tick = () => {
    load.tick(clock.now());
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
  const result: CaseResult = {
    firmware: spec.firmware, loop, pixels,
    updatesPerSec: Math.round((((twin.lastFrame(STRIP_PIN)?.seq ?? 0) - framesBefore) / seconds) * 10) / 10,
    // Bytes the line carried (a naive loop's unsent backlog does not count), over its capacity.
    utilization: Math.round(((twin.transport.stats.hostBytesWritten - twin.transport.pendingToBoard - bytesBefore) / (seconds * lineBytesPerSec)) * 1000) / 1000,
    corrupted: audit.counts.framesCorrupted,
    latencyIdle: percentiles(latency.idle),
    latencyPresses: percentiles(latency.presses),
    load: spec.load, urgentHint: loop === 'kit' && urgentHint,
    presses: pressed,
    neverShown: { idle: waiting.filter((w) => w.phase === 'idle').length, presses: waiting.filter((w) => w.phase === 'presses').length },
    backlogBytes: twin.transport.pendingToBoard,
    fenceTimeouts: sender instanceof LedLink ? sender.stats.fenceTimeouts : 0,
  };
  if (sender instanceof LedLink) sender.close();
  await kit.close();
  return result;
}

function options(argv: string[]): { json: boolean; urgent: boolean; link: LinkOptions; specs: CaseSpec[] } {
  const list = (name: string, fallback: string) => {
    const i = argv.indexOf(name);
    return (i >= 0 ? argv[i + 1]! : fallback).split(',');
  };
  const firmwares: { firmware: string; hexPath: string; baudRate: number }[] = [];
  argv.forEach((a, i) => {
    if (a !== '--firmware') return;
    const [label, hexPath] = argv[i + 1]!.split('=');
    if (label === 'kit' || label === 'stock') firmwares.push({ firmware: label, ...twinFirmware(label) });
    else if (hexPath) firmwares.push({ firmware: label!, hexPath, baudRate: STOCK_FIRMATA_BAUD_RATE });
    else throw new Error(`--firmware ${label}: use kit, stock, or ${label}=path/to/firmware.hex`);
  });
  if (firmwares.length === 0) firmwares.push({ firmware: 'kit', ...twinFirmware('kit') }, { firmware: 'stock', ...twinFirmware('stock') });
  const specs: CaseSpec[] = [];
  for (const load of list('--loads', 'counter,exhibit') as LoadName[])
    for (const f of firmwares)
      for (const pixels of list('--pixels', '30,120').map(Number))
        for (const loop of list('--loops', 'kit,naive') as ('kit' | 'naive')[]) specs.push({ ...f, loop, pixels, load });
  const link = argv.includes('--link-options') ? (JSON.parse(argv[argv.indexOf('--link-options') + 1]!) as LinkOptions) : {};
  return { json: argv.includes('--json'), urgent: !argv.includes('--no-urgent'), link, specs };
}

const opts = options(process.argv.slice(2));
const cases: CaseResult[] = [];
for (const spec of opts.specs) {
  const c = await runCase(spec, opts.urgent, opts.link);
  cases.push(c);
  if (!opts.json) {
    const fmt = (p: Percentiles, missed: number, of: number) =>
      p.p50Ms === null ? `never shown (${missed} of ${of})` : `p50 ${p.p50Ms} / p99 ${p.p99Ms} ms${missed ? ` (${missed} of ${of} never shown)` : ''}`;
    process.stdout.write(
      `${c.load.padEnd(7)} ${c.firmware} ${String(c.pixels).padStart(3)} px ${c.loop.padEnd(5)}: ${c.updatesPerSec} updates/s, ` +
        `utilisation ${(c.utilization * 100).toFixed(1)} %, corrupted ${c.corrupted}, ` +
        `latency idle ${fmt(c.latencyIdle, c.neverShown.idle, c.presses.idle)}, under presses ${fmt(c.latencyPresses, c.neverShown.presses, c.presses.presses)}, ` +
        `backlog at end ${c.backlogBytes} B, fence timeouts ${c.fenceTimeouts}\n`,
    );
  }
}
if (opts.json) process.stdout.write(`${JSON.stringify({ cases })}\n`);
