import { bundled } from '../../src/package-files.js';
import { loadExhibit, type Exhibit } from '../../src/exhibit/index.js';
import type { ExhibitEvent } from '../../src/runtime/events.js';
import { runSession, type RunResult, type Session } from '../../src/runtime/session.js';
import { startWeb, type WebOptions, type WebServer } from '../../src/web/index.js';

/** Board time after the runtime starts before the tests act, ms. */
const SETTLE_MS = 500;

export interface LiveWeb {
  exhibit: Exhibit;
  session: Session;
  web: WebServer;
  /** Ends the session; resolves with its result once the twin stopped. */
  stop(): Promise<RunResult>;
}

/**
 * Runs the bundled exhibit on the twin (fast, board time) with the web page served on a free port;
 * with `lifecycle`, as `neuron-kit run` does, with visits, rest and attract mode (their events to
 * `onEvent`); `exhibitFile` for another exhibit than the default.
 */
export async function startLiveWeb(
  options: WebOptions = {},
  { lifecycle = false, onEvent, exhibitFile = bundled('exhibits', 'default.json') }: { lifecycle?: boolean; onEvent?: (e: ExhibitEvent) => void; exhibitFile?: string } = {},
): Promise<LiveWeb> {
  const exhibit = await loadExhibit(exhibitFile);
  const abort = new AbortController();
  let started!: (v: { session: Session; web: WebServer }) => void;
  let failed!: (err: unknown) => void;
  const ready = new Promise<{ session: Session; web: WebServer }>((resolve, reject) => {
    started = resolve;
    failed = reject;
  });
  const run = runSession({
    exhibit,
    board: 'emulated',
    fast: true,
    lifecycle,
    ...(onEvent ? { onEvent } : {}),
    signal: abort.signal,
    onStart: (session) => {
      startWeb(session, exhibit, { port: 0, ...options }).then((web) => started({ session, web }), failed);
    },
  });
  run.catch(failed);
  const { session, web } = await ready;
  // Right after start the board is still busy setting up input reporting and sending the first
  // frames: a press in those first milliseconds is not reported. A visitor is never that quick.
  await boardTime(session, session.runtime.startMs + SETTLE_MS);
  return {
    exhibit,
    session,
    web,
    stop: async () => {
      abort.abort();
      const result = await run;
      await web.close();
      return result;
    },
  };
}

/** Resolves once board time has reached `atMs` (the twin keeps running meanwhile). */
export function boardTime(session: Session, atMs: number): Promise<void> {
  return new Promise((resolve) => session.kit.clock.schedule(atMs, resolve));
}
