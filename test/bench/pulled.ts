// 100 pulled cables on the twin: `npm run bench:pulled [-- --cycles 100 --connected-ms 600 --exhibit FILE --json]`.
// Prints how long each reconnect took on the board's clock (port opened → first frame latched on the
// strip), how many kept the model and restored the LEDs, the frames, and the heap (see pulled-cables.ts).
import { args, benchExhibit, flag } from './args.js';
import { pullCables } from './pulled-cables.js';

const exhibit = benchExhibit();
const cycles = Number(flag('cycles') ?? 100);
const connectedMs = Number(flag('connected-ms') ?? 600);

const r = await pullCables({ exhibit, cycles, connectedMs });
const sorted = [...r.restoreMs].sort((a, b) => a - b);
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const report = {
  exhibit: exhibit.name,
  cycles,
  connectedMs,
  restoreMs: { min: round(sorted[0] ?? NaN), median: round(sorted[Math.floor(sorted.length / 2)] ?? NaN), max: round(sorted.at(-1) ?? NaN) },
  modelKept: r.modelKept,
  ledsRestored: r.ledsRestored,
  events: r.events,
  presses: Object.values(r.result.presses).reduce((a, b) => a + b, 0),
  frames: { sent: r.result.link.framesSent, shown: r.result.link.framesShown, corrupted: r.result.link.framesCorrupted },
  heapMb: { afterWarmUp: round(r.heapMb.afterWarmUp), atEnd: round(r.heapMb.atEnd), growth: round(r.heapMb.atEnd - r.heapMb.afterWarmUp, 2) },
  boardMinutes: round(r.result.duration / 60, 2),
  wallMinutes: round(r.wallS / 60, 2),
};
if (args.includes('--json')) process.stdout.write(`${JSON.stringify(report)}\n`);
else {
  process.stdout.write(`${cycles} pulled cables on the twin ("${report.exhibit}", kit firmware, ${connectedMs} ms connected each): ${report.wallMinutes} min wall\n`);
  process.stdout.write(`  port opened → LEDs showing the exhibit again (board time): min ${report.restoreMs.min} ms, median ${report.restoreMs.median} ms, max ${report.restoreMs.max} ms\n`);
  process.stdout.write(`  model kept ${r.modelKept}/${cycles}; LEDs restored as before the pull ${r.ledsRestored}/${cycles}; ${r.events.boardLost} board-lost faults, ${r.events.reconnects} reconnects, ${r.events.other} other faults\n`);
  process.stdout.write(`  ${report.presses} presses; LED frames: ${report.frames.sent} sent, ${report.frames.shown} shown, ${report.frames.corrupted} corrupted\n`);
  process.stdout.write(`  heap: ${report.heapMb.afterWarmUp} MB after warm-up, ${report.heapMb.atEnd} MB at the end (growth ${report.heapMb.growth} MB)\n`);
}
