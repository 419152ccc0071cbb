import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundled } from '../../src/package-files.js';
import { exhibitFitFor, listExhibits, loadExhibit, readExhibit, type Exhibit } from '../../src/exhibit/index.js';
import { opsEventOf } from '../../src/ops/events.js';
import type { ExhibitEvent } from '../../src/runtime/events.js';
import { checkpointPath, Exhibition } from '../../src/runtime/exhibition.js';
import { Runtime } from '../../src/runtime/runtime.js';
import type { Session } from '../../src/runtime/session.js';
import { ExhibitSwitch, superviseSwitching } from '../../src/runtime/switching.js';
import { encodeExact } from '../../src/state/checkpoint.js';
import { FakeBoard } from './fake-board.js';

/**
 * The docent's reset and exhibit switch on the runtime side: the reset on a fake board in board time,
 * the switch's checks on files, and a switch between exhibits on the twin with their own checkpoints.
 */

const bundledDoc = (name: string) => JSON.parse(readFileSync(bundled('exhibits', `${name}.json`), 'utf8')) as Record<string, unknown>;
const base = readExhibit(bundledDoc('default'));
const TOUCH = 2;
const LIGHT = 3;
const INJURY = 4;
const tmp: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'neuron-kit-switch-'));
  tmp.push(dir);
  return dir;
};
afterAll(() => {
  for (const d of tmp) rmSync(d, { recursive: true, force: true });
});

function setup(exhibit: Exhibit, lifecycle: boolean) {
  const board = new FakeBoard(exhibit);
  const events: ExhibitEvent[] = [];
  const exhibition = new Exhibition(exhibit, { lifecycle, seed: 3, onEvent: (e) => events.push(e) });
  const runtime = new Runtime(exhibit, board, { exhibition });
  const frames: Array<{ atMs: number; frame: Uint8Array }> = [];
  runtime.on('frame', (f: { atMs: number; render: { frames: Uint8Array[] } }) => frames.push({ atMs: f.atMs, frame: f.render.frames[0]! }));
  runtime.start();
  const tap = (pin: number) => {
    board.press(pin);
    board.runTo(board.nowMs + 50);
    board.release(pin);
    board.runTo(board.nowMs + 50);
  };
  return { board, exhibition, runtime, events, frames, tap };
}

const state = (e: Exhibition) => encodeExact(e.model.network.snapshot());
const efficacies = (e: Exhibition) => Object.fromEntries(Object.entries(e.model.view().synapses).map(([id, s]) => [id, [s.efficacy, s.contacts, s.exists]]));
const pixel = (frame: Uint8Array, i: number) => frame[3 * i]! + frame[3 * i + 1]! + frame[3 * i + 2]!;

describe('the docent\'s reset', () => {
  const exhibit: Exhibit = { ...base, idle: { afterMs: 60_000, mode: 'keep', restMs: 2_000 } };

  it('during a visit: the visit ends (reason reset), the model is a fresh exhibit\'s at once, the LEDs ease back, then the attract demo', () => {
    const { board, exhibition, runtime, events, frames, tap } = setup(exhibit, true);
    const fresh = new Exhibition(exhibit, { seed: 3 });
    board.runTo(1_000);
    for (let i = 0; i < 20; i++) (tap(TOUCH), tap(LIGHT));
    tap(INJURY);
    expect(efficacies(exhibition)).not.toEqual(efficacies(fresh));
    const atMs = board.nowMs;
    runtime.reset();
    expect(events.map((e) => e.type)).toEqual(['session-start', 'session-end', 'reset']);
    expect(events[1]).toMatchObject({ type: 'session-end', reason: 'reset', presses: { A: 20, B: 20, injury: 1 } });
    expect(events[2]).toMatchObject({ type: 'reset', reason: 'docent' });
    // The visitor log's line for it (idle.mode "keep": only the docent could have reset it).
    expect(opsEventOf(events[2]!)).toEqual({ kind: 'reset', why: 'docent' });
    expect(efficacies(exhibition)).toEqual(efficacies(fresh));
    expect(state(exhibition)).toBe(state(fresh));
    expect(exhibition.phase).toBe('rest');
    board.runTo(atMs + 1_990);
    expect(exhibition.phase).toBe('rest');
    expect(state(exhibition)).toBe(state(fresh));
    board.runTo(atMs + 2_100);
    expect(exhibition.phase).toBe('idle');
    // The cut synapse comes back over the rest, neither at once nor never.
    const synapse = exhibit.segments.find((s) => s.shows === 'synapse' && s.of === 'A->C')!.first;
    const at = (ms: number) => pixel(frames.filter((f) => f.atMs <= ms).at(-1)!.frame, synapse);
    expect(at(atMs - 1)).toBe(0);
    expect(at(atMs + 1_000)).toBeGreaterThan(0);
    expect(at(atMs + 1_000)).toBeLessThan(at(atMs + 2_000));
  });

  it('without the visitor lifecycle the model waits out the rest and then runs on; a press ends the rest at once', () => {
    const { board, exhibition, runtime, events, tap } = setup(exhibit, false);
    board.runTo(500);
    for (let i = 0; i < 10; i++) tap(TOUCH);
    runtime.reset();
    expect(events.map((e) => e.type)).toEqual(['reset']);
    expect(exhibition.modelRuns).toBe(false);
    const nowMs = board.nowMs;
    board.runTo(nowMs + 2_100);
    expect(exhibition.phase).toBe('session');
    expect(exhibition.model.nowMs).toBeGreaterThanOrEqual(nowMs + 2_000);
    runtime.reset();
    expect(exhibition.phase).toBe('rest');
    tap(TOUCH);
    expect(exhibition.phase).toBe('session');
    expect(exhibition.model.spikes.A).toBeGreaterThan(0);
  });

  it('outside opening hours: the model is reset and the exhibit stays dark', () => {
    // Open on no day at all: always closed.
    const closed: Exhibit = { ...exhibit, hours: { timeZone: 'UTC', weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] }, atOpening: 'saved' } };
    const { board, exhibition, runtime, events } = setup(closed, true);
    board.runTo(1_500);
    expect(exhibition.phase).toBe('closed');
    runtime.reset();
    expect(events.filter((e) => e.type === 'reset')).toMatchObject([{ reason: 'docent' }]);
    expect(exhibition.phase).toBe('closed');
  });
});

/** An exhibit for a Mega: its Touch button on D40, which an Uno does not have. */
function megaExhibit(dir: string): string {
  const doc = bundledDoc('fire-together-wire-together');
  const file = join(dir, 'hall-mega.json');
  const neurons = (doc.neurons as Array<Record<string, unknown>>).map((n) => (n.id === 'A' ? { ...n, button: 40 } : n));
  writeFileSync(file, JSON.stringify({ ...doc, name: 'Hall (Mega)', board: { kind: 'mega' }, neurons }));
  return file;
}

describe('which exhibits a docent may switch to', () => {
  it('the bundled exhibits: every exhibits/*.json with its name, not the schema, not protocols/ or class/', async () => {
    const list = await listExhibits(bundled('exhibits'));
    expect(list.map((c) => [c.id, c.name])).toEqual([
      ['default', 'Neuron Kit'],
      ['fire-together-wire-together', 'Fire together, wire together'],
      ['short-and-long-term', 'Short and long term'],
      ['tolerance', 'Tolerance'],
      ['use-it-or-lose-it', 'Use it or lose it'],
    ]);
    for (const c of list) await expect(exhibitFitFor(c.file, 'uno')).resolves.toHaveProperty('exhibit');
  });

  it('an exhibit for another board is refused with what does not fit, pin by pin', async () => {
    const fit = await exhibitFitFor(megaExhibit(tempDir()), 'uno');
    expect(fit).toEqual({ problems: ['board.kind: it is built for a mega, and this board is an uno', 'neurons[0].button: the uno has no digital pin 40; use D2–D19'] });
  });

  it('a file that is not an exhibit is listed under its file name and refused with its problems', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'broken.json'), '{ "name": "Broken", ');
    writeFileSync(join(dir, 'half.json'), JSON.stringify({ ...bundledDoc('default'), strips: [] }));
    const list = await listExhibits(dir);
    expect(list.map((c) => [c.id, c.name])).toEqual([['broken', 'broken'], ['half', 'Neuron Kit']]);
    const broken = await exhibitFitFor(list[0]!.file, 'uno');
    expect(broken).toEqual({ problems: [expect.stringMatching(/broken\.json is not valid JSON/)] });
    const half = await exhibitFitFor(list[1]!.file, 'uno');
    expect('problems' in half && half.problems.length).toBeGreaterThan(0);
    expect('problems' in half && half.problems.every((p) => /^[a-z]+[\w.[\]]*: /.test(p))).toBe(true);
  });
});

describe('a switch request', () => {
  it('is refused for an unknown exhibit, the running one, or one that does not fit; the run is stopped only for one that fits', async () => {
    const dir = tempDir();
    const choices = [...await listExhibits(bundled('exhibits')), { id: 'hall-mega', name: 'Hall (Mega)', file: megaExhibit(dir) }];
    const switcher = new ExhibitSwitch(base, choices, bundled('exhibits', 'default.json'));
    let stops = 0;
    switcher.bind(() => stops++);
    expect(switcher.current).toBe('default');
    await expect(switcher.request('nowhere')).resolves.toEqual({ ok: false, problems: ['There is no exhibit "nowhere" to switch to.'] });
    await expect(switcher.request('default')).resolves.toMatchObject({ ok: false, problems: [expect.stringMatching(/running already/)] });
    await expect(switcher.request('hall-mega')).resolves.toMatchObject({ ok: false, problems: [expect.stringMatching(/^board\.kind/), expect.stringMatching(/^neurons\[0\]\.button/)] });
    expect(stops).toBe(0);
    expect(switcher.next()).toBeNull();
    switcher.bind(() => stops++);
    const told: string[] = [];
    await expect(switcher.request('use-it-or-lose-it', (name) => told.push(`${name} at stop ${stops}`))).resolves.toEqual({ ok: true, name: 'Use it or lose it' });
    expect(told).toEqual(['Use it or lose it at stop 0']);
    expect(stops).toBe(1);
    await expect(switcher.request('short-and-long-term')).resolves.toMatchObject({ ok: false, problems: [expect.stringMatching(/under way/)] });
    expect(switcher.next()?.name).toBe('Use it or lose it');
    expect(switcher.current).toBe('use-it-or-lose-it');
    expect(switcher.exhibit.name).toBe('Use it or lose it');
  });
});

describe('switching on the twin', () => {
  it('each exhibit runs with its own model and strips and goes on from its own checkpoint when switched back to', async () => {
    const stateDir = tempDir();
    const first = await loadExhibit(bundled('exhibits', 'default.json'));
    const switcher = new ExhibitSwitch(first, await listExhibits(bundled('exhibits')), bundled('exhibits', 'default.json'));
    const abort = new AbortController();
    const sessions: Session[] = [];
    const switches: string[] = [];
    const atSwitch: string[] = [];
    const plan = async (session: Session) => {
      const n = sessions.length;
      // As it starts, before it runs on: the default exhibit goes on from its checkpoint, with the synapse the injury cut.
      if (n === 3) {
        expect(encodeExact(session.runtime.model.network.snapshot())).toBe(atSwitch[0]);
        expect(session.runtime.model.view().synapses['A->C']!.exists).toBe(false);
      }
      // Board time for the twin to settle before acting: a visitor is never quicker.
      await new Promise<void>((r) => session.kit.clock.schedule(session.runtime.startMs + 500, r));
      // The waveform on the twin's data pin is the running exhibit's strip: 60 pixels, then 30.
      expect(session.twin!.lastFrame(6)?.bytes.length).toBe(3 * session.runtime.exhibit.strips[0]!.length);
      if (n === 1) {
        for (let i = 0; i < 5; i++) session.runtime.press('A', session.kit.clock.now());
        session.runtime.press('injury', session.kit.clock.now());
        // As it stopped: the model runs on until the switch stops it, and is saved then.
        session.runtime.once('stopped', () => atSwitch.push(encodeExact(session.runtime.model.network.snapshot())));
        await switcher.request('fire-together-wire-together');
      } else if (n === 2) {
        await switcher.request('default');
      } else abort.abort();
    };
    const result = await superviseSwitching({
      exhibit: first,
      switcher,
      board: 'emulated',
      fast: true,
      lifecycle: false,
      stateDir,
      signal: abort.signal,
      onSwitch: (from, to) => switches.push(`${from.name} -> ${to.name}`),
      onStart: (session) => {
        sessions.push(session);
        void plan(session).catch((err: unknown) => {
          atSwitch.push(String(err));
          abort.abort();
        });
      },
    });
    expect(switches).toEqual(['Neuron Kit -> Fire together, wire together', 'Fire together, wire together -> Neuron Kit']);
    expect(atSwitch.slice(1)).toEqual([]);
    expect(sessions.map((s) => s.runtime.exhibit.strips[0]!.length)).toEqual([60, 30, 60]);
    // Three boards: each switch opened the board afresh, for the new exhibit's strips and buttons.
    expect(new Set(sessions.map((s) => s.twin)).size).toBe(3);
    expect(result.strips[0]!.pixels).toHaveLength(60);
    expect(readFileSync(checkpointPath(stateDir, first)).length).toBeGreaterThan(0);
    expect(readFileSync(checkpointPath(stateDir, await loadExhibit(bundled('exhibits', 'fire-together-wire-together.json')))).length).toBeGreaterThan(0);
  }, 120_000);
});
