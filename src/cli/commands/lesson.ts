import { relative } from 'node:path';
import { loadLesson, lessonNames, lessonsDir, UnknownLessonError } from '../../lessons/load.js';
import type { LessonState } from '../../lessons/types.js';
import { readScript } from '../../runtime/script.js';
import type { Session } from '../../runtime/session.js';
import { superviseSession } from '../../runtime/supervise.js';
import { Feed, startWeb, type WebServer } from '../../web/index.js';
import { UsageError } from '../errors.js';
import { parseBoardAndDuration, parsePort } from '../run-args.js';
import { readJsonFile } from '../files.js';
import type { Output } from '../output.js';
import { packageRoot } from '../paths.js';
import { attachTerminalView } from '../terminal-view.js';
import { parseSeed } from './simulate.js';

export interface LessonOptions {
  board?: string;
  script?: string;
  for?: string;
  fast?: boolean;
  web?: boolean;
  port?: string;
  seed?: string;
  signal?: AbortSignal;
  stop?: () => void;
  tty?: boolean;
}

/** The lines the terminal prints when a lesson moves on: what was seen, then what to do next. */
export function lessonLines(before: LessonState | null, now: LessonState): string[] {
  const lines: string[] = [];
  for (let i = before?.step ?? 0; i < now.step; i++) {
    const s = now.steps[i]!;
    const at = s.seenAtMs === undefined ? '' : ` (board time ${(s.seenAtMs / 1000).toFixed(1)} s)`;
    lines.push(`  ✓ Step ${i + 1} seen${at}: ${s.notice}`, `    Why: ${s.why}`);
  }
  const next = now.steps[now.step];
  if (next) lines.push(`Step ${now.step + 1} of ${now.steps.length}: ${next.prompt}`, `    Do: ${next.do}`);
  else lines.push(`Lesson complete: all ${now.steps.length} steps were seen on the exhibit.`);
  return lines;
}

/**
 * `neuron-kit lesson [NAME]`: without a name, the lessons; with one, runs its exhibit with the lesson
 * on (the terminal, and the pages at / and /docent, follow its steps as the exhibit sees them).
 */
export async function lessonCommand(name: string | undefined, opts: LessonOptions, out: Output): Promise<void> {
  if (name === undefined) {
    for (const n of lessonNames()) {
      const { lesson } = loadLesson(n);
      out.log(`${n.padEnd(30)} ${lesson.title} (${lesson.minutes} min): ${lesson.idea}`);
    }
    return;
  }
  let loaded: ReturnType<typeof loadLesson>;
  try {
    loaded = loadLesson(name);
  } catch (err) {
    if (err instanceof UnknownLessonError) throw new UsageError(err.message, `The lessons: ${err.known.join(', ')} (\`neuron-kit lesson\` lists them).`);
    throw err;
  }
  const { lesson, exhibit } = loaded;
  const { board, forMs } = parseBoardAndDuration(opts);
  const webPort = parsePort(opts.port, 8080);
  const script = opts.script === undefined ? undefined : readScript(await readJsonFile(opts.script, 'Script'), exhibit);

  out.log(`Lesson: ${lesson.title} (about ${lesson.minutes} minutes, on the exhibit "${exhibit.name}")`);
  out.log(`The idea: ${lesson.idea}`);
  out.log(`Teacher notes: ${relative(packageRoot(), `${lessonsDir()}/${lesson.notes}`)}`);
  let state: LessonState | null = null;
  // One page server and one feed per connected session: after a reconnect the next replaces the last.
  let web: Promise<WebServer | null> = Promise.resolve(null);
  let feed: Feed | null = null;
  const result = await superviseSession({
    exhibit,
    board,
    ...(script ? { script } : {}),
    ...(forMs !== undefined ? { forMs } : {}),
    fast: opts.fast === true,
    seed: parseSeed(opts.seed),
    ...(opts.signal ? { signal: opts.signal } : {}),
    onReconnecting: (why: string) => out.error(`${why}; trying again in 2 s (Ctrl-C stops)…`),
    onStart: (session: Session) => {
      // The terminal follows its own feed of the session, so it needs no page.
      feed?.stop();
      state = null;
      feed = new Feed(session, exhibit, () => {}, { lessons: [lesson], lesson: lesson.name });
      feed.onLesson = (now) => {
        if (!now) return;
        for (const line of lessonLines(state, now)) out.log(line);
        state = now;
      };
      feed.start();
      feed.onLesson(feed.lessonState());
      if (opts.tty) attachTerminalView(session, exhibit, opts.stop ?? (() => {}), []);
      if (opts.web === false) return;
      web = web.then(async (previous) => {
        await previous?.close();
        const server = await startWeb(session, exhibit, { port: webPort, lessons: [lesson], lesson: lesson.name, ...(opts.signal ? { signal: opts.signal } : {}) });
        if (!previous) out.error(`Page: ${server.url} (the docent view: ${new URL('/docent', server.url).href})`);
        return server;
      }).catch((err: Error & { code?: string }) => {
        out.error(err.code === 'EADDRINUSE' ? `The page could not start: port ${webPort} is in use (try --port 0).` : `The page could not start: ${err.message}`);
        return null;
      });
    },
  });
  (feed as Feed | null)?.stop();
  await (await web)?.close();
  const finished = (state as LessonState | null)?.finished === true;
  out.log(finished ? `Done in ${result.duration.toFixed(1)} s of board time.` : `Stopped after ${result.duration.toFixed(1)} s of board time, at step ${((state as LessonState | null)?.step ?? 0) + 1}.`);
}
