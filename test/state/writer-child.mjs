// A writer for test/state/atomic-write.test.ts, run as its own process so it can be killed mid-write.
// argv: DIR FIRST_GENERATION [KILL_AT_STEP]. Writes pairs (table.md, diagram.svg) of generations
// FIRST, FIRST+1, … for ever, printing each finished generation; with KILL_AT_STEP it kills itself
// (SIGKILL: no clean-up runs) after that many steps of the first write reached the disk, and stops
// after that one write in any case.
import { join } from 'node:path';

const [dir, first, killAt] = process.argv.slice(2);
const { writeFilesTogether } = await import(new URL('../../dist/src/state/atomic-write.js', import.meta.url).href);
let steps = 0;
const hooks = killAt === undefined ? {} : { step: () => ++steps === Number(killAt) && process.kill(process.pid, 'SIGKILL') };
for (let g = Number(first); ; g++) {
  // Sizes vary so that a torn write would show.
  const filler = 'x'.repeat(1000 + ((g * 7919) % 50_000));
  await writeFilesTogether([{ path: join(dir, 'diagram.svg'), data: `<svg>${g}</svg>${filler}` }, { path: join(dir, 'table.md'), data: `generation ${g}\n${filler}` }], hooks);
  process.stdout.write(`${g}\n`);
  if (killAt !== undefined) break;
}
