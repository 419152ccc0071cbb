import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.js';
import { loadLesson, lessonNames, lessonsDir } from '../../src/lessons/load.js';
import { holds, unbackedWords } from '../../src/lessons/checks.js';
import { LessonProgress, THEN_WINDOW_MS } from '../../src/lessons/progress.js';
import { InvalidDocumentError } from '../../src/experiment/problems.js';
import { CAUSES } from '../../src/model/index.js';
import type { StepDone } from '../../src/lessons/types.js';
import type { LessonResult } from '../../src/lessons/record.js';
import { stepDisagreements } from '../helpers/lesson-truth.js';
import type { StoryView } from '../../src/story/view.js';

const IDEAS = [
  'use-it-or-lose-it', 'fire-together-wire-together', 'presynaptic-vs-postsynaptic', 'short-vs-long-term',
  'paired-pulse-facilitation', 'development-vs-adulthood', 'injury-and-recovery', 'tolerance-and-withdrawal',
];

function capture() {
  const lines: string[] = [];
  const errors: string[] = [];
  return { out: { log: (l: string) => void lines.push(l), error: (l: string) => void errors.push(l) }, lines, errors };
}

describe('the bundled lessons', () => {
  test('one lesson per idea the kit teaches, each under five minutes, with teacher notes', () => {
    expect(lessonNames()).toEqual([...IDEAS].sort());
    for (const name of IDEAS) {
      const { lesson } = loadLesson(name);
      expect(lesson.minutes).toBeLessThan(5);
      expect(lesson.steps.length).toBeGreaterThanOrEqual(2);
      const notes = readFileSync(join(lessonsDir(), lesson.notes), 'utf8');
      for (const section of ['## The idea', '## Predict, observe, explain', '## Common misconceptions', '## What the model simplifies']) expect(notes, `${name}: ${section}`).toContain(section);
      // The notes a teacher prints say what the lesson says.
      expect(notes).toContain(`Exhibit: \`exhibits/${lesson.exhibit}\` · about ${lesson.minutes} minutes`);
      for (const step of lesson.steps) for (const words of [step.prompt, step.do, step.notice, step.why]) expect(notes, `${name}: ${words}`).toContain(words);
    }
  });

  test('a broken lesson file is refused with every problem by JSON path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lessons-'));
    const good = JSON.parse(readFileSync(join(lessonsDir(), 'injury-and-recovery.json'), 'utf8')) as Record<string, unknown> & { steps: Array<Record<string, unknown>> };
    good.minutes = 12;
    good.steps[0]!.done = { press: 'C', times: 0 };
    good.steps[1]!.done = { state: [{ synapse: 'A->Z', gone: true }, { synapse: 'B->C', stronger: 10, mostlyBy: ['explosion'], since: 'action' }, { synapse: 'A->C', gone: true }] };
    good.steps[1]!.notice = 'The Light synapse turns warm.';
    writeFileSync(join(dir, 'broken.json'), JSON.stringify(good));
    writeFileSync(join(dir, 'injury-and-recovery.md'), '# notes');
    let error: unknown;
    try {
      loadLesson('broken', dir);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InvalidDocumentError);
    const message = (error as Error).message;
    for (const path of ['minutes:', 'steps[0].done.press: "C" is not a button', 'steps[0].done.times:', 'steps[1].done.state[0].synapse: "A->Z"', 'steps[1].done.state[1].mostlyBy[0]: unknown cause "explosion"', 'steps[1].done.state[1].since: may only be used in an action\'s "then"', 'steps[1].done.for: must be at least 1.5 s']) expect(message).toContain(path);
  });
});

describe('steps complete from what happened and what is so, never from time or an event', () => {
  const step = (done: StepDone) => ({ prompt: 'p', do: 'd', notice: 'n', why: 'w', done, student: { actions: [] } });
  const lessonOf = (...dones: StepDone[]) => new LessonProgress({ name: 't', title: 'T', idea: 'i', exhibit: 'default.json', minutes: 1, notes: 't.md', steps: dones.map(step) });
  const look = (tMs: number, efficacy: Record<string, number>, gone: string[] = []): StoryView => ({
    tMs,
    synapses: Object.fromEntries(Object.entries(efficacy).map(([id, e]) => [id, { efficacy: e, contacts: 3, exists: !gone.includes(id), early: 0, late: 0, release: 0.5, receptors: 1, reference: 1, referenceContacts: 3, referenceRelease: 0.5, referenceReceptors: 1, causes: CAUSES.map(() => 0) }])),
    neurons: {},
  });

  test('presses, two taps, holds, chords and the dial', () => {
    const progress = lessonOf({ press: 'A', times: 2 }, { twoTaps: 'A', maxGapMs: 200 }, { hold: 'A', ms: 1000 }, { together: ['A', 'B'], withinMs: 50, times: 2 }, { age: 'below', value: 0.2 });
    const press = (target: string, atMs: number) => progress.onInput({ kind: 'press', target, atMs });
    expect(press('A', 0)).toBe(false);
    expect(press('A', 5000)).toBe(true);
    expect(press('A', 6000)).toBe(false);
    expect(press('A', 6500)).toBe(false);
    expect(press('A', 6600)).toBe(true);
    press('A', 7000);
    expect(progress.onInput({ kind: 'release', target: 'A', atMs: 7400 })).toBe(false);
    press('A', 8000);
    expect(progress.onInput({ kind: 'release', target: 'A', atMs: 9100 })).toBe(true);
    press('A', 10_000);
    // Too far apart to be a chord; then the first of the two chords.
    expect(press('B', 10_100)).toBe(false);
    expect(press('A', 11_000)).toBe(false);
    expect(press('B', 11_030)).toBe(false);
    press('A', 12_000);
    expect(press('B', 12_030)).toBe(true);
    expect(progress.onInput({ kind: 'age', age: 0.5, atMs: 13_000 })).toBe(false);
    expect(progress.onInput({ kind: 'age', age: 0.1, atMs: 13_500 })).toBe(true);
    expect(progress.state()).toMatchObject({ finished: true, step: 5 });
  });

  test('a state step waits until its checks hold, for as long as it asks', () => {
    const progress = lessonOf({ state: [{ synapse: 'A->C', stronger: 10 }, { synapse: 'B->C', gone: true }], forMs: 1000 });
    expect(progress.onSample(look(0, { 'A->C': 1.2, 'B->C': 1 }))).toBe(false);
    expect(progress.onSample(look(200, { 'A->C': 1.2, 'B->C': 0 }, ['B->C']))).toBe(false);
    // It stopped holding: the wait starts again.
    expect(progress.onSample(look(400, { 'A->C': 1.05, 'B->C': 0 }, ['B->C']))).toBe(false);
    expect(progress.onSample(look(600, { 'A->C': 1.15, 'B->C': 0 }, ['B->C']))).toBe(false);
    expect(progress.onSample(look(1400, { 'A->C': 1.15, 'B->C': 0 }, ['B->C']))).toBe(false);
    expect(progress.onSample(look(1600, { 'A->C': 1.15, 'B->C': 0 }, ['B->C']))).toBe(true);
    expect(progress.state().steps[0]!.seenAtMs).toBe(1600);
  });

  test('an action with "then" completes only when what it did shows in the moment after it; otherwise it is to be done again', () => {
    const progress = lessonOf({ press: 'A', times: 1, then: [{ synapse: 'A->C', stronger: 10 }] });
    expect(progress.onInput({ kind: 'press', target: 'A', atMs: 100 })).toBe(false);
    expect(progress.onSample(look(200, { 'A->C': 1.02 }))).toBe(false);
    // Past the moment after the press, a change does not complete it: the press did not do it.
    expect(progress.onSample(look(100 + THEN_WINDOW_MS + 100, { 'A->C': 1.3 }))).toBe(false);
    expect(progress.onInput({ kind: 'press', target: 'A', atMs: 2000 })).toBe(false);
    expect(progress.onSample(look(2200, { 'A->C': 1.05 }))).toBe(false);
    // What a press does takes a moment to show (the target's spikes follow it).
    expect(progress.onSample(look(2400, { 'A->C': 1.3 }))).toBe(true);
  });

  test('"since": "action" measures what the action itself did, from the last look before it', () => {
    const progress = lessonOf({ hold: 'A', ms: 300, then: [{ synapse: 'A->C', same: true, since: 'action' }] }, { hold: 'A', ms: 300, then: [{ synapse: 'A->C', stronger: 25, since: 'action' }] });
    // Already 40% above its reference before the hold; the hold leaves it there: the same, since the action.
    progress.onSample(look(0, { 'A->C': 1.4 }));
    progress.onInput({ kind: 'press', target: 'A', atMs: 100 });
    progress.onInput({ kind: 'release', target: 'A', atMs: 600 });
    expect(progress.onSample(look(800, { 'A->C': 1.42 }))).toBe(true);
    // Now the hold must make it a quarter stronger than just before it, not than its reference.
    progress.onInput({ kind: 'press', target: 'A', atMs: 1000 });
    progress.onInput({ kind: 'release', target: 'A', atMs: 1500 });
    expect(progress.onSample(look(1600, { 'A->C': 1.6 }))).toBe(false);
    expect(progress.onSample(look(1800, { 'A->C': 1.8 }))).toBe(true);
  });

  test('release and receptors: a synapse\'s presynaptic and postsynaptic sides against their reference', () => {
    const view = (release: number, receptors: number): StoryView => {
      const v = look(0, { 'A->C': 1 });
      Object.assign(v.synapses['A->C']!, { release, receptors });
      return v;
    };
    expect(holds({ synapse: 'A->C', release: 'higher' }, view(0.6, 1))).toBe(true);
    expect(holds({ synapse: 'A->C', release: 'same' }, view(0.51, 0.8))).toBe(true);
    expect(holds({ synapse: 'A->C', receptors: 'lower' }, view(0.51, 0.8))).toBe(true);
    expect(holds({ synapse: 'A->C', receptors: 'same' }, view(0.5, 0.9))).toBe(false);
  });

  test('a notice may claim only what its checks back', () => {
    expect(unbackedWords('Touch releases more transmitter, and Move has more receptors.', [{ synapse: 'A->C', release: 'higher' }])).toEqual(['more receptors']);
    expect(unbackedWords('Light → Move turns cool: fewer receptors, and its release does not change.', [{ synapse: 'B->C', weaker: 5 }, { synapse: 'B->C', receptors: 'lower' }, { synapse: 'B->C', release: 'same' }])).toEqual([]);
    expect(unbackedWords('It hardly changes.', [{ synapse: 'A->C', stronger: 5 }])).toEqual(['hardly changes']);
  });
});

describe('neuron-kit lesson', () => {
  test('lists the lessons; an unknown one is a usage error naming them', async () => {
    const list = capture();
    await expect(main(['lesson'], list.out)).resolves.toBe(0);
    expect(list.lines).toHaveLength(8);
    const bad = capture();
    await expect(main(['lesson', 'juggling'], bad.out)).resolves.toBe(2);
    expect(bad.errors.join('\n')).toMatch(/no lesson "juggling"[\s\S]*use-it-or-lose-it/);
  });

  test.each(['development-vs-adulthood'])('%s played by its scripted student on the twin: --json shows every notice true of the model and the decoded strip', async (name) => {
    const run = capture();
    const code = await main(['lesson', name, '--board', 'emulated', '--fast', '--no-web', '--for', '2min', '--json'], run.out);
    expect(run.errors).toEqual([]);
    expect(code).toBe(0);
    const result = JSON.parse(run.lines.join('\n')) as LessonResult;
    const { lesson } = loadLesson(name);
    expect(result).toMatchObject({ version: 1, lesson: name, board: 'emulated', completed: true });
    expect(result.steps).toHaveLength(lesson.steps.length);
    expect(result.duration).toBeLessThan(120);
    expect(result.steps.flatMap(stepDisagreements)).toEqual([]);
  }, 120_000);

  test('a trial without --json says each step as it is seen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lesson-script-'));
    // Taps far apart: step 1 is seen; step 2 (two quick taps) is not.
    writeFileSync(join(dir, 'script.json'), JSON.stringify([{ at: '1s', tap: 'A' }, { at: '3s', tap: 'A' }]));
    const run = capture();
    const code = await main(['lesson', 'paired-pulse-facilitation', '--board', 'emulated', '--fast', '--no-web', '--for', '4s', '--script', join(dir, 'script.json')], run.out);
    expect(code).toBe(0);
    expect(run.lines.join('\n')).toContain('✓ Step 1 seen');
    expect(run.lines.join('\n')).not.toContain('✓ Step 2 seen');
    expect(run.lines.at(-1)).toMatch(/^Stopped after 4\.\d s of board time, at step 2\.$/);
  }, 120_000);
});
