import { EventEmitter } from 'node:events';
import { expect, test } from 'vitest';
import { FrameAudit, type LatchedFrame, type SentFrame } from '../../src/link/index.js';

/** A link stand-in that only says what it sent, and a strip's latched frames, for pin 6. */
function rig(inFlightAtStart?: number) {
  const link = new EventEmitter();
  const latch = new EventEmitter();
  const audit = new FrameAudit(link, (l) => latch.on('frame', l), inFlightAtStart);
  let seq = 0;
  return {
    audit,
    send: (v: number) => link.emit('sent', { seq: seq++, strips: [{ pin: 6, bytes: Uint8Array.of(v, v, v) }] } as unknown as SentFrame),
    latch: (v: number) => latch.emit('frame', { pin: 6, bytes: Uint8Array.of(v, v, v), latchedAtMs: 0 } satisfies LatchedFrame),
  };
}

test('from the first frame sent, every latched frame is paired: one that differs, or that nobody sent, counts', () => {
  const r = rig();
  r.send(1);
  r.latch(1);
  r.send(2);
  r.latch(9);
  r.latch(3);
  expect(r.audit.counts).toEqual({ framesShown: 1, framesCorrupted: 2, framesPending: 0 });
});

test('an audit that joins a running link lets go the frames sent before it (at most as many as it is told), then pairs the rest', () => {
  const r = rig(2);
  r.send(5); // sent after it began…
  r.latch(3); // …but these two were sent before
  r.latch(4);
  r.latch(5);
  r.send(6);
  r.latch(7);
  expect(r.audit.counts).toEqual({ framesShown: 1, framesCorrupted: 1, framesPending: 0 });
});

test('joining, it lets go no more than it is told: a third frame it cannot pair counts', () => {
  const r = rig(2);
  r.send(5);
  r.latch(1);
  r.latch(2);
  r.latch(3);
  expect(r.audit.counts).toEqual({ framesShown: 0, framesCorrupted: 1, framesPending: 0 });
});
