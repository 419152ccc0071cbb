import { access } from 'node:fs/promises';
import { loadExhibit } from '../../exhibit/index.js';
import { parseDurationMs } from '../../protocol/duration.js';
import { hasOwn } from '../../protocol/names.js';
import { PALETTES, type PaletteName } from '../../render/index.js';
import { readScript } from '../../runtime/script.js';
import type { Session } from '../../runtime/session.js';
import { superviseSession } from '../../runtime/supervise.js';
import { defaultStateDir } from '../../state/checkpoint.js';
import { UsageError } from '../errors.js';
import { readJsonFile } from '../files.js';
import type { Output } from '../output.js';
import { bundled } from '../paths.js';
import { parseSeed } from './simulate.js';
import { attachTerminalView } from '../terminal-view.js';
import { startWeb, type WebServer } from '../../web/index.js';
import { openInBrowser } from './web-open.js';

export interface RunOptions {
  board?: string;
  exhibit?: string;
  script?: string;
  for?: string;
  fast?: boolean;
  json?: boolean;
  web?: boolean;
  palette?: string;
  seed?: string;
  hex?: string;
  firmware?: string;
  port?: string;
  host?: string;
  token?: string;
  /** Folder for the exhibit's saved state; false (`--no-state`): none. Default: the user's state folder for an open-ended run. */
  state?: string | false;
  signal?: AbortSignal;
  /** Ends the run early (the live view's q key). */
  stop?: () => void;
  /** Whether stdout is a terminal (for the live view). */
  tty?: boolean;
}

/** `neuron-kit run` (specs/run.md): the exhibit itself, optionally scripted and reported as JSON. */
export async function runCommand(opts: RunOptions, out: Output): Promise<void> {
  const exhibitPath = opts.exhibit ?? bundled('exhibits', 'default.json');
  const exhibit = await loadExhibit(exhibitPath);
  const board = opts.board ?? 'auto';
  if (opts.fast && board !== 'emulated') throw new UsageError('--fast needs --board emulated: only the emulated board can run faster than real time.');
  let forMs: number | undefined;
  if (opts.for !== undefined) {
    const d = parseDurationMs(/^\d+(\.\d+)?$/.test(opts.for) ? Number(opts.for) : opts.for);
    if ('error' in d || !(d.ms > 0)) throw new UsageError(`--for ${'error' in d ? d.error : 'must be longer than 0'}`, 'Give a board time like 60s, 5min or 90.');
    forMs = d.ms;
  }
  if (opts.json && forMs === undefined) throw new UsageError('--json prints the result at the end of the run: give --for too (e.g. --for 60s).');
  const palette = (opts.palette ?? 'default') as PaletteName;
  if (!hasOwn(PALETTES, palette)) throw new UsageError(`--palette must be one of ${Object.keys(PALETTES).join(', ')}, got "${opts.palette}"`);
  const firmware = opts.firmware ?? 'kit';
  if (firmware !== 'kit' && firmware !== 'stock') throw new UsageError(`--firmware must be kit or stock, got "${opts.firmware}"`);
  if (opts.firmware !== undefined && board !== 'emulated') throw new UsageError('--firmware chooses what the emulated board runs: use it with --board emulated (flash a real board with neuron-kit flash).');
  const script = opts.script === undefined ? undefined : readScript(await readJsonFile(opts.script, 'Script'), exhibit);
  if (opts.hex !== undefined) {
    try {
      await access(opts.hex);
    } catch {
      throw new UsageError(`--hex: cannot read ${opts.hex}`, 'Give the path of an Intel HEX firmware file.');
    }
  }

  // An open-ended run is the exhibit itself: it keeps its state. A scripted or timed run is a trial: only with --state.
  const stateDir = opts.state === false ? undefined : typeof opts.state === 'string' ? opts.state : forMs === undefined && script === undefined ? defaultStateDir() : undefined;
  const live = !opts.json && opts.tty === true;
  const webPort = opts.port === undefined ? 8080 : Number(opts.port);
  if (!Number.isInteger(webPort) || webPort < 0 || webPort > 65535) throw new UsageError(`--port must be a whole number 0–65535, got "${opts.port}"`);
  const serveWeb = opts.web !== false && !opts.json;
  // One page server per connected session: after a reconnect the next starts once the last has closed.
  let web: Promise<WebServer | null> = Promise.resolve(null);
  let announced = false;
  const notes: string[] = [];
  if (!opts.json) out.error(`Neuron Kit: "${exhibit.name}" on ${board === 'auto' ? 'the first Arduino found, else the emulated board' : board}…`);
  const result = await superviseSession({
    exhibit,
    board,
    firmware,
    ...(opts.hex ? { hexPath: opts.hex } : {}),
    ...(script ? { script } : {}),
    ...(forMs !== undefined ? { forMs } : {}),
    fast: opts.fast === true,
    seed: parseSeed(opts.seed),
    palette,
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(stateDir !== undefined ? { stateDir } : {}),
    onEvent: (e) => {
      if (e.type === 'fault' && (e.kind === 'checkpoint-unreadable' || e.kind === 'checkpoint-failed')) out.error(e.message);
    },
    onReconnecting: (why: string) => out.error(`${why}; trying again (Ctrl-C stops)…`),
    onStart: (session: Session) => {
      const fw = session.kit.kit ?? session.kit.firmware;
      if (!opts.json) out.error(`Running on ${session.boardLabel === 'emulated' ? 'the emulated board (the twin)' : session.boardLabel}, firmware ${fw.name} ${fw.version}. Press Ctrl-C to stop.`);
      if (live) attachTerminalView(session, exhibit, opts.stop ?? (() => {}), notes);
      if (!serveWeb) return;
      web = web
        .then(async (previous) => {
          await previous?.close();
          const server = await startWeb(session, exhibit, {
            host: opts.host ?? '127.0.0.1', port: webPort, palette,
            ...(opts.token ? { token: opts.token } : {}), ...(opts.signal ? { signal: opts.signal } : {}),
          });
          if (!announced) {
            announced = true;
            const line = `Page: ${server.url}${server.token ? '  (the token in this link is needed to use the controls)' : ''}`;
            out.error(line);
            notes.push(line);
            if (opts.tty) openInBrowser(server.url);
          }
          return server;
        })
        .catch((err: Error & { code?: string }) => {
          out.error(err.code === 'EADDRINUSE' ? `The page could not start: port ${webPort} is in use (try --port 0 or another port).` : `The page could not start: ${err.message}`);
          return null;
        });
    },
  });
  await (await web)?.close();
  if (opts.json) {
    out.log(JSON.stringify(result));
    return;
  }
  out.log(`Ran ${result.duration.toFixed(1)} s of board time. Presses: ${Object.entries(result.presses).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}.`);
  out.log(`Action potentials: ${Object.entries(result.spikes).map(([k, v]) => `${k} ${v}`).join(', ')}.`);
  for (const [id, s] of Object.entries(result.synapses)) {
    out.log(`  ${id}: ${s.exists ? `efficacy ${s.efficacy.toFixed(2)}, ${s.contacts} contact${s.contacts === 1 ? '' : 's'}` : 'pruned'}`);
  }
  if (result.link.framesCorrupted !== undefined) out.log(`LED frames: ${result.link.framesSent} sent, ${result.link.framesShown} shown, ${result.link.framesCorrupted} corrupted.`);
}
