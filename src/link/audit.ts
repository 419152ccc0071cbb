import type { SentFrame } from './link.js';

/** Anything that emits `'sent'` frames: the {@link LedLink}, or another sender being compared with it. */
export interface FrameSource {
  on(event: 'sent', listener: (frame: SentFrame) => void): unknown;
}

/** Outcome of comparing what the LEDs latched with what the link meant them to show. */
export interface AuditCounts {
  /** Frames latched whose pixels equal the intended frame. */
  framesShown: number;
  /** Frames latched whose pixels differ from the intended frame, or that nobody intended. */
  framesCorrupted: number;
  /** Intended frames not latched yet. */
  framesPending: number;
}

interface Expected { seq: number; bytes: Uint8Array }

/** A frame latched on a strip's data pin (the emulator's decoded WS2812 frame has this shape). */
export interface LatchedFrame { pin: number; bytes: Uint8Array; latchedAtMs: number }

/**
 * On the twin: pairs each frame decoded from a strip's WS2812 waveform with the frame the link sent
 * for that strip, in order, and counts the ones that differ. The count must stay 0.
 */
export class FrameAudit {
  readonly counts: AuditCounts = { framesShown: 0, framesCorrupted: 0, framesPending: 0 };
  /** The first few mismatches, for diagnosis. */
  readonly mismatches: { pin: number; seq: number; latchedAtMs: number; firstDifferentByte: number }[] = [];
  private readonly expected = new Map<number, Expected[]>();
  /** Latched frames that may still be ones sent before this audit began, per pin; see the constructor. */
  private readonly joining = new Map<number, number>();

  /**
   * Call with the link to watch and the twin's frame feed (`twin.onFrame`). `inFlightAtStart`: an
   * audit that begins while the link already runs (a monitor attached later) may see up to this
   * many frames latch that were sent before it began; until its first match on a strip, that many
   * latched frames it cannot pair are let go, not counted. Default 0: every frame is paired.
   */
  constructor(link: FrameSource, onFrame: (listener: (frame: LatchedFrame) => void) => unknown, private readonly inFlightAtStart = 0) {
    link.on('sent', (sent: SentFrame) => {
      for (const s of sent.strips) {
        let q = this.expected.get(s.pin);
        if (!q) this.expected.set(s.pin, (q = []));
        q.push({ seq: sent.seq, bytes: s.bytes });
        this.counts.framesPending++;
      }
    });
    onFrame((frame) => this.check(frame));
  }

  private check(frame: LatchedFrame): void {
    const queue = this.expected.get(frame.pin);
    const want = queue?.[0];
    const diff = want ? firstDifference(want.bytes, frame.bytes) : 0;
    const joining = this.joining.get(frame.pin) ?? this.inFlightAtStart;
    if (diff >= 0 && joining > 0) {
      // Sent before this audit began: what it waits for is still to come.
      this.joining.set(frame.pin, joining - 1);
      return;
    }
    this.joining.set(frame.pin, 0);
    if (want) {
      queue!.shift();
      this.counts.framesPending--;
    }
    if (diff < 0) {
      this.counts.framesShown++;
      return;
    }
    this.counts.framesCorrupted++;
    if (this.mismatches.length < 10) this.mismatches.push({ pin: frame.pin, seq: want?.seq ?? -1, latchedAtMs: frame.latchedAtMs, firstDifferentByte: diff });
  }
}

function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return -1;
}
