import { relative } from 'node:path';
import { wireToRgb } from '../../wire/index.js';
import type { Exhibit } from '../../exhibit/types.js';
import { boardOf } from '../../exhibit/types.js';
import { loadLesson, lessonNames, lessonsDir, UnknownLessonError } from '../../lessons/load.js';
import { LessonRecorder } from '../../lessons/record.js';
import { isFlashing } from '../../render/index.js';
import { Student } from '../../lessons/student.js';
import type { LessonState } from '../../lessons/types.js';
import { readScript, type VisitorAction } from '../../runtime/script.js';
import type { Session } from '../../runtime/session.js';
import { superviseSession } from '../../runtime/supervise.js';
import { Feed, startWeb, type WebServer } from '../../web/index.js';
import { UsageError } from '../errors.js';
import { parseBoardAndDuration, parsePort } from '../run-args.js';
import { readJsonFile } from '../files.js';
import type { Output } from '../output.js';
import { packageRoot } from '../../package-files.js';
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
  json?: boolean;
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

/** What each strip shows now, `[r, g, b]` after gamma in logical order (null: nothing latched yet). */
function framesOf(session: Session, exhibit: Exhibit): Array<Array<[number, number, number]> | null> {
  return exhibit.strips.map((s) => {
    const shown = session.side.leds.lastFrame(s.pin, boardOf(s));
    return shown ? wireToRgb(shown.bytes, s.order) : null;
  });
}

/** A visitor action done on the session's inputs (the twin's pins, or the runtime on a real board). */
function actOn(session: Session): (a: VisitorAction) => void {
  return (a) => {
    if (a.kind === 'dial') session.side.inputs.turn(a.channel, a.fraction);
    else if (a.pressed) session.side.inputs.press(a.target, a.pin);
    else session.side.inputs.release(a.target, a.pin);
  };
}

/** When the strips are looked at as the lesson's start, board ms after it: a few frames in. */
const START_LOOK_MS = 250;

/**
 * `neuron-kit lesson [NAME]`: without a name, the lessons; with one, runs its exhibit with the lesson
 * on (the terminal, and the pages at / and /docent, follow its steps as the exhibit sees them). A
 * timed trial (`--for`) plays the lesson's own scripted student unless `--script` gives other visitor
 * actions, ends once the lesson is complete, and with `--json` prints what each step showed.
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
  if (opts.json && forMs === undefined) throw new UsageError('--json prints what the lesson showed at the end of a trial: give --for too (e.g. --for 5min).');
  const webPort = parsePort(opts.port, 8080);
  const script = opts.script === undefined ? undefined : readScript(await readJsonFile(opts.script, 'Script'), exhibit);
  // A timed trial with no visitor script is played by the lesson's own student.
  const student = forMs !== undefined && script === undefined;
  const say = opts.json ? () => {} : (line: string) => out.log(line);

  say(`Lesson: ${lesson.title} (about ${lesson.minutes} minutes, on the exhibit "${exhibit.name}")`);
  say(`The idea: ${lesson.idea}`);
  say(`Teacher notes: ${relative(packageRoot(), `${lessonsDir()}/${lesson.notes}`)}`);
  if (student) say('Played by the lesson\'s scripted student.');
  let state: LessonState | null = null;
  const recorder = new LessonRecorder(lesson, exhibit);
  // A trial ends once the lesson is complete (--for is its longest).
  const complete = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, complete.signal]) : complete.signal;
  let playing: Student | null = null;
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
    // A trial is one long visit, as a scripted run is; the exhibit itself has its visits.
    ...(forMs !== undefined ? { lifecycle: false } : {}),
    signal,
    onReconnecting: (why: string) => out.error(`${why}; trying again in 2 s (Ctrl-C stops)…`),
    onStart: (session: Session) => {
      // The terminal follows its own feed of the session, so it needs no page.
      feed?.stop();
      playing?.stop();
      state = null;
      session.exhibition.lessonRunning = true;
      const clock = session.runtime.clock;
      feed = new Feed(session, exhibit, () => {}, { lessons: [lesson], lesson: lesson.name });
      const flashing = (id: string) => isFlashing(exhibit, session.runtime.model.animation, id, clock.now());
      recorder.start(clock.now());
      // The strips show the exhibit from their first frames on: the lesson's start is looked at then.
      clock.schedule(clock.now() + START_LOOK_MS, () => recorder.lookAtStart(framesOf(session, exhibit), flashing));
      playing = student ? new Student(lesson, (atMs, fn) => clock.schedule(atMs, fn), actOn(session)) : null;
      feed.onLesson = (now) => {
        if (!now) return;
        for (const line of lessonLines(state, now)) say(line);
        for (let i = state?.step ?? 0; i < now.step; i++) recorder.seen(i, now.steps[i]!.seenAtMs!, session.runtime.model.storyView(), framesOf(session, exhibit), flashing);
        if (state === null || now.step > state.step) playing?.begin(now.step, clock.now());
        state = now;
        if (now.finished && forMs !== undefined) complete.abort();
      };
      feed.start();
      feed.onLesson(feed.lessonState());
      if (opts.tty && !opts.json) attachTerminalView(session, exhibit, opts.stop ?? (() => {}), []);
      if (opts.web === false || opts.json) return;
      web = web.then(async (previous) => {
        await previous?.close();
        const server = await startWeb(session, exhibit, { port: webPort, lessons: [lesson], lesson: lesson.name, signal });
        if (!previous) out.error(`Page: ${server.url} (the docent view: ${new URL('/docent', server.url).href})`);
        return server;
      }).catch((err: Error & { code?: string }) => {
        out.error(err.code === 'EADDRINUSE' ? `The page could not start: port ${webPort} is in use (try --port 0).` : `The page could not start: ${err.message}`);
        return null;
      });
    },
  });
  (playing as Student | null)?.stop();
  (feed as Feed | null)?.stop();
  await (await web)?.close();
  if (opts.json) {
    out.log(JSON.stringify(recorder.result({ board: result.board, duration: result.duration, synapses: result.synapses })));
    return;
  }
  const finished = (state as LessonState | null)?.finished === true;
  out.log(finished ? `Done in ${result.duration.toFixed(1)} s of board time.` : `Stopped after ${result.duration.toFixed(1)} s of board time, at step ${((state as LessonState | null)?.step ?? 0) + 1}.`);
}
