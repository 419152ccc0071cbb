import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.js';
import { loadLesson, lessonNames, lessonsDir } from '../../src/lessons/load.js';
import { LessonProgress } from '../../src/lessons/progress.js';
import { InvalidDocumentError } from '../../src/protocol/problems.js';
import { CAUSES } from '../../src/model/index.js';
import type { StepDone } from '../../src/lessons/types.js';
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
    }
  });

  test('a broken lesson file is refused with every problem by JSON path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lessons-'));
    const good = JSON.parse(readFileSync(join(lessonsDir(), 'injury-and-recovery.json'), 'utf8')) as Record<string, unknown> & { steps: Array<Record<string, unknown>> };
    good.minutes = 12;
    good.steps[0]!.done = { press: 'C', times: 0 };
    good.steps[1]!.done = { state: [{ synapse: 'A->Z', gone: true }, { synapse: 'B->C', stronger: 10, mostlyBy: ['explosion'] }] };
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
    for (const path of ['minutes:', 'steps[0].done.press: "C" is not a button', 'steps[0].done.times:', 'steps[1].done.state[0].synapse: "A->Z"', 'steps[1].done.state[1].mostlyBy[0]: unknown cause "explosion"']) expect(message).toContain(path);
  });
});

describe('steps complete from what happened and what is so, never from time or an event', () => {
  const step = (done: StepDone) => ({ prompt: 'p', do: 'd', notice: 'n', why: 'w', done, student: { actions: [] } });
  const lessonOf = (...dones: StepDone[]) => new LessonProgress({ name: 't', title: 'T', idea: 'i', exhibit: 'default.json', minutes: 1, notes: 't.md', steps: dones.map(step) });
  const look = (tMs: number, efficacy: Record<string, number>, gone: string[] = []): StoryView => ({
    tMs,
    synapses: Object.fromEntries(Object.entries(efficacy).map(([id, e]) => [id, { efficacy: e, contacts: 3, exists: !gone.includes(id), early: 0, late: 0, reference: 1, referenceContacts: 3, causes: CAUSES.map(() => 0) }])),
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

  test('an action with "then" completes only when what it did shows; otherwise it is to be done again', () => {
    const progress = lessonOf({ press: 'A', times: 1, then: [{ synapse: 'A->C', stronger: 10 }] });
    expect(progress.onInput({ kind: 'press', target: 'A', atMs: 100 })).toBe(false);
    expect(progress.onSample(look(200, { 'A->C': 1.02 }))).toBe(false);
    // A later look does not complete it: the press did not do it.
    expect(progress.onSample(look(400, { 'A->C': 1.3 }))).toBe(false);
    expect(progress.onInput({ kind: 'press', target: 'A', atMs: 500 })).toBe(false);
    expect(progress.onSample(look(600, { 'A->C': 1.3 }))).toBe(true);
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

  test.each([
    ['paired-pulse-facilitation', [{ at: '1s', tap: 'A' }, { at: '1.5s', tap: 'A' }, { at: '1.65s', tap: 'A' }, { at: '2s', tap: 'A' }, { at: '4.1s', tap: 'A' }], '4.5s'],
  ])('%s played to its end by scripted presses on the twin', async (name, script, forTime) => {
    const dir = mkdtempSync(join(tmpdir(), 'lesson-script-'));
    writeFileSync(join(dir, 'script.json'), JSON.stringify(script));
    const run = capture();
    const code = await main(['lesson', name, '--board', 'emulated', '--fast', '--no-web', '--for', forTime, '--script', join(dir, 'script.json')], run.out);
    expect(run.errors.filter((l) => !l.startsWith('Page:'))).toEqual([]);
    expect(code).toBe(0);
    const { lesson } = loadLesson(name);
    for (let i = 1; i <= lesson.steps.length; i++) expect(run.lines.join('\n')).toContain(`✓ Step ${i} seen`);
    expect(run.lines).toContain(`Lesson complete: all ${lesson.steps.length} steps were seen on the exhibit.`);
  }, 120_000);
});
