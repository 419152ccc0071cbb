import { randomBytes } from 'node:crypto';
import type { Exhibit } from '../exhibit/index.js';
import type { PaletteName } from '../render/index.js';
import type { Session } from '../runtime/session.js';
import { isLoopback, startWeb } from '../web/index.js';
import { startAwayServer, type Closable } from './away-server.js';
import { OpsError, WebPortInUseError } from './errors.js';
import type { OpsEndpoints } from './http.js';
import type { ClassStatus } from '../web/messages.js';
import type { SwitchPort } from '../web/server.js';

export interface PageHostOptions {
  host: string;
  /** 0 picks a free port once; the page then stays on it across reconnects. */
  port: number;
  /** Given, or generated once off loopback, so a tablet's link keeps working after a reconnect. */
  token?: string;
  palette: PaletteName;
  ops: OpsEndpoints;
  signal: AbortSignal;
  /** The docent's exhibit switcher; none: the page offers no switch. */
  switching?: SwitchPort;
  /** The exhibit's class link, when it is one kit of a class: shown on the page. */
  classStatus?: () => ClassStatus | null;
  /** The first page server is up: its address (with the token), to tell the user. */
  onFirstPage: (url: string, token: string | null) => void;
  /** The port could not be held (taken by someone else): the run must stop. */
  onFailed: (err: OpsError) => void;
}

/**
 * Holds the page's port for the whole run: the page server of the connected session, and while the
 * board is away an away server that answers /healthz and /metrics. Each starts once the one before
 * has let the port go, in the order asked.
 */
export class PageHost {
  readonly token: string | null;
  private holder: Promise<Closable | null> = Promise.resolve(null);
  private port: number;
  private announced = false;

  constructor(private readonly options: PageHostOptions) {
    this.port = options.port;
    this.token = options.token ?? (isLoopback(options.host) ? null : randomBytes(16).toString('base64url'));
  }

  /** Serves the page of a session that just started. */
  serve(session: Session, exhibit: Exhibit): void {
    const o = this.options;
    this.next(async () => {
      const server = await startWeb(session, exhibit, { host: o.host, port: this.port, palette: o.palette, ops: o.ops, signal: o.signal, ...(o.classStatus ? { classStatus: o.classStatus } : {}), ...(o.switching ? { switching: o.switching } : {}), ...(this.token ? { token: this.token } : {}) });
      this.port = Number(new URL(server.url).port);
      if (!this.announced) {
        this.announced = true;
        o.onFirstPage(server.url, server.token);
      }
      return server;
    });
  }

  /** The board went away: hold the port with the away server until the next session. */
  away(): void {
    if (this.options.signal.aborted) return;
    const o = this.options;
    this.next(() => startAwayServer({ host: o.host, port: this.port, token: this.token, loopback: isLoopback(o.host), ops: o.ops }));
  }

  /** Lets the port go. */
  async close(): Promise<void> {
    await (await this.holder)?.close();
  }

  private next(start: () => Promise<Closable>): void {
    this.holder = this.holder
      .then(async (previous) => {
        await previous?.close();
        return await start();
      })
      .catch((err: Error & { code?: string }) => {
        this.options.onFailed(err.code === 'EADDRINUSE' ? new WebPortInUseError(this.port, this.options.host) : new OpsError(`The page could not start: ${err.message}`, 'Check --host and --port, or run without the page with --no-web.'));
        return null;
      });
  }
}
