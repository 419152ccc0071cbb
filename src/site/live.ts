import type { Connect, Live, LiveHandlers } from '../web/page/connection.js';
import type { ControlMessage } from '../web/messages.js';
import { wallClock } from '../board/clock.js';
import { BoardTimeoutError, WrongFirmwareError } from '../board/errors.js';
import { readExhibit } from '../exhibit/read.js';
import { DirectPort } from '../board/ports/index.js';
import { KIT_BAUD_RATE } from '../wire/index.js';
import { sentSide } from '../runtime/board-side.js';
import { lessonsFor } from './content.js';
import { startHost, type Host } from './host.js';
import { twinHost, type FromTwin, type ToTwin } from './twin-host.js';
import { webSerialLine, type WebSerialPort } from './web-serial.js';

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
 * browser refuses a worker (or `?twin=page` asks for it: how a page opened from disk runs, and what
 * DevTools' CPU throttling, which spares workers, can slow down), and returns its channel.
 */
function startTwin(receive: (m: FromTwin) => void, events: TwinEvents): (m: ToTwin) => void {
  try {
    if (new URLSearchParams(location.search).get('twin') === 'page') throw new Error('the twin runs in the page, as asked');
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

/** What the page hears about a kit on a Web Serial port. */
export interface KitEvents {
  connected(path: string): void;
  /** The kit could not be used (no answer, other firmware, unplugged); the page goes on with the twin. */
  failed(text: string): void;
}

/**
 * A page's {@link Live} link to a real kit on a Web Serial port, the exhibit hosted in the page (the
 * board does the work the twin's worker would). If the kit does not answer with the kit firmware,
 * the page says why and runs the exhibit on the twin instead.
 */
export function kitConnect(findPort: () => Promise<WebSerialPort>, exhibitDoc: unknown, kit: KitEvents, twin: TwinEvents): Connect {
  return (handlers: LiveHandlers): Live => {
    let host: Host | null = null;
    let fallback: Live | null = null;
    const start = async () => {
      const exhibit = readExhibit(exhibitDoc);
      const line = webSerialLine(await findPort(), KIT_BAUD_RATE);
      host = await startHost({ exhibit, lessons: lessonsFor(exhibit.name), board: { line, clock: wallClock() }, side: sentSide, post: (m) => handlers.message(m) });
      kit.connected(line.path);
    };
    start().catch((err: unknown) => {
      const hint = err instanceof WrongFirmwareError || err instanceof BoardTimeoutError ? ' Use "Install the kit firmware", then connect again.' : '';
      kit.failed(`${(err as Error).message}.${hint} Running on the twin meanwhile.`);
      fallback = twinConnect(exhibitDoc, twin)(handlers);
    });
    return {
      get open() {
        return host !== null || (fallback?.open ?? false);
      },
      token: null,
      greeted() {},
      send(message: ControlMessage) {
        if (host) host.control(message);
        else fallback?.send(message);
      },
    };
  };
}

/**
 * A page's {@link Live} link to the exhibit with no board at all: the runtime and the renderer in the
 * page, its frames shown as sent. Where the twin cannot keep real time (a slow machine), this keeps
 * the exhibit's timing true, at the cost of the emulated chip.
 */
export function directConnect(exhibitDoc: unknown): Connect {
  return (handlers: LiveHandlers): Live => {
    const exhibit = readExhibit(exhibitDoc);
    const strips = exhibit.strips.map((s) => ({ pin: s.pin, length: s.length, colorOrder: s.order }));
    let host: Host | null = null;
    // Messages wait for the page to hold its link (the greeting may be ready before connect returns).
    void startHost({ exhibit, lessons: lessonsFor(exhibit.name), board: { port: new DirectPort(strips, wallClock()) }, side: sentSide, post: (m) => queueMicrotask(() => handlers.message(m)) }).then((h) => (host = h));
    return {
      get open() {
        return host !== null;
      },
      token: null,
      greeted() {},
      send: (message: ControlMessage) => host?.control(message),
    };
  };
}
