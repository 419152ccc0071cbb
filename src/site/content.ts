import { exhibits, lessons } from 'neuron-kit:content';
import { readExhibit } from '../exhibit/read.js';
import type { Exhibit } from '../exhibit/types.js';
import { lessonContext, readLesson } from '../lessons/read.js';
import type { Lesson } from '../lessons/types.js';

/** The exhibit the site opens with, as `neuron-kit run` does. */
export const DEFAULT_EXHIBIT = 'default';

/** The bundled exhibits' names, the default first. */
export function exhibitNames(): string[] {
  return Object.keys(exhibits).sort((a, b) => (a === DEFAULT_EXHIBIT ? -1 : b === DEFAULT_EXHIBIT ? 1 : a.localeCompare(b)));
}

/** A bundled exhibit, checked as the command line checks a file. */
export function bundledExhibit(name: string): Exhibit {
  const doc = exhibits[name];
  if (doc === undefined) throw new RangeError(`there is no bundled exhibit "${name}": use one of ${exhibitNames().join(', ')}`);
  return readExhibit(doc);
}

/** The bundled lessons that run on an exhibit of this name (lessons name their exhibit by file). */
export function lessonsFor(exhibitName: string): Lesson[] {
  const found: Lesson[] = [];
  for (const [name, doc] of Object.entries(lessons)) {
    let exhibit: Exhibit | undefined;
    const lesson = readLesson(doc, name, (file) => {
      const base = file.replace(/\.json$/, '');
      if (exhibits[base] === undefined) return undefined;
      exhibit = readExhibit(exhibits[base]);
      return lessonContext(exhibit);
    });
    if (exhibit?.name === exhibitName) found.push(lesson);
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}
