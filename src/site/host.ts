import type { BoardClock } from '../board/clock.js';
import type { Exhibit } from '../exhibit/types.js';
import type { KitPort } from '../board/kit-port.js';
import { connectCodecPort, type ByteLine } from '../board/ports/index.js';
import type { Lesson } from '../lessons/types.js';
import type { BoardSide } from '../runtime/board-side.js';
import { Runtime } from '../runtime/runtime.js';
import type { Session } from '../runtime/session.js';
import { Controls } from '../web/controls.js';
import { Feed } from '../web/feed.js';
import type { ControlMessage, ServerMessage } from '../web/messages.js';

/** The only viewer of an exhibit hosted in the page: the page itself. */
const PAGE_CLIENT = 1;

export interface HostOptions {
  exhibit: Exhibit;
  lessons: Lesson[];
  /**
   * The board: a serial line (the twin's UART, or a Web Serial port) with the board's time (the twin's
   * emulated clock, or the host's for a real board), or a port already open (the renderer alone).
   */
  board: { line: ByteLine; clock: BoardClock } | { port: KitPort };
  /** What the session knows of the board beyond the link: the twin's pins, or the frames sent. */
  side(runtime: Runtime): BoardSide;
  /** Where the page's messages go (the same ones `neuron-kit run` sends over its WebSocket). */
  post(message: ServerMessage): void;
}

/** An exhibit running in the browser: what the page sends in, and a way to stop it. */
export interface Host {
  readonly port: KitPort;
  readonly runtime: Runtime;
  control(message: ControlMessage): void;
  stop(): Promise<void>;
}

/**
 * Runs an exhibit in the browser as `neuron-kit run` does in Node: the board through the kit-protocol
 * port, the same runtime, feed and controls, and the page's messages posted instead of sent over a
 * WebSocket. Used in the twin's Web Worker and, for a kit over Web Serial, in the page.
 */
export async function startHost(options: HostOptions): Promise<Host> {
  const { exhibit, board, post } = options;
  const strips = exhibit.strips.map((s) => ({ pin: s.pin, length: s.length, colorOrder: s.order }));
  const port = 'port' in board ? board.port : await connectCodecPort(board.line, { strips, clock: board.clock });
  const clock = port.clock;
  const runtime = new Runtime(exhibit, port);
  const side = options.side(runtime);
  const session: Session = { kit: port, runtime, side, twin: null, boardLabel: port.path, exhibition: runtime.exhibition };
  const controls = new Controls(session, exhibit);
  const feed = new Feed(session, exhibit, post, { lessons: options.lessons, palette: 'default' });
  runtime.start();
  feed.start();
  post(feed.hello(false));
  port.once('disconnect', () => {
    feed.flush();
    feed.stop();
    runtime.stop();
    post({ type: 'stopped', boardMs: clock.now() });
  });
  return {
    port,
    runtime,
    control(m) {
      if (m.type === 'press') controls.press(m.target, PAGE_CLIENT);
      else if (m.type === 'release') controls.release(m.target, PAGE_CLIENT);
      else if (m.type === 'age') controls.age(m.value);
      else if (m.type === 'lesson') controls.lesson(m.name, feed);
      else if (m.type === 'reset') controls.reset();
      // The site chooses its exhibit on its own page (chooser.ts): its hello offers no switch.
      else if (m.type === 'switch') return;
      else {
        controls.palette(m.name);
        feed.setPalette(m.name);
      }
    },
    async stop() {
      controls.releaseEverything();
      feed.stop();
      runtime.stop();
      await port.close();
    },
  };
}
