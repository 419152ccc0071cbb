// An accelerated soak on the twin: `npm run soak [-- --days 30 --exhibit FILE --seed N --json]`.
// The exhibit runs on the emulated board as fast as the emulator goes, for as much board time as its
// own time-lapse needs to cover DAYS of slow time (30 days at K = 3000 are 14.4 minutes), with random
// visitors: sessions of taps, holds and now and then the age dial or the injury button, separated by
// idle spells. Prints heap growth, visitor sessions, presses, frames sent/shown/corrupted, and whether
// every neuron is still alive and every synapse still there.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readExhibit, type Exhibit } from '../../src/exhibit/index.js';
import { Rng } from '../../src/model/index.js';
import { runSession, type RunResult } from '../../src/runtime/session.js';
import { TAP_MS, type VisitorAction } from '../../src/runtime/script.js';
import { args, flag } from './args.js';

const root = join(import.meta.dirname, '..', '..', '..');
const exhibitPath = flag('exhibit') ?? join(root, 'exhibits', 'default.json');
const days = Number(flag('days') ?? 30);
const seed = Number(flag('seed') ?? 1);
const exhibit: Exhibit = readExhibit(JSON.parse(readFileSync(exhibitPath, 'utf8')));
const forMs = (days * 86_400_000) / exhibit.compression;

/** Random visitors, seeded: idle spells of 20–180 s, then a session of 15–90 s of taps and holds. */
function visitors(rng: Rng): { actions: VisitorAction[]; sessions: number } {
  const actions: VisitorAction[] = [];
  const buttons = exhibit.neurons.filter((n) => n.button !== undefined).map((n) => ({ id: n.id, pin: n.button! }));
  const press = (atMs: number, b: { id: string; pin: number }, holdMs: number) => {
    actions.push({ atMs, kind: 'button', pin: b.pin, pressed: true, target: b.id });
    actions.push({ atMs: atMs + holdMs, kind: 'button', pin: b.pin, pressed: false, target: b.id });
  };
  let t = 5_000;
  let sessions = 0;
  while (t < forMs - 1_000) {
    const end = Math.min(forMs - 1_000, t + 15_000 + rng.next() * 75_000);
    sessions += 1;
    while (t < end && buttons.length > 0) {
      const b = buttons[Math.floor(rng.next() * buttons.length)]!;
      const hold = rng.next() < 0.1 ? 1_000 + rng.next() * 2_000 : TAP_MS;
      press(t, b, hold);
      t += hold + 150 + rng.next() * 1_500;
    }
    const injury = exhibit.controls.injury;
    if (injury && rng.next() < 0.05) press(t, { id: 'injury', pin: injury.button }, TAP_MS);
    const age = exhibit.controls.age;
    if (age && rng.next() < 0.2) actions.push({ atMs: t + 200, kind: 'dial', channel: age.analog, fraction: rng.next(), target: 'age' });
    t += 20_000 + rng.next() * 160_000;
  }
  return { actions: actions.sort((a, b) => a.atMs - b.atMs), sessions };
}

const { actions, sessions } = visitors(new Rng(seed));
const heapMb: number[] = [];
const sample = setInterval(() => heapMb.push(process.memoryUsage().heapUsed / 1024 / 1024), 1000);
const wall0 = performance.now();
// The exhibit's museum life is on (visits, the rest after each, the attract demo between them), as
// when it runs unscripted; the scripted visitors stand in for real ones.
const lifecycle = { sessions: 0, resets: 0, checkpoints: 0, faults: 0 };
const stateDir = mkdtempSync(join(tmpdir(), 'neuron-kit-soak-'));
const result: RunResult = await runSession({
  exhibit, board: 'emulated', fast: true, forMs, seed, script: actions, lifecycle: true, stateDir,
  onEvent: (e) => {
    if (e.type === 'session-start') lifecycle.sessions += 1;
    else if (e.type === 'reset') lifecycle.resets += 1;
    else if (e.type === 'checkpoint') lifecycle.checkpoints += 1;
    else if (e.type === 'fault') lifecycle.faults += 1;
  },
});
clearInterval(sample);
const wallS = (performance.now() - wall0) / 1000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
// Heap after warm-up (the second tenth of the run) against the last tenth: growth, not the start-up.
const tenth = Math.max(1, Math.floor(heapMb.length / 10));
const heapEarlyMb = median(heapMb.slice(tenth, 2 * tenth));
const heapLateMb = median(heapMb.slice(-tenth));
const round = (x: number) => Math.round(x * 10) / 10;
const report = {
  exhibit: exhibit.name,
  slowDays: days,
  boardMinutes: round(forMs / 60_000),
  wallMinutes: round(wallS / 60),
  visitorSessions: sessions,
  lifecycle,
  presses: Object.values(result.presses).reduce((a, b) => a + b, 0),
  frames: { sent: result.link.framesSent, shown: result.link.framesShown, corrupted: result.link.framesCorrupted },
  neuronsAlive: `${Object.values(result.neurons).filter((n) => n.alive).length} of ${Object.keys(result.neurons).length}`,
  synapsesPresent: `${Object.values(result.synapses).filter((s) => s.exists).length} of ${Object.keys(result.synapses).length}`,
  heapMb: { afterWarmUp: round(heapEarlyMb), atEnd: round(heapLateMb), growth: round(heapLateMb - heapEarlyMb) },
  latency: result.latency,
};
if (args.includes('--json')) process.stdout.write(`${JSON.stringify(report)}\n`);
else {
  process.stdout.write(`Soak of "${report.exhibit}": ${days} slow days = ${report.boardMinutes} min of board time, ${report.wallMinutes} min wall on the twin\n`);
  process.stdout.write(`  visitors: ${report.visitorSessions} sessions, ${report.presses} presses; the exhibit counted ${lifecycle.sessions} visits, ${lifecycle.resets} resets, ${lifecycle.checkpoints} checkpoints, ${lifecycle.faults} faults\n`);
  process.stdout.write(`  LED frames: ${report.frames.sent} sent, ${report.frames.shown} shown, ${report.frames.corrupted} corrupted\n`);
  process.stdout.write(`  neurons alive: ${report.neuronsAlive}; synapses present: ${report.synapsesPresent}\n`);
  process.stdout.write(`  heap: ${report.heapMb.afterWarmUp} MB after warm-up, ${report.heapMb.atEnd} MB at the end (growth ${report.heapMb.growth} MB)\n`);
  if (report.latency) process.stdout.write(`  press → LED latency: p50 ${report.latency.p50Ms.toFixed(1)} ms, p99 ${report.latency.p99Ms.toFixed(1)} ms over ${report.latency.count} presses\n`);
}
