/** The signals that stop a running exhibit: Ctrl-C, a service manager's stop, a closed terminal. */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

/** The parts of a process that {@link stopOnSignals} uses. */
export interface SignalledProcess {
  on(signal: StopSignal, listener: () => void): unknown;
  off(signal: StopSignal, listener: () => void): unknown;
  readonly ppid: number;
  readonly env: Record<string, string | undefined>;
}

export interface StopOnSignalsOptions {
  /** How often to look whether npm (the parent) is gone, ms. Default 250. */
  orphanCheckMs?: number;
}

/**
 * Calls `stop` (once) on SIGINT, SIGTERM or SIGHUP. When started by an npm script (`npm start`), also
 * when npm goes away without passing a signal on (npm itself killed, or hung up): our parent changes
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
  const handlers = STOP_SIGNALS.map((s) => [s, () => once(s)] as const);
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
