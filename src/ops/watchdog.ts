import { execFile } from 'node:child_process';
import createDebug from 'debug';

const log = createDebug('neuron-kit:watchdog');

export interface ServiceNotifierOptions {
  env?: NodeJS.ProcessEnv;
  /** Whether the exhibit is healthy enough to tell the watchdog so (checked before each ping). */
  alive: () => boolean;
  /** The notify program. Default `systemd-notify` (systemd ≥ 246 waits until systemd took the message). */
  command?: string;
  /** A ping failed (the program is missing, systemd refused it): told once. */
  onError?: (err: Error) => void;
}

/** A running notifier; `stopping()` tells systemd the exhibit is stopping and ends the pings. */
export interface ServiceNotifier {
  ready(status: string): void;
  stopping(): void;
  readonly watchdogMs: number | null;
}

/**
 * Talks to systemd when the exhibit runs as a `Type=notify` service: READY=1 once the board runs,
 * WATCHDOG=1 every half watchdog period while the exhibit is alive, STOPPING=1 at the end. If the
 * loop hangs, or the board is connected but no frame was drawn for a while, the pings stop and
 * systemd restarts the service.
 *
 * Why a child `systemd-notify` and not sd_notify in-process: the notify socket is a Unix datagram
 * socket, which Node cannot open without a native module, and the kit installs with no native compile.
 * systemd-notify is part of systemd itself, so it is there wherever the unit can run; the unit sets
 * `NotifyAccess=all` so that systemd takes the message from a child. A heartbeat file would need a
 * second timer unit and a script to watch it. Returns null when not run by systemd (no NOTIFY_SOCKET).
 */
export function startServiceNotifier(options: ServiceNotifierOptions): ServiceNotifier | null {
  const env = options.env ?? process.env;
  if (!env.NOTIFY_SOCKET) return null;
  const command = options.command ?? 'systemd-notify';
  let failed = false;
  const send = (...args: string[]) => {
    execFile(command, args, { env: { ...process.env, ...env }, timeout: 10_000 }, (err) => {
      if (!err || failed) return;
      failed = true;
      log('%s %s failed: %s', command, args.join(' '), err.message);
      options.onError?.(err);
    });
  };
  // systemd sets WATCHDOG_PID to the main process; a notifier inherited by another process must stay quiet.
  const usec = Number(env.WATCHDOG_USEC);
  const forUs = env.WATCHDOG_PID === undefined || Number(env.WATCHDOG_PID) === process.pid;
  const watchdogMs = usec > 0 && forUs ? usec / 1000 : null;
  let timer: NodeJS.Timeout | null = null;
  if (watchdogMs !== null) {
    timer = setInterval(() => {
      if (options.alive()) send('WATCHDOG=1');
      else log('not alive: no watchdog ping');
    }, watchdogMs / 2);
    timer.unref();
  }
  return {
    watchdogMs,
    ready: (status) => send('--ready', `--status=${status}`),
    stopping: () => {
      if (timer) clearInterval(timer);
      timer = null;
      send('STOPPING=1');
    },
  };
}
