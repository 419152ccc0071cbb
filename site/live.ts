import type { Connect, Live, LiveHandlers } from '../src/web/page/connection.js';
import type { ControlMessage } from '../src/web/protocol.js';
import { twinHost, type FromTwin, type ToTwin } from './twin-host.js';

/** What the page hears about the twin itself, beside the exhibit's messages. */
export interface TwinEvents {
  /** Board ms emulated in wall ms, the last second. */
  speed(boardMs: number, wallMs: number): void;
  failed(text: string): void;
  /** Where the twin runs: a Web Worker, or the page (a browser that allows no worker, e.g. a page opened from disk). */
  where(place: 'worker' | 'page'): void;
}

/**
 * Starts the twin in a Web Worker (`twin-worker.js` beside the page), or in the page where the
 * browser refuses a worker, and returns its channel.
 */
function startTwin(receive: (m: FromTwin) => void, events: TwinEvents): (m: ToTwin) => void {
  try {
    const worker = new Worker(new URL('twin-worker.js', document.baseURI));
    worker.onmessage = (e: MessageEvent<FromTwin>) => receive(e.data);
    worker.onerror = (e) => events.failed(`The twin's worker failed: ${e.message}`);
    events.where('worker');
    return (m) => worker.postMessage(m);
  } catch {
    events.where('page');
    const host = twinHost((m) => queueMicrotask(() => receive(m)));
    return (m) => host(m);
  }
}

/**
 * A page's {@link Live} link to an exhibit on the twin in this browser: the same messages the
 * WebSocket of `neuron-kit run` carries, posted to and from the twin's host.
 */
export function twinConnect(exhibit: unknown, events: TwinEvents): Connect {
  return (handlers: LiveHandlers): Live => {
    let open = false;
    const send = startTwin((m) => {
      if (m.type === 'speed') events.speed(m.boardMs, m.wallMs);
      else if (m.type === 'failed') events.failed(m.text);
      else {
        if (m.type === 'hello') open = true;
        handlers.message(m);
      }
    }, events);
    send({ type: 'start', exhibit });
    return {
      get open() {
        return open;
      },
      token: null,
      greeted() {},
      send(message: ControlMessage) {
        send({ type: 'control', message });
      },
    };
  };
}
