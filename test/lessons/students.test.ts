import { describe, expect, test } from 'vitest';
import { loadLesson, lessonNames } from '../../src/lessons/load.js';
import { stepDisagreements } from '../helpers/lesson-truth.js';
import { rehearse } from '../helpers/rehearse.js';

/**
 * Every bundled lesson played by its scripted student on the model and the renderer (the twin test
 * below plays one on the emulated board): the lesson completes within its minutes, and when each step
 * was seen, what its notice claims is so on the model's numbers and on the strip's pixels. A student
 * who does nothing completes none of it.
 */
describe.each(lessonNames())('the lesson %s', (name) => {
  const { lesson, exhibit } = loadLesson(name);
  const untilMs = lesson.minutes * 60_000;

  test.each([1, 2])('its student completes it within its minutes, every notice true of the model and the strip when seen (seed %i)', (seed) => {
    const r = rehearse(lesson, exhibit, untilMs, { seed });
    expect(r.progress.finished, `steps seen: ${r.seen.length} of ${lesson.steps.length}`).toBe(true);
    expect(r.result.steps.flatMap(stepDisagreements)).toEqual([]);
  });

  test('a student who does nothing does not complete it', () => {
    const r = rehearse(lesson, exhibit, untilMs, { student: false });
    expect(r.progress.finished).toBe(false);
  });
});
