import { type DecodedFrame } from '../../src/emulator/index.js';
import { wireToRgb } from '../../src/wire/index.js';
import type { Exhibit } from '../../src/exhibit/index.js';
import type { Session } from '../../src/runtime/session.js';

/** A visitor's 60 ms tap on the twin's `pin`, `atMs` of board time after the runtime started. */
export function tapAt(s: Session, atMs: number, pin: number): void {
  s.kit.clock.schedule(s.runtime.startMs + atMs, () => s.twin!.press(pin));
  s.kit.clock.schedule(s.runtime.startMs + atMs + 60, () => s.twin!.release(pin));
}

/** The summed brightness of one of `exhibit`'s segments in a decoded frame. */
export function segmentBrightness(exhibit: Exhibit, frame: DecodedFrame, shows: string, of: string): number {
  const s = exhibit.segments.find((x) => x.shows === shows && x.of === of)!;
  return wireToRgb(frame.bytes, 'GRB').slice(s.first, s.last + 1).reduce((n, p) => n + p[0]! + p[1]! + p[2]!, 0);
}
