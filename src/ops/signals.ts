/**
 * The signals that stop a running exhibit, saving what it learned: Ctrl-C, a service manager's stop, a
 * closed terminal — and SIGQUIT (Ctrl-\) and SIGUSR2, which would otherwise kill it on the spot with
 * the last minutes of learning and the visit count unsaved.
 */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR2'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];
/** Node opens its debugger on 127.0.0.1:9229 on SIGUSR1; an exhibit answers it with nothing at all. */
const IGNORED_SIGNALS = ['SIGUSR1'] as const;
type IgnoredSignal = (typeof IGNORED_SIGNALS)[number];

/** The parts of a process that {@link stopOnSignals} uses. */
export interface SignalledProcess {
  on(signal: StopSignal | IgnoredSignal, listener: () => void): unknown;
  off(signal: StopSignal | IgnoredSignal, listener: () => void): unknown;
  readonly ppid: number;
  readonly env: Record<string, string | undefined>;
  readonly platform?: NodeJS.Platform;
}

export interface StopOnSignalsOptions {
  /** How often to look whether npm (the parent) is gone, ms. Default 250. */
  orphanCheckMs?: number;
}

/**
 * Calls `stop` (once) on any of {@link STOP_SIGNALS}, and keeps SIGUSR1 from opening Node's debugger.
 * When started by an npm script (`npm start`), also when npm goes away without passing a signal on (npm itself killed, or hung up): our parent changes
 * then, and an exhibit nobody can stop any more must not keep the serial port and the page's port.
 * Returns a function that removes the handlers.
 */
export function stopOnSignals(stop: (why: string) => void, proc: SignalledProcess = process, options: StopOnSignalsOptions = {}): () => void {
  let stopped = false;
  const once = (why: string) => {
    if (stopped) return;
    stopped = true;
    stop(why);
  };
  // Windows has only the first three (Node emulates them); the others are POSIX signals.
  const posix = (proc.platform ?? process.platform) !== 'win32';
  const stopSignals = posix ? STOP_SIGNALS : STOP_SIGNALS.slice(0, 3);
  const handlers: Array<readonly [StopSignal | IgnoredSignal, () => void]> = stopSignals.map((s) => [s, () => once(s)] as const);
  if (posix) for (const s of IGNORED_SIGNALS) handlers.push([s, () => {}]);
  for (const [s, h] of handlers) proc.on(s, h);
  let watch: NodeJS.Timeout | null = null;
  if (proc.env.npm_lifecycle_event !== undefined) {
    const parent = proc.ppid;
    watch = setInterval(() => {
      if (proc.ppid !== parent) once('npm went away');
    }, options.orphanCheckMs ?? 250);
    watch.unref();
  }
  return () => {
    for (const [s, h] of handlers) proc.off(s, h);
    if (watch) clearInterval(watch);
  };
}
