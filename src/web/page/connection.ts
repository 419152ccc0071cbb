import type { ControlMessage, ServerMessage } from '../messages.js';

/** Reconnect delays after the connection drops (ms), last one repeated. */
const RETRY_MS = [500, 1000, 2000, 5000];

export interface LiveHandlers {
  message(m: ServerMessage): void;
  /** The connection dropped; it is tried again by itself. */
  closed(): void;
}

/** The page's live link to an exhibit, whatever carries it. */
export interface Live {
  readonly open: boolean;
  /** The access token from the page's address, or null. */
  readonly token: string | null;
  /** Call on each greeting: the next drop starts again from the shortest delay. */
  greeted(): void;
  send(message: ControlMessage): void;
}

/** Opens a page's live link; the handlers hear what the exhibit says. */
export type Connect = (handlers: LiveHandlers) => Live;

/**
 * The page's live WebSocket to the exhibit: messages in, control messages out (with the access token
 * from the page's address when it has one), reconnecting for ever, since a stopped exhibit is often
 * started again (a service, a reconnected board).
 */
export class LiveConnection implements Live {
  readonly token = new URLSearchParams(location.search).get('token');
  private ws: WebSocket | null = null;
  private retries = 0;

  constructor(private readonly handlers: LiveHandlers) {
    this.connect();
  }

  get open(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  /** Call on each greeting from the server: the next drop starts again from the shortest delay. */
  greeted(): void {
    this.retries = 0;
  }

  send(message: ControlMessage): void {
    if (this.ws?.readyState !== WebSocket.OPEN) return;
    this.ws.send(JSON.stringify(this.token ? { ...message, token: this.token } : message));
  }

  private connect(): void {
    const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/live`);
    this.ws = ws;
    ws.addEventListener('message', (e: MessageEvent<string>) => this.handlers.message(JSON.parse(e.data) as ServerMessage));
    ws.addEventListener('close', () => {
      this.handlers.closed();
      const delay = RETRY_MS[Math.min(this.retries++, RETRY_MS.length - 1)]!;
      window.setTimeout(() => this.connect(), delay);
    });
  }
}
