// Benchmark: does a class of 30 browser tabs slow the exhibit? Runs the bundled exhibit on the twin
// with a visitor tapping Touch, and measures the same wall-clock window with 0 and then 30 viewers
// connected: frames latched on the strip's data pin per wall second, board time per wall time, and
// the web layer's message rates. Prints numbers; asserts nothing.
// Usage: npm run bench:web [-- --fast] [-- --seconds 10]
import { WebSocket } from 'ws';
import { bundled } from '../../src/package-files.js';
import { loadExhibit } from '../../src/exhibit/index.js';
import { runSession, type Session } from '../../src/runtime/session.js';
import { startWeb, type WebServer, type WebStats } from '../../src/web/index.js';

const args = process.argv.slice(2);
const fast = args.includes('--fast');
const seconds = Number(args[args.indexOf('--seconds') + 1]) || 10;
const VIEWERS = 30;
/** Each viewer also sends this many malformed messages per second, to cost the validation too. */
const GARBAGE_HZ = 1;

interface Phase {
  viewers: number;
  wallS: number;
  boardS: number;
  framesLatched: number;
  framesRendered: number;
  ticksReceived: number;
  stats: WebStats;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function measure(session: Session, web: WebServer, viewers: number): Promise<Phase> {
  const sockets: WebSocket[] = [];
  let ticksReceived = 0;
  for (let i = 0; i < viewers; i++) {
    const ws = new WebSocket(web.url.replace(/^http/, 'ws').replace(/\/(\?.*)?$/, '/live'));
    ws.on('message', (data) => {
      if (String(data).startsWith('{"type":"tick"')) ticksReceived++;
    });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    sockets.push(ws);
  }
  const garbage = viewers > 0 ? setInterval(() => sockets.forEach((ws) => ws.send('{"type":"press","target":"nobody"}')), 1000 / GARBAGE_HZ) : null;
  await sleep(500); // let the greetings settle before the window opens
  ticksReceived = 0;
  let framesLatched = 0;
  let framesRendered = 0;
  const offLatched = session.twin!.onFrame(() => framesLatched++);
  const onRendered = () => framesRendered++;
  session.runtime.on('frame', onRendered);
  const before = web.stats();
  const wall0 = performance.now();
  const board0 = session.kit.clock.now();
  await sleep(seconds * 1000);
  const wallS = (performance.now() - wall0) / 1000;
  const boardS = (session.kit.clock.now() - board0) / 1000;
  offLatched();
  session.runtime.off('frame', onRendered);
  if (garbage) clearInterval(garbage);
  const after = web.stats();
  const stats = Object.fromEntries(Object.entries(after).map(([k, v]) => [k, k === 'clients' ? v : v - before[k as keyof WebStats]])) as unknown as WebStats;
  for (const ws of sockets) ws.close();
  await sleep(300);
  return { viewers, wallS, boardS, framesLatched, framesRendered, ticksReceived, stats };
}

const exhibit = await loadExhibit(bundled('exhibits', 'default.json'));
const touch = exhibit.neurons.find((n) => n.button !== undefined)!;
const abort = new AbortController();
const phases: Phase[] = [];
const run = runSession({
  exhibit,
  board: 'emulated',
  fast,
  signal: abort.signal,
  onStart: (session) => {
    void (async () => {
      const web = await startWeb(session, exhibit, { port: 0 });
      // A visitor tapping Touch four times a second keeps the strip animating.
      const tap = () => {
        session.twin!.press(touch.button!);
        session.kit.clock.schedule(session.kit.clock.now() + 60, () => session.twin!.release(touch.button!));
        session.kit.clock.schedule(session.kit.clock.now() + 250, tap);
      };
      session.kit.clock.schedule(session.kit.clock.now() + 500, tap);
      await sleep(1000);
      phases.push(await measure(session, web, 0));
      phases.push(await measure(session, web, VIEWERS));
      await web.close();
      abort.abort();
    })().catch((err: unknown) => {
      process.stderr.write(`bench failed: ${String(err)}\n`);
      abort.abort();
    });
  },
});
await run;

process.stdout.write(`web bench: twin ${fast ? 'fast' : 'paced to real time'}, ${seconds} s wall per phase, ${GARBAGE_HZ} malformed message/s per viewer\n`);
for (const p of phases) {
  const s = p.stats;
  process.stdout.write(
    [
      `${String(p.viewers).padStart(2)} viewers:`,
      `board/wall ${(p.boardS / p.wallS).toFixed(2)}`,
      `frames latched ${(p.framesLatched / p.wallS).toFixed(1)}/s wall (${(p.framesLatched / p.boardS).toFixed(1)}/s board)`,
      `rendered ${(p.framesRendered / p.wallS).toFixed(1)}/s`,
      `ticks ${(s.ticks / p.wallS).toFixed(1)}/s`,
      `sent ${(s.messagesSent / p.wallS).toFixed(0)} msg/s ${(s.bytesSent / 1024 / p.wallS).toFixed(1)} KiB/s`,
      `received ${p.viewers ? (p.ticksReceived / p.viewers / p.wallS).toFixed(1) : '-'} ticks/s per viewer`,
      `skipped(slow) ${s.skippedSlow}`,
      `malformed ${s.malformed} oversized ${s.oversized}`,
    ].join('  ') + '\n',
  );
}
