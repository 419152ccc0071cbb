import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { readExhibit } from '../../src/exhibit/index.js';
import { pullCables } from '../bench/pulled-cables.js';

/**
 * Issue 11: pulled cables on one twin (the kit firmware, the whole host stack, emulated time), each
 * put back at once: every reconnect shows the exhibit again within 3 s of board time, with the model
 * as it was and the strip as it was. `npm run bench:pulled` does 100 and prints the figures.
 */

const exhibit = readExhibit(JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'exhibits', 'default.json'), 'utf8')));
const CYCLES = 5;
/** The bound on a reconnect: port opened → LEDs showing the exhibit again. */
const RESTORE_BOUND_MS = 3_000;

it(`${CYCLES} pulled cables: each reconnect restores the LEDs within 3 s, the model kept`, async () => {
  const r = await pullCables({ exhibit, cycles: CYCLES, connectedMs: 600 });
  expect(r.restoreMs).toHaveLength(CYCLES);
  for (const ms of r.restoreMs) expect(ms).toBeLessThan(RESTORE_BOUND_MS);
  expect(r.modelKept).toBe(CYCLES);
  expect(r.ledsRestored).toBe(CYCLES);
  expect(r.events).toEqual({ boardLost: CYCLES, reconnects: CYCLES, other: 0 });
  // A tap on every connection, each one counted once.
  expect(r.result.presses.A).toBe(CYCLES + 1);
  expect(r.result.link.framesCorrupted).toBe(0);
  // The link sends a frame once the one before is acknowledged: at most the one in flight is lost at each pull.
  expect(r.result.link.framesSent - r.result.link.framesShown!).toBeLessThanOrEqual(CYCLES);
}, 300_000);
