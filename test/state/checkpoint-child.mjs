// A checkpoint writer for test/state/checkpoint.test.ts, run as its own process so it can be killed
// (SIGKILL) at any moment. argv: FILE FIRST_GENERATION. Writes checkpoints of generations FIRST,
// FIRST+1, … for ever, printing each one once it is on disk.
const [file, first] = process.argv.slice(2);
const { writeCheckpoint } = await import(new URL('../../dist/src/state/checkpoint.js', import.meta.url).href);
for (let g = Number(first); ; g++) {
  // Sizes vary so that a torn write would show; special numbers as a model holds them.
  const values = Array.from({ length: 2000 + ((g * 7919) % 20_000) }, (_, i) => (i % 3 === 0 ? -Infinity : i / 7));
  await writeCheckpoint(file, { generation: g, values });
  process.stdout.write(`${g}\n`);
}
