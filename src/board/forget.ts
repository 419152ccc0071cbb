import { createRequire } from 'node:module';
import type { Board as J5Board } from 'johnny-five';
import type FirmataIo from 'firmata-io';

const require = createRequire(import.meta.url);

type FirmataInstance = InstanceType<typeof FirmataIo.Firmata>;

type Listener = (...args: unknown[]) => void;
interface ListenerHost {
  listeners(event: string): Function[];
  on(event: string, listener: Listener): unknown;
  off(event: string, listener: Listener): unknown;
}

/**
 * Stands in for firmata-io's error listener once it is gone: an error the stream raises after we are
 * done with it (a write racing the close) is of no interest, and a stream error without any listener
 * would end the process. One per stream, however many boards it carried.
 */
const ignoreLateError: Listener = () => {};

/** What each firmata-io instance put on its stream, for {@link forgetBoard} to take off. */
const onStream = new WeakMap<object, { stream: ListenerHost; added: Array<[string, Listener]> }>();
/** The events firmata-io listens to on its transport (lib/firmata.js, Firmata constructor). */
const FIRMATA_STREAM_EVENTS = ['close', 'open', 'error', 'data'];

/**
 * Makes a firmata-io instance on `stream`, noting the listeners it puts on the stream. A stream can
 * outlive its connection — the twin's line, opened again after the board restarted — and must not go
 * on feeding (and keeping alive) every board it ever carried: {@link forgetBoard} takes them off.
 */
export function firmataOn<S extends ListenerHost>(Firmata: new (stream: S) => FirmataInstance, stream: S): FirmataInstance {
  const before = new Map(FIRMATA_STREAM_EVENTS.map((e) => [e, new Set(stream.listeners(e))]));
  const io = new Firmata(stream);
  const added: Array<[string, Listener]> = [];
  for (const e of FIRMATA_STREAM_EVENTS) {
    for (const l of stream.listeners(e)) if (!before.get(e)!.has(l)) added.push([e, l as Listener]);
  }
  // firmata-io's parser throws on some byte sequences no Firmata board sends (random noise on the line
  // crashed it: a negative buffer size, a mode set on a pin it never heard of). Such a throw would end
  // the process as an unexpected error; it is the line that is wrong, so the instance says 'garbled'
  // and its owner ends the connection with a message about the line. The parser's state is not trusted
  // after that: nothing more is fed to it.
  for (const entry of added) {
    if (entry[0] !== 'data') continue;
    const parse = entry[1];
    let garbled = false;
    const guarded: Listener = (...args) => {
      if (garbled) return;
      try {
        parse(...args);
      } catch (err) {
        garbled = true;
        io.emit('garbled', err);
      }
    };
    stream.off('data', parse);
    stream.on('data', guarded);
    entry[1] = guarded;
  }
  onStream.set(io, { stream, added });
  return io;
}

/**
 * Leaves nothing behind of a johnny-five board we are done with: its wall-clock ready timer (set at
 * 'connect', cleared only by 'ready': pending for 2^31−1 ms on a board that never answered),
 * firmata-io's 5 s report-version retry, its listeners on the stream (when made by {@link firmataOn}),
 * and johnny-five's module-wide cache of every Board ever made (which would otherwise keep one more
 * board alive per failed attempt or reconnect).
 */
export function forgetBoard(io: FirmataInstance, j5: J5Board): void {
  const listening = onStream.get(io);
  if (listening) {
    const { stream } = listening;
    for (const [e, l] of listening.added) stream.off(e, l);
    if (!stream.listeners('error').includes(ignoreLateError)) stream.on('error', ignoreLateError);
    onStream.delete(io);
  }
  clearTimeout((j5 as J5Board & { timer?: NodeJS.Timeout }).timer);
  clearTimeout((io as FirmataInstance & { reportVersionTimeoutId?: NodeJS.Timeout }).reportVersionTimeoutId);
  const five = require('johnny-five') as { Board: { cache: J5Board[] } };
  const at = five.Board.cache.indexOf(j5);
  if (at >= 0) five.Board.cache.splice(at, 1);
}
