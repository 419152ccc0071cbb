import { StoppedWaitingError, type BoardWaitOptions } from '../../board/index.js';
import { boardWait } from '../board-wait.js';
import { loadExhibit } from '../../exhibit/index.js';
import { hasOwn } from '../../experiment/names.js';
import { PALETTES, type PaletteName } from '../../render/index.js';
import { readScript } from '../../runtime/script.js';
import type { EndReason, RunResult, Session } from '../../runtime/session.js';
import type { TwinFirmware } from '../../board/twin.js';
import type { ExhibitEvent } from '../../runtime/events.js';
import { ExhibitSwitch, superviseSwitching } from '../../runtime/switching.js';
import { superviseBoards, type BoardsSession } from '../../runtime/boards.js';
import { listExhibits } from '../../exhibit/index.js';
import { basename, resolve } from 'node:path';
import { BoardError } from '../../board/index.js';
import { chooseBoard } from '../../runtime/session.js';
import { defaultLogDir, lockDir } from '../../ops/dirs.js';
import { PortLockedError, type OpsError } from '../../ops/errors.js';
import { lockPort, type PortLock } from '../../ops/lock.js';
import { ExhibitOps } from '../../ops/ops.js';
import { opsEventOf } from '../../ops/events.js';
import { startServiceNotifier } from '../../ops/watchdog.js';
import { checkWebPortFree } from '../../ops/web-port.js';
import { PageHost } from '../../ops/page-host.js';
import { defaultStateDir } from '../../state/checkpoint.js';
import { UsageError } from '../errors.js';
import { parseBoardAndDuration, parseBoards, parsePort } from '../run-args.js';
import { beforeCrashExit } from '../guard.js';
import { checkFolder, checkHexFile, readJsonFile } from '../files.js';
import type { Output } from '../output.js';
import { bundled } from '../../package-files.js';
import { parseSeed } from './simulate.js';
import { attachTerminalView } from '../terminal-view.js';
import { neuronLabel, synapseLabel } from '../labels.js';
import { openInBrowser } from './web-open.js';
import { checkJoinOptions, ClassLinkError, joinClass, type ClassMembership } from '../../class/join.js';
import { describeBroker, type LinkStatus } from '../../class/link.js';
import { exhibitBoards, type Exhibit } from '../../exhibit/index.js';
import { exhibitWarnings } from '../../check/warnings.js';

export interface RunOptions {
  /** One board, or one per board of an exhibit on several (`--board` repeated, in the exhibit's order). */
  board?: string | string[];
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
  /** Folder of the visitor log (default under $XDG_STATE_HOME/neuron-kit/logs); false: no log (`--no-log`). */
  log?: string | false;
  /** Environment for the default folders and the service manager (tests pass their own). */
  env?: NodeJS.ProcessEnv;
  /** With `--board auto`: wait for a real Arduino, never run on the twin (the service always passes it). */
  waitForBoard?: boolean;
  /** How the wait lists ports and sleeps (tests inject both). */
  boardWait?: Pick<BoardWaitOptions, 'listPorts' | 'sleep'>;
  /** Folder for the exhibit's saved state; false (`--no-state`): none. Default: the user's state folder for an open-ended run. */
  state?: string | false;
  signal?: AbortSignal;
  /** Ends the run early (the live view's q key). */
  stop?: () => void;
  /** Whether stdout is a terminal (for the live view). */
  tty?: boolean;
  /** false (`--no-switch`): the docent page offers no switch to another exhibit. */
  switch?: boolean;
  /** `--exhibits DIR`: folder of the exhibits the docent may switch to (default: the bundled exhibits/). */
  exhibits?: string;
  /** A class over MQTT (docs/class.md). */
  broker?: string;
  class?: string;
  kit?: string;
  classCode?: string;
}

/** `neuron-kit run` (specs/run.md): the exhibit itself, optionally scripted and reported as JSON. */
export async function runCommand(opts: RunOptions, out: Output): Promise<void> {
  const exhibitPath = opts.exhibit ?? bundled('exhibits', 'default.json');
  const exhibit = await loadExhibit(exhibitPath);
  const boards = parseBoards(opts.board, exhibit);
  const board = boards[0]!;
  // An exhibit that lists `boards` runs on each of them (one model), every board supervised on its own.
  const several = exhibit.boards !== undefined;
  const { forMs } = parseBoardAndDuration({ ...opts, board: boards });
  if (opts.json && forMs === undefined) throw new UsageError('--json prints the result at the end of the run: give --for too (e.g. --for 60s).');
  const palette = (opts.palette ?? 'default') as PaletteName;
  if (!hasOwn(PALETTES, palette)) throw new UsageError(`--palette must be one of ${Object.keys(PALETTES).join(', ')}, got "${opts.palette}"`);
  const firmware = (opts.firmware ?? 'kit') as TwinFirmware;
  if (firmware !== 'kit' && firmware !== 'stock') throw new UsageError(`--firmware must be kit or stock, got "${opts.firmware}"`);
  if (opts.firmware !== undefined && boards.some((b) => b !== 'emulated')) throw new UsageError('--firmware chooses what the emulated board runs: use it with --board emulated (flash a real board with neuron-kit flash).');
  const script = opts.script === undefined ? undefined : readScript(await readJsonFile(opts.script, 'Script'), exhibit);
  if (opts.hex !== undefined) await checkHexFile(opts.hex);
  if (typeof opts.state === 'string') await checkFolder(opts.state, '--state');
  if (typeof opts.log === 'string') await checkFolder(opts.log, '--log');

  if (several) checkSeveral(opts, exhibit, boards);
  const waitForBoard = several ? undefined : boardWait({ ...opts, board }, exhibit, out);
  // An open-ended run is the exhibit itself: it keeps its state. A scripted or timed run is a trial: only with --state.
  const stateDir = opts.state === false ? undefined : typeof opts.state === 'string' ? opts.state : forMs === undefined && script === undefined ? defaultStateDir() : undefined;
  const live = !opts.json && opts.tty === true;
  const webPort = parsePort(opts.port, 8080);
  const serveWeb = opts.web !== false && !opts.json;
  const host = opts.host ?? '127.0.0.1';
  const env = opts.env ?? process.env;
  // A second exhibit must not run headless while visitors see the first one's page.
  if (serveWeb) await checkWebPortFree(webPort, host);
  // Not offered on several boards: each board would have to be opened again for the new exhibit's strips.
  const switcher = await exhibitSwitcher(opts, exhibit, exhibitPath, serveWeb && forMs === undefined && script === undefined && !several);
  const membership = opts.broker === undefined ? null : await joinFromOptions(opts, exhibit, out);
  const locks: PortLock[] = [];
  try {
    for (const b of several ? boards.filter((c) => c !== 'emulated') : [await chooseBoard(board)]) {
      const lock = takeBoardLock(b, exhibit.name, env, out);
      if (lock) locks.push(lock);
    }
  } catch (err) {
    for (const lock of locks) lock.release();
    await membership?.close();
    throw err;
  }
  const ops = openOps(opts, env, out);
  // Stops this run from inside (the page could not start) as well as from outside (a signal, q).
  const halt = new AbortController();
  const onOuterAbort = () => halt.abort();
  opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
  if (opts.signal?.aborted) halt.abort();
  const notifier = startServiceNotifier({ env, alive: () => !ops.probe.connected || ops.health.alive(), onError: (err) => ops.logEvent({ kind: 'fault', what: 'watchdog', message: err.message }) });
  let fatal: OpsError | null = null;
  const notes: string[] = [];
  const page = serveWeb ? new PageHost({
    host, port: webPort, palette, ops: ops.endpoints, signal: halt.signal, ...(opts.token ? { token: opts.token } : {}),
    ...(membership ? { classStatus: () => membership.status() } : {}),
    ...(switcher.choices.length > 0 ? { switching: switcher } : {}),
    onFirstPage: (url, token) => {
      const line = `Page: ${url}${token ? '  (the token in this link is needed to use the controls, /healthz and /metrics)' : ''}`;
      // The visitor view is for the kiosk or projector; the docent's controls, charts and lessons are beside it.
      const docent = new URL(url);
      docent.pathname = '/docent';
      const docentLine = `Docent: ${docent.href}  (charts, lessons, reset, age and injury)`;
      out.error(line);
      out.error(docentLine);
      notes.push(line, docentLine);
      if (opts.tty) openInBrowser(url);
    },
    onFailed: (err) => {
      // Without its page the exhibit is not what the visitors are shown: stop, and say why.
      fatal = err;
      ops.logEvent({ kind: 'fault', what: 'web', message: err.message });
      halt.abort();
    },
  }) : null;
  /**
   * Waiting for the Arduino is the service doing its job (a museum machine may boot before the board
   * is plugged in): systemd is told it is ready, or it would restart the wait every TimeoutStartSec,
   * and the page's port answers /healthz (503, board not connected) so the office can tell a waiting
   * exhibit from a dead one.
   */
  const waitingAsAService = (wait: NonNullable<typeof waitForBoard>): NonNullable<typeof waitForBoard> => ({
    ...wait,
    onWaiting: (waitedMs, portsSeen) => {
      wait.onWaiting?.(waitedMs, portsSeen);
      if (waitedMs !== 0) return;
      page?.away();
      notifier?.ready('Waiting for the Arduino to be plugged in');
    },
  });
  let classReport: ReturnType<typeof classSummary> | null = null;
  let forgetLeds = () => {};
  let stoppedWaiting = false;
  let stopReason = 'signal';
  let started = false;
  let awayAtStop = false;
  const awayBoards = new Set<string>();
  const onStart = (session: Session) => {
    // If anything crashes the process, the LEDs are left safe first (not frozen on the last frame).
    forgetLeds();
    const kits = several ? () => (session as BoardsSession).boards.flatMap((b) => (b.session ? [b.session.kit] : [])) : () => [session.kit];
    forgetLeds = beforeCrashExit(async () => {
      await Promise.all(kits().map((k) => k.leaveSafe()));
    });
    // The exhibit running now: the docent may have switched to another since the run began.
    const exhibit = switcher.exhibit;
    const fw = session.kit.kit ?? session.kit.firmware;
    if (several) {
      const boardsNow = (session as BoardsSession).boards;
      ops.attach((session as BoardsSession).lead);
      ops.watchBoards(() => boardsNow);
    } else ops.attach(session);
    membership?.attach(session.runtime);
    // One start per run: a reconnect is logged as such, so the report's starts count restarts.
    if (!started) ops.logEvent({ kind: 'start', exhibit: exhibit.name, board: session.boardLabel, firmware: fw.name, version: fw.version });
    started = true;
    notifier?.ready(`${exhibit.name} on ${session.boardLabel}`);
    if (!opts.json) out.error(`Running on ${session.boardLabel === 'emulated' ? 'the emulated board (the twin)' : session.boardLabel}, firmware ${fw.name} ${fw.version}. Press Ctrl-C to stop.`);
    if (live) attachTerminalView(session, exhibit, opts.stop ?? (() => {}), notes);
    page?.serve(session, exhibit);
  };
  const onReconnecting = (why: string, boardId = '') => {
    out.error(`${why}; trying again (Ctrl-C stops)…`);
    // Once per time a board is away: the log and the away server do not restart every 2 s.
    if (awayBoards.has(boardId)) return;
    awayBoards.add(boardId);
    ops.logEvent({ kind: 'reconnect', why });
    if (!several) page?.away();
  };
  // What a builder should know before a visitor finds it (neuron-kit check plays the whole story).
  if (!opts.json) for (const w of exhibitWarnings(exhibit)) out.error(`Note: ${w.text}.`);
  if (!opts.json) out.error(`Neuron Kit: "${exhibit.name}" on ${several ? exhibitBoards(exhibit).map((b, i) => `${b.id}: ${boards[i]}`).join(', ') : board !== 'auto' ? board : waitForBoard ? 'the Arduino (it is waited for)' : 'the first Arduino found, else the emulated board'}…`);
  let result;
  try {
    const common = {
      exhibit,
      firmware,
      ...(opts.hex ? { hexPath: opts.hex } : {}),
      ...(script ? { script } : {}),
      ...(forMs !== undefined ? { forMs } : {}),
      fast: opts.fast === true,
      seed: parseSeed(opts.seed),
      palette,
      signal: halt.signal,
      ...(waitForBoard ? { waitForBoard: waitingAsAService(waitForBoard) } : {}),
      ...(stateDir !== undefined ? { stateDir } : {}),
      onEvent: (e: ExhibitEvent) => {
        if (e.type === 'fault' && (e.kind === 'checkpoint-unreadable' || e.kind === 'checkpoint-failed' || e.kind === 'board-rebooted')) out.error(e.message);
        if (e.type === 'restored') out.log(`Going on from the saved state of ${new Date(e.savedAtWallMs).toISOString()} (${e.path}): ${e.sessions} visit${e.sessions === 1 ? '' : 's'} so far.`);
        const logged = opsEventOf(e);
        if (logged) ops.logEvent(logged);
      },
      onEnd: (reason: EndReason) => {
        if (reason !== 'disconnect' && reason !== 'reboot') stopReason = reason;
      },
    };
    result = several
      ? await superviseBoards({
        ...common,
        boards,
        onReconnecting,
        onStart,
        onBoardStart: (s) => awayBoards.delete(exhibitBoards(exhibit)[s.boardIndex ?? 0]!.id),
        // Every board away: the page's port is held by the away server until one is back.
        onAway: () => page?.away(),
      })
      : await superviseSwitching({
        ...common,
        switcher,
        onSwitch: (_from, to) => {
          ops.logEvent({ kind: 'switch', exhibit: to.name });
          if (!opts.json) out.error(`Switching to "${to.name}", as asked on the docent page…`);
        },
        board,
        onReconnecting: (why: string) => onReconnecting(why),
        onStart: (session: Session) => {
          awayBoards.clear();
          onStart(session);
        },
      });
  } catch (err) {
    // Stopped (a signal, q) while the board was away: a clean stop like any other, with nothing to sum up.
    if (err instanceof StoppedWaitingError) {
      out.error(`${err.message}.`);
      stoppedWaiting = true;
    } else if (opts.signal?.aborted && fatal === null && err instanceof BoardError && !opts.json) awayAtStop = true;
    else {
      stopReason = err instanceof Error ? err.message : String(err);
      throw err;
    }
  } finally {
    forgetLeds();
    classReport = membership ? classSummary(membership) : null;
    await membership?.close();
    notifier?.stopping();
    opts.signal?.removeEventListener('abort', onOuterAbort);
    await page?.close();
    ops.logEvent({ kind: 'stop', reason: fatal ? (fatal as OpsError).message : stopReason });
    ops.close();
    for (const lock of locks) lock.release();
  }
  if (fatal) throw fatal;
  if (stoppedWaiting) return;
  if (awayAtStop || result === undefined) {
    out.log('Stopped while the board was away.');
    return;
  }
  if (opts.json) {
    out.log(JSON.stringify(classReport ? { ...result, class: classReport } : result));
    return;
  }
  printResult(result, switcher.exhibit, classReport, out);
}

function printResult(result: RunResult, exhibit: Exhibit, classReport: ReturnType<typeof classSummary> | null, out: Output): void {
  out.log(`Ran ${result.duration.toFixed(1)} s of board time. Presses: ${Object.entries(result.presses).map(([k, v]) => `${neuronLabel(exhibit, k)} ${v}`).join(', ') || 'none'}.`);
  out.log(`Action potentials: ${Object.entries(result.spikes).map(([k, v]) => `${neuronLabel(exhibit, k)} ${v}`).join(', ')}.`);
  for (const [id, s] of Object.entries(result.synapses)) {
    out.log(`  ${synapseLabel(exhibit, id)}: ${s.exists ? `efficacy ${s.efficacy.toFixed(2)}, ${s.contacts} contact${s.contacts === 1 ? '' : 's'}` : 'gone (cut or pruned)'}`);
  }
  if (classReport) out.log(`Class: ${classReport.spikesSent} spikes sent, ${classReport.spikesReceived} received (${classReport.delivered} on time, ${classReport.late} late${classReport.notDelivered ? `, ${classReport.notDelivered} while the exhibit was not running` : ''}), ${classReport.dropped} messages dropped.`);
  if (result.link.framesCorrupted !== undefined) out.log(`LED frames: ${result.link.framesSent} sent, ${result.link.framesShown} shown, ${result.link.framesCorrupted} corrupted.`);
}

/**
 * The docent's switch (runtime/switching.ts): the exhibits in `exhibitsDir` (default: the bundled
 * ones, `--exhibits`), with the one started from wherever its file is. Offered only to an open-ended run with its
 * page, alone (a class kit's exhibit is the class's), and not with `--no-switch`: otherwise none.
 */
async function exhibitSwitcher(opts: RunOptions, exhibit: Exhibit, exhibitPath: string, open: boolean): Promise<ExhibitSwitch> {
  const file = resolve(exhibitPath);
  if (!open || opts.switch === false || opts.broker !== undefined) return new ExhibitSwitch(exhibit, [], file);
  const dir = resolve(opts.exhibits ?? bundled('exhibits'));
  let listed;
  try {
    listed = await listExhibits(dir);
  } catch (err) {
    throw new UsageError(`--exhibits: cannot read the folder ${dir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): give a folder of exhibit JSON files.`);
  }
  const choices = listed.map((c) => ({ ...c, file: resolve(c.file) }));
  if (!choices.some((c) => c.file === file)) {
    const base = basename(file, '.json');
    choices.unshift({ id: choices.some((c) => c.id === base) ? `${base}-started` : base, name: exhibit.name, file });
  }
  return new ExhibitSwitch(exhibit, choices, file);
}

/**
 * What an exhibit on several boards cannot do that one on one board can: wait for an Arduino (each
 * board's port is named), or run a board the exhibit requires to be real on the twin.
 */
function checkSeveral(opts: RunOptions, exhibit: Exhibit, boards: string[]): void {
  if (opts.waitForBoard) throw new UsageError('--wait-for-board waits for the one Arduino of an exhibit on one board; on several boards name each board\'s port with --board, and each is waited for when it goes away.');
  exhibitBoards(exhibit).forEach((b, i) => {
    if (b.require && boards[i] === 'emulated') throw new UsageError(`Board "${b.id}" of "${exhibit.name}" must be a real board ("require": true): give its serial port as --board number ${i + 1} instead of emulated.`);
  });
}

/** Joins the class named on the command line, or says in one line what to fix. */
async function joinFromOptions(opts: RunOptions, exhibit: Exhibit, out: Output): Promise<ClassMembership> {
  if (opts.fast) throw new UsageError('--broker links kits in real time: drop --fast.');
  if (opts.kit === undefined) throw new UsageError('--broker needs --kit NAME: the name other kits use for this one (as in "kit-2/C" in their exhibits).');
  const join = { url: opts.broker!, className: opts.class ?? 'class', kit: opts.kit, ...(opts.classCode !== undefined ? { classCode: opts.classCode } : {}) };
  const problem = checkJoinOptions(join);
  if (problem) throw new UsageError(problem);
  if (exhibit.remote.length === 0 && exhibit.publish.length === 0) {
    out.error(`Note: "${exhibit.name}" has no "remote" inputs and "publish"es no neuron, so it joins the class but exchanges no spikes (see docs/class.md; e.g. --exhibit exhibits/class/kit-1.json).`);
  }
  let membership: ClassMembership;
  try {
    membership = await joinClass(exhibit, join);
  } catch (err) {
    if (err instanceof ClassLinkError) throw new UsageError(err.message);
    throw err;
  }
  const where = describeBroker(join.url);
  if (membership.link.status !== 'connected') out.error(`The class broker at ${where} does not answer yet${membership.link.lastError ? ` (${membership.link.lastError})` : ''}: the exhibit runs on its own and joins the class when it does.`);
  else out.error(`Kit "${join.kit}" joined class "${join.className}" at ${where}.`);
  // Who else is there: a class name with a typo shows as a class nobody else is in. Said once per
  // change: a kit seen online that goes, not every retained note of a kit long gone.
  const online = new Set<string>();
  membership.link.on('presence', (kit: string, m: { online: boolean; view?: boolean }) => {
    if (kit === join.kit || m.view === true || m.online === online.has(kit)) return;
    if (m.online) online.add(kit);
    else online.delete(kit);
    out.error(m.online ? `Kit "${kit}" is in the class.` : `Kit "${kit}" left the class.`);
  });
  membership.link.on('namesake', () =>
    out.error(`Another kit has also joined class "${join.className}" as "${join.kit}": give each kit its own --kit name (the two kits' spikes and clock exchanges get mixed up).`));
  // Each change of the link said once: one line for a broker that went, one for a refusal however
  // often the kit asks again, and nothing lost before it ever joined (the start said so already).
  let joined = membership.link.status === 'connected';
  let said: LinkStatus | null = null;
  membership.link.on('status', (status: LinkStatus, detail?: string) => {
    if (status === 'connecting' || status === said) return;
    if (status === 'connected') out.error(joined ? `Rejoined class "${join.className}".` : `Kit "${join.kit}" joined class "${join.className}" at ${where}.`);
    else if (status === 'offline' && joined) out.error(`Lost the class broker at ${where}: running on its own, trying again every second…`);
    else if (status === 'refused') out.error(detail ?? 'The broker refused this kit.');
    else return;
    if (status === 'connected') joined = true;
    said = status;
  });
  return membership;
}

function classSummary(m: ClassMembership): { spikesSent: number; spikesReceived: number; delivered: number; late: number; notDelivered: number; dropped: number; reconnects: number } {
  const c = m.link.counters;
  const b = m.counters();
  // Spikes that came while no exhibit ran (the board starting or reconnecting), or for no remote input.
  const notDelivered = c.spikesReceived - b.delivered - b.late;
  return { spikesSent: c.spikesSent, spikesReceived: c.spikesReceived, delivered: b.delivered, late: b.late, notDelivered, dropped: c.dropped.malformed + c.dropped.rateLimited + c.dropped.foreign, reconnects: c.reconnects };
}

/**
 * Keeps a second run off the same serial port (the twin needs no lock: each run has its own). A lock
 * folder that cannot be written is worth a warning, not a refusal to run the exhibit.
 */
function takeBoardLock(path: string | null, exhibitName: string, env: NodeJS.ProcessEnv, out: Output): PortLock | null {
  if (path === null) return null;
  try {
    return lockPort(path, { dir: lockDir(env), exhibit: exhibitName });
  } catch (err) {
    if (err instanceof PortLockedError) throw err;
    out.error(`Warning: cannot keep a lock for ${path} in ${lockDir(env)} (${(err as Error).message}); a second run on this port would not be stopped.`);
    return null;
  }
}

/** The visitor log, metrics and health; a log folder the exhibit cannot write is a warning, and the exhibit goes on. */
function openOps(opts: RunOptions, env: NodeJS.ProcessEnv, out: Output): ExhibitOps {
  // A scripted run is a test or a demonstration, not visitors: it keeps no visitor log unless given --log.
  if (opts.log === false || (opts.script !== undefined && opts.log === undefined)) return new ExhibitOps();
  const dir = opts.log ?? defaultLogDir(env);
  const ops: ExhibitOps = new ExhibitOps({
    log: {
      dir,
      onDegraded: (err) => {
        out.error(`Visitor log: cannot write to ${dir} (${err.code ?? err.message}); the exhibit goes on and tries again every minute.`);
        queueMicrotask(() => ops.logEvent({ kind: 'fault', what: 'log', message: err.code ?? err.message }));
      },
    },
  });
  return ops;
}
