// The twin's speed: `npm run bench:twin [-- --seconds 60 --exhibit FILE --hex FILE --json]`.
// Runs an exhibit on the emulated Uno with --fast (as fast as one core allows) twice: nobody there, and a
// visitor tapping twice a second; prints board seconds per wall second for each, the frames shown and
// the share of board time the chip slept. `--hex` runs another firmware image (an older build, to compare).
import { args, benchExhibit, flag } from './args.js';
import { readScript } from '../../src/runtime/script.js';
import { runSession } from '../../src/runtime/session.js';

const exhibit = benchExhibit();
const seconds = Number(flag('seconds') ?? 60);
const hexPath = flag('hex');
const buttons = exhibit.neurons.filter((n) => n.button !== undefined).map((n) => n.id);

async function measure(visitor: boolean) {
  // Twice a second, the buttons in turn, from the first second to the last.
  const taps = visitor ? Array.from({ length: Math.floor((seconds - 1) * 2) }, (_, i) => ({ at: `${1000 + i * 500}ms`, tap: buttons[i % buttons.length] })) : [];
  let sleptShare = 0;
  let from = { cycles: 0, slept: 0 };
  let twin: { cycles: number; sleptCycles: number } | null = null;
  const wallStart = performance.now();
  const result = await runSession({
    exhibit, board: 'emulated', fast: true, forMs: seconds * 1000, seed: 1, script: readScript(taps, exhibit),
    ...(hexPath ? { hexPath } : {}),
    onStart: (session) => {
      twin = session.twin;
      if (twin) from = { cycles: twin.cycles, slept: twin.sleptCycles };
    },
    onEnd: () => {
      if (twin) sleptShare = (twin.sleptCycles - from.slept) / (twin.cycles - from.cycles);
    },
  });
  const wallS = (performance.now() - wallStart) / 1000;
  return { visitor, boardS: result.duration, wallS, speed: result.duration / wallS, framesShown: result.link.framesShown, corrupted: result.link.framesCorrupted, sleptShare };
}

const runs = [await measure(false), await measure(true)];
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
if (args.includes('--json')) process.stdout.write(`${JSON.stringify({ exhibit: exhibit.name, hex: hexPath ?? 'kit firmware', runs })}\n`);
else {
  process.stdout.write(`The twin running "${exhibit.name}" (${hexPath ?? 'kit firmware'}), --fast, ${seconds} s of board time each:\n`);
  for (const r of runs) {
    process.stdout.write(`  ${r.visitor ? 'a visitor tapping twice a second' : 'nobody there'}: ${round(r.speed, 1)}× real time (${round(r.boardS, 1)} s in ${round(r.wallS, 1)} s wall), ${r.framesShown} frames shown, ${r.corrupted} corrupted, chip asleep ${Math.round(r.sleptShare * 100)}% of the time\n`);
  }
}
