import { unoHex } from 'neuron-kit:content';
import { parseIntelHex } from '../emulator/hex.js';
import { TwinCore } from '../emulator/twin-core.js';
import { UartLine } from '../emulator/uart-line.js';
import { readExhibit } from '../exhibit/read.js';
import { buttonPins } from '../exhibit/types.js';
import { KIT_BAUD_RATE } from '../wire/index.js';
import { twinSide } from '../runtime/board-side.js';
import type { ControlMessage, ServerMessage } from '../web/messages.js';
import { lessonsFor } from './content.js';
import { startHost, type Host } from './host.js';
import { twinLine } from './twin-line.js';

/** What the page asks of the twin's host. */
export type ToTwin = { type: 'start'; exhibit: unknown } | { type: 'control'; message: ControlMessage } | { type: 'stop' };

/** What the twin's host tells the page: the exhibit's messages, its speed, or why it could not start. */
export type FromTwin =
  | ServerMessage
  | { type: 'speed'; boardMs: number; wallMs: number }
  | { type: 'failed'; text: string };

/** How often the host reports the twin's speed to the page, wall ms. */
const SPEED_EVERY_MS = 1000;

/**
 * The twin in the browser: the committed kit firmware for the Uno on an emulated ATmega328P, paced to
 * the wall clock, and the exhibit's host on its serial line. Runs in a Web Worker (or, where the
 * browser allows none, in the page); talks to the page only through `post`.
 */
export function twinHost(post: (message: FromTwin) => void): (message: ToTwin) => void {
  let host: Host | null = null;
  let twin: TwinCore | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;
  const start = async (doc: unknown) => {
    const exhibit = readExhibit(doc);
    const line = new UartLine(KIT_BAUD_RATE);
    const t = new TwinCore(parseIntelHex(unoHex), line, { pulledUpPins: buttonPins(exhibit) });
    twin = t;
    if (exhibit.controls.age) t.setAnalog(exhibit.controls.age.analog, exhibit.controls.age.start);
    const running = t.run({ pace: 'realtime', until: () => twin !== t, withinMs: Infinity });
    running.catch((err: unknown) => post({ type: 'failed', text: `The twin stopped: ${(err as Error).message}` }));
    host = await startHost({ exhibit, lessons: lessonsFor(exhibit.name), board: { line: twinLine(line), clock: t.clock }, side: () => twinSide(t), post });
    let last = { boardMs: t.nowMs, wallMs: performance.now() };
    timer = setInterval(() => {
      const now = { boardMs: t.nowMs, wallMs: performance.now() };
      post({ type: 'speed', boardMs: now.boardMs - last.boardMs, wallMs: now.wallMs - last.wallMs });
      last = now;
    }, SPEED_EVERY_MS);
  };
  return (message) => {
    if (message.type === 'start') {
      start(message.exhibit).catch((err: unknown) => post({ type: 'failed', text: (err as Error).message }));
    } else if (message.type === 'control') host?.control(message.message);
    else {
      if (timer) clearInterval(timer);
      void host?.stop();
      host = null;
      twin = null;
    }
  };
}
