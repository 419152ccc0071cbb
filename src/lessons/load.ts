import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import createDebug from 'debug';
import { bundled } from '../package-files.js';
import { readExhibit, type Exhibit } from '../exhibit/index.js';
import { Problems } from '../experiment/problems.js';
import { lessonContext, readLesson } from './read.js';
import type { Lesson } from './types.js';

const log = createDebug('neuron-kit:lessons');

/** The bundled lessons' folder. */
export function lessonsDir(): string {
  return bundled('lessons');
}

/** A lesson name that is not a bundled lesson. */
export class UnknownLessonError extends Error {
  constructor(
    readonly lesson: string,
    readonly known: string[],
  ) {
    super(`There is no lesson "${lesson}".`);
    this.name = 'UnknownLessonError';
  }
}

/** Names of the bundled lessons (lessons/*.json), sorted. */
export function lessonNames(dir = lessonsDir()): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort() : [];
}

/**
 * Reads and checks a bundled lesson against its exhibit: every problem is named by JSON path
 * (`steps[2].done.press: "C" is not a button…`), and the teacher notes must exist.
 */
export function loadLesson(name: string, dir = lessonsDir()): { lesson: Lesson; exhibit: Exhibit; exhibitPath: string } {
  const known = lessonNames(dir);
  if (!known.includes(name)) throw new UnknownLessonError(name, known);
  const doc = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as unknown;
  let exhibit: Exhibit | undefined;
  let exhibitPath = '';
  const lesson = readLesson(doc, name, (file: string, path: string, problems: Problems) => {
    exhibitPath = bundled('exhibits', file);
    if (!/^[\w.-]+\.json$/.test(file) || !existsSync(exhibitPath)) {
      problems.add(path, `"${file}" is not a bundled exhibit; use one of ${readdirSync(bundled('exhibits')).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json')).join(', ')}`);
      return undefined;
    }
    exhibit = readExhibit(JSON.parse(readFileSync(exhibitPath, 'utf8')) as unknown);
    return lessonContext(exhibit);
  });
  if (!existsSync(join(dir, lesson.notes))) {
    const problems = new Problems();
    problems.add('notes', `the teacher notes ${lesson.notes} are not in ${dir}`);
    problems.throwIfAny(`The lesson "${name}"`);
  }
  return { lesson, exhibit: exhibit!, exhibitPath };
}

/** The bundled lessons that run on an exhibit of this name (the page offers these). */
export function lessonsFor(exhibitName: string, dir = lessonsDir()): Lesson[] {
  return lessonNames(dir).flatMap((name) => {
    const { lesson, exhibit } = loadLesson(name, dir);
    return exhibit.name === exhibitName ? [lesson] : [];
  });
}

/** The bundled lessons for this exhibit; none when they cannot be read (the exhibit runs on without them). */
export function offeredLessonsFor(exhibitName: string): Lesson[] {
  try {
    return lessonsFor(exhibitName);
  } catch (err) {
    log('lessons not offered: %s', (err as Error).message);
    return [];
  }
}
