import type { SentFrame } from '../link/index.js';

/** A frame on one strip's data line: wire bytes (3 per pixel, in the strip's colour order, after gamma). */
export interface ShownFrame {
  readonly pin: number;
  readonly bytes: Uint8Array;
  /** Board time the frame latched (the twin) or was sent (a real board), ms. */
  readonly latchedAtMs: number;
  /** On an exhibit with several boards, which board's strip (index into its boards); absent: the first. */
  readonly board?: number;
}

/**
 * What the exhibit's LEDs show, as far as the host can know: on the twin, frames decoded from the
 * WS2812 waveform on each data pin; on a real board, the frames the link sent.
 */
export interface LedView {
  /** True when frames are seen on the data pins (so they can be audited), false when they are what was sent. */
  readonly observed: boolean;
  /** The newest frame on strip pin `pin` of board `board` (an index into the exhibit's boards; default the first). */
  lastFrame(pin: number, board?: number): ShownFrame | null;
  /** Calls `listener` for every frame; returns a function that stops it. */
  onFrame(listener: (frame: ShownFrame) => void): () => void;
}

/**
 * Where visitor actions from the page, the terminal or a script go, chosen once when the exhibit
 * starts: the twin's pins (so firmware, Firmata and debounce see the press), or the runtime's
 * commands on a real board, whose buttons nobody can press from here.
 */
export interface VisitorInputs {
  /** A button goes down: `target` is a neuron id or "injury", `pin` its button pin. */
  press(target: string, pin: number): void;
  release(target: string, pin: number): void;
  /** The age dial on analog `channel` turned to `fraction` (0–1). */
  turn(channel: number, fraction: number): void;
}

/** Input edges with their board time, where the host can see them (the twin's pins). */
export interface InputEdges {
  onInputEdge(listener: (pin: number, high: boolean, atMs: number) => void): void;
}

/** What the session knows of the board beyond the link, chosen once at start. */
export interface BoardSide {
  readonly inputs: VisitorInputs;
  readonly leds: LedView;
  /** Null when the board's input edges cannot be seen (a real board): no press → LED latency then. */
  readonly edges: InputEdges | null;
}

/** The parts of a twin a {@link BoardSide} uses (structural, so runtime/ need not import the emulator). */
export interface TwinLike extends InputEdges {
  lastFrame(pin: number): ShownFrame | null;
  onFrame(listener: (frame: ShownFrame) => void): () => void;
  press(pin: number): void;
  release(pin: number): void;
  setAnalog(channel: number, fraction: number): void;
}

/** The twin: visitor actions drive its pins, the LEDs are decoded from its data pins. */
export function twinSide(twin: TwinLike): BoardSide {
  return {
    inputs: { press: (_t, pin) => twin.press(pin), release: (_t, pin) => twin.release(pin), turn: (ch, f) => twin.setAnalog(ch, f) },
    leds: { observed: true, lastFrame: (pin) => twin.lastFrame(pin), onFrame: (l) => twin.onFrame(l) },
    edges: twin,
  };
}

/** The parts of the runtime a real board's {@link BoardSide} uses. */
export interface RuntimeLike {
  press(target: string, atMs: number): void;
  release(target: string, atMs: number): void;
  dial(fraction: number, atMs: number): void;
  readonly link: { on(event: 'sent', listener: (frame: SentFrame) => void): unknown };
  /** The board's clock in the model's time (inputs are stamped with it). */
  readonly clock: { now(): number };
}

/** A real board: visitor actions are runtime commands, the LEDs show what the link sent. */
export function sentSide(runtime: RuntimeLike): BoardSide {
  const last = new Map<number, ShownFrame>();
  const listeners = new Set<(frame: ShownFrame) => void>();
  runtime.link.on('sent', (sent) => {
    for (const s of sent.strips) {
      const frame = { pin: s.pin, bytes: s.bytes, latchedAtMs: sent.atMs };
      last.set(s.pin, frame);
      for (const l of listeners) l(frame);
    }
  });
  const now = () => runtime.clock.now();
  return {
    inputs: { press: (t) => runtime.press(t, now()), release: (t) => runtime.release(t, now()), turn: (_ch, f) => runtime.dial(f, now()) },
    leds: {
      observed: false,
      lastFrame: (pin) => last.get(pin) ?? null,
      onFrame: (l) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
    },
    edges: null,
  };
}
