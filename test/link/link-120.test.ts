import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Twin } from '../../src/emulator/index.js';
import type { KitBoard } from '../../src/board/index.js';
import { FrameAudit, LedLink, type Rgb } from '../../src/link/index.js';
import { expectIntactAndDrained } from './expect-intact.js';
import { bootTwinBoard } from '../board/twin-helper.js';

const PIXELS = 120;
const PIN = 6;
let twin: Twin;
let kit: KitBoard;

beforeAll(async () => {
  ({ twin, kit } = await bootTwinBoard([{ pin: PIN, length: PIXELS }], { gamma: 1 }));
});
afterAll(async () => {
  await kit?.close();
});

/** Eight 3-pixel pulses at 50 px/s over a 5-colour background: ~40 changed pixels per 20 ms, more than the line carries. */
function frame(tMs: number, soma: number): Rgb[] {
  return Array.from({ length: PIXELS }, (_, i): Rgb => {
    if (i === 0) return [soma, soma, soma];
    for (let k = 0; k < 8; k++) if (Math.abs(i - ((tMs * 0.05 + k * 15) % PIXELS)) < 1.5) return [255, 140, 30];
    return [0, 6 + (i % 5), 24];
  });
}

describe('LED link on a 120-pixel strip driven faster than the line', () => {
  test('no corrupted frame, no growing backlog, urgent pixels latched within 12 ms', async () => {
    const link = new LedLink(kit);
    const audit = new FrameAudit(link, (l) => twin.onFrame(l));
    const start = twin.nowMs;
    let soma = 0;
    const asked: { value: number; atMs: number }[] = [];
    const latencyMs: number[] = [];
    twin.onFrame((f) => {
      if (f.pin !== PIN) return;
      while (asked.length > 0 && f.bytes[0] === asked[0]!.value) latencyMs.push(f.latchedAtMs - asked.shift()!.atMs);
    });
    let maxBacklog = 0;
    // From 700 to 760 ms a scene where one colour dominates (the fill path): the strip goes dark.
    const sceneFrame = Array.from({ length: PIXELS }, (_, i): Rgb => (i % 40 === 0 ? [90, 0, 0] : [0, 0, 0]));
    // Rendered every board millisecond; a "press" every 37 ms brightens the soma and marks it urgent.
    const tick = () => {
      const t = twin.nowMs - start;
      const scene = t >= 700 && t < 760;
      const press = !scene && Math.floor(t) % 37 === 0;
      if (press) {
        soma = (soma + 16) % 256;
        asked.push({ value: soma, atMs: twin.nowMs });
      }
      link.setFrame(scene ? sceneFrame : frame(t, soma), press ? { urgent: [0] } : {});
      maxBacklog = Math.max(maxBacklog, link.backlogBytes);
      if (t < 1500) twin.clock.schedule(twin.nowMs + 1, tick);
    };
    tick();
    await twin.run({ forMs: 1600 });
    link.close();
    expectIntactAndDrained({ audit, link, twin, maxBacklog, pixels: PIXELS });
    expect(link.stats.fillsSent).toBeGreaterThan(0);
    expect(latencyMs.length).toBeGreaterThan(30);
    expect(Math.max(...latencyMs)).toBeLessThanOrEqual(12);
  });
});
