import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.js';
import { loadLesson, lessonNames, lessonsDir } from '../../src/lessons/load.js';
import { LessonProgress } from '../../src/lessons/progress.js';
import { InvalidDocumentError } from '../../src/protocol/problems.js';

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
    good.steps[1]!.done = { event: ['cut', 'explosion'], subject: 'A->Z' };
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
    for (const path of ['minutes:', 'steps[0].done.press: "C" is not a button', 'steps[0].done.times:', 'steps[1].done.event[1]: unknown event "explosion"', 'steps[1].done.subject: "A->Z"']) expect(message).toContain(path);
  });
});

describe('steps complete from what happened, never from time', () => {
  test('presses, two taps, holds, chords, the dial and model events', () => {
    const progress = new LessonProgress({
      name: 't', title: 'T', idea: 'i', exhibit: 'default.json', minutes: 1, notes: 't.md',
      steps: [
        { prompt: 'p', do: 'd', notice: 'n', why: 'w', done: { press: 'A', times: 2 } },
        { prompt: 'p', do: 'd', notice: 'n', why: 'w', done: { twoTaps: 'A', maxGapMs: 200 } },
        { prompt: 'p', do: 'd', notice: 'n', why: 'w', done: { hold: 'A', ms: 1000 } },
        { prompt: 'p', do: 'd', notice: 'n', why: 'w', done: { together: ['A', 'B'], withinMs: 50, times: 2 } },
        { prompt: 'p', do: 'd', notice: 'n', why: 'w', done: { age: 'below', value: 0.2 } },
        { prompt: 'p', do: 'd', notice: 'n', why: 'w', done: { event: ['cut'], subject: 'A->C' } },
      ],
    });
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
    expect(progress.onCaption({ tMs: 14_000, kind: 'cut', text: '', plain: '', subject: 'B->C' })).toBe(false);
    expect(progress.onCaption({ tMs: 14_000, kind: 'pruned-disuse', text: '', plain: '', subject: 'A->C' })).toBe(false);
    expect(progress.onCaption({ tMs: 14_000, kind: 'cut', text: '', plain: '', subject: 'A->C' })).toBe(true);
    expect(progress.state()).toMatchObject({ finished: true, step: 6 });
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
