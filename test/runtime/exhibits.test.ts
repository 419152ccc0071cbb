import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DecodedFrame } from '../../src/emulator/index.js';
import { wireToRgb } from '../../src/wire/index.js';
import { readExhibit, type Exhibit } from '../../src/exhibit/index.js';
import { light } from '../../src/check/visibility.js';
import { ANIMATION } from '../../src/render/index.js';
import { readScript } from '../../src/runtime/script.js';
import { runSession, type RunResult } from '../../src/runtime/session.js';

/**
 * Scripted visitors on the twin (the real firmware hex, the real johnny-five/firmata-io/node-pixel
 * stack), checking what a visitor would see: the pixels decoded from the WS2812 waveform.
 */

const exhibit = (name: string): Exhibit => readExhibit(JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'exhibits', `${name}.json`), 'utf8')));

interface Run {
  result: RunResult;
  /** Every frame decoded on the strip pins, in board time. */
  frames: DecodedFrame[];
}

async function visit(ex: Exhibit, script: unknown[], forMs: number): Promise<Run> {
  const frames: DecodedFrame[] = [];
  const result = await runSession({
    exhibit: ex, board: 'emulated', fast: true, forMs, script: readScript(script, ex),
    onStart: (s) => s.twin!.onFrame((f) => frames.push(f)),
  });
  return { result, frames };
}

function segment(ex: Exhibit, shows: string, of: string) {
  const s = ex.segments.find((x) => x.shows === shows && x.of === of);
  if (!s) throw new Error(`no ${shows} segment of ${of}`);
  return s;
}

/** The decoded pixels of a segment in a result's final strips. */
function pixels(ex: Exhibit, result: RunResult, shows: string, of: string): number[][] {
  const s = segment(ex, shows, of);
  return result.strips[s.strip]!.pixels.slice(s.first, s.last + 1);
}

const litCount = (px: number[][]) => px.filter((p) => p.some((v) => v > 0)).length;
const total = (px: number[][]) => px.reduce((sum, p) => sum + p[0]! + p[1]! + p[2]!, 0);

describe('use it or lose it', () => {
  const ex = exhibit('use-it-or-lose-it');
  // A visitor holds Touch for 2 s, three times (each hold a 50 Hz burst); nobody touches Light.
  const holds = Array.from({ length: 3 }, (_, i) => [{ at: `${1 + i * 3}s`, press: 'A' }, { at: `${3 + i * 3}s`, release: 'A' }]).flat();
  const run = visit(ex, holds, 20_000);

  it('the used synapse is brighter and warmer than at the start and keeps its contacts; the unused one loses a light', async () => {
    const { result } = await run;
    const used = pixels(ex, result, 'synapse', 'A->C');
    const unused = pixels(ex, result, 'synapse', 'B->C');
    expect(result.synapses['A->C']!.contacts).toBe(ex.synapses[0]!.contacts);
    expect(litCount(used)).toBe(result.synapses['A->C']!.contacts);
    const [r, , b] = used[0]!;
    expect(r!).toBeGreaterThan(b!);
    expect(result.synapses['B->C']!.contacts).toBeLessThan(ex.synapses[1]!.contacts!);
    expect(litCount(unused)).toBe(result.synapses['B->C']!.contacts);
    expect(total(used)).toBeGreaterThan(total(unused));
  });

  it('the unused synapse, weaker than at the start, shows cool', async () => {
    const { frames } = await run;
    const s = segment(ex, 'synapse', 'B->C');
    const last = frames.filter((f) => f.pin === ex.strips[0]!.pin).at(-1)!;
    const px = wireToRgb(last.bytes, 'GRB').slice(s.first, s.last + 1);
    expect(litCount(px)).toBeGreaterThan(0);
    expect(px[0]![2]!).toBeGreaterThan(px[0]![0]!);
  });

  it('reports the spec document with every frame shown intact', async () => {
    const { result } = await run;
    expect(result).toMatchObject({ version: 1, board: 'emulated', firmware: { name: 'NeuronKit', version: '1.1' }, presses: { A: 3, B: 0, injury: 0 } });
    expect(result.duration).toBeCloseTo(20, 3);
    // Each hold: one action potential at the press, then 50 Hz from 300 ms until the release.
    expect(result.spikes.A).toBeGreaterThan(3 * 80);
    expect(result.link.framesCorrupted).toBe(0);
    expect(result.link.framesShown).toBeGreaterThan(200);
    expect(result.latency!.count).toBe(3);
  });
});

describe('fire together, wire together', () => {
  const ex = exhibit('fire-together-wire-together');
  it('the new connection stays dark until the two neurons have fired together, then grows in', async () => {
    const together = [{ at: '1s', repeat: { tap: 'A', hz: 2, count: 20 } }, { at: '1s', repeat: { tap: 'B', hz: 2, count: 20 } }];
    const { result, frames } = await visit(ex, together, 14_000);
    const s = segment(ex, 'synapse', 'A->B');
    const lit = (f: DecodedFrame) => litCount(wireToRgb(f.bytes, 'GRB').slice(s.first, s.last + 1));
    const t0 = frames[0]!.latchedAtMs;
    expect(lit(frames.filter((f) => f.latchedAtMs < t0 + 1000).at(-1)!)).toBe(0);
    expect(result.synapses['A->B']?.exists).toBe(true);
    expect(litCount(pixels(ex, result, 'synapse', 'A->B'))).toBeGreaterThan(0);
    expect(result.link.framesCorrupted).toBe(0);
  });
});

describe('short and long term', () => {
  const ex = exhibit('short-and-long-term');
  it('a second tap soon after the first flashes the synapse brighter; a held button leaves it brighter for good', async () => {
    const script = [
      { at: '1s', tap: 'A' }, { at: '1.1s', tap: 'A' },
      { at: '4s', press: 'A' }, { at: '6s', release: 'A' },
    ];
    const { frames, result } = await visit(ex, script, 14_000);
    const s = segment(ex, 'synapse', 'A->B');
    // How much light the segment gives (its pixels' brightest channels): its hue tells strength apart.
    const brightness = (f: DecodedFrame) => light(wireToRgb(f.bytes, 'GRB').slice(s.first, s.last + 1));
    const peak = (fromMs: number, toMs: number) => Math.max(...frames.filter((f) => f.latchedAtMs >= fromMs && f.latchedAtMs < toMs).map(brightness));
    const t0 = frames[0]!.latchedAtMs - 1; // the exhibit's start in board time
    // Each action potential reaches the synapse after running the axon's length.
    const axon = segment(ex, 'axon', 'A->B');
    const travelMs = ((axon.last - axon.first + 1) * 1000) / ANIMATION.pixelsPerSecond;
    const first = peak(t0 + 1000 + travelMs, t0 + 1100 + travelMs);
    const second = peak(t0 + 1100 + travelMs, t0 + 1300 + travelMs);
    expect(second).toBeGreaterThan(first);
    const rest = (atMs: number) => brightness(frames.filter((f) => f.latchedAtMs <= t0 + atMs).at(-1)!);
    // The paired-pulse boost is gone within seconds: the same light as before the taps.
    expect(rest(3500)).toBeCloseTo(rest(900), 1);
    // The burst potentiated the synapse and the change was consolidated: brighter for good.
    expect(rest(13_900)).toBeGreaterThan(rest(3500) * 1.1);
    expect(result.synapses['A->B']!.efficacy).toBeGreaterThan(1.5 * 4 * 0.1 * ex.synapses[0]!.receptors!);
    expect(result.spikes.A).toBeGreaterThan(50);
    expect(result.link.framesCorrupted).toBe(0);
  });
});

describe('the default exhibit', () => {
  const ex = exhibit('default');
  it('the injury button cuts A->C: its segment goes dark; the age dial and buttons all work', async () => {
    const script = [
      { at: '1s', repeat: { tap: 'A', hz: 2, count: 10 } },
      { at: '2s', tap: 'B' },
      { at: '6s', turn: 'age', to: 1 },
      { at: '8s', tap: 'injury' },
    ];
    const { result } = await visit(ex, script, 12_000);
    expect(result.presses).toEqual({ A: 10, B: 1, injury: 1 });
    expect(result.synapses['A->C']!.exists).toBe(false);
    expect(litCount(pixels(ex, result, 'synapse', 'A->C'))).toBe(0);
    expect(litCount(pixels(ex, result, 'synapse', 'B->C'))).toBeGreaterThan(0);
    expect(result.link.framesCorrupted).toBe(0);
  });
});
