import type { Preparation, SynapseSpec } from '../model/index.js';
import type { Check } from '../lessons/checks.js';
import type { VisitorAction } from '../runtime/script.js';
import type { BoardKind, ColorOrder } from './boards.js';

export interface ExhibitNeuron {
  id: string;
  /** What the neuron stands for, printed on its button ("Touch"). */
  label: string;
  /** Digital pin of its push button (to ground, pull-up; pressed = low). */
  button?: number;
  /** Extension: while its button is held, the neuron fires at this rate (a tetanus). None by default. */
  holdHz?: number;
  /** Extension: homeostatic target rate, Hz. Default: its own rate over its first slow day (its set point). */
  targetHz?: number;
  /** Whether long silence during development can kill it. Default: false for neurons with a button, true otherwise. */
  canBeLost: boolean;
  /** Extension: all its synapses inhibit (Dale's law). Default false. */
  inhibitory: boolean;
  /** Index into the exhibit's `boards` of the board its button is wired to; absent: the first. */
  board?: number;
  /** Extension: its background firing rate, Hz. Default: the exhibit's `spontaneousHz`. */
  spontaneousHz?: number;
}

export interface Strip {
  pin: number;
  length: number;
  order: ColorOrder;
  /** Index into the exhibit's `boards` of the board that drives it; absent: the first. */
  board?: number;
}

/** One board of an exhibit that runs on several (`boards`, docs/exhibit.md). */
export interface ExhibitBoard {
  /** How strips, neurons and controls name it ("left"). */
  id: string;
  kind: BoardKind;
  /** Only a real board will do (as `board.require`). */
  require?: boolean;
}

export type SegmentKind = 'axon' | 'synapse' | 'soma';

export interface Segment {
  shows: SegmentKind;
  /** A synapse id ("A->C") or a neuron id. */
  of: string;
  strip: number;
  first: number;
  last: number;
}

/** Where the visitor page draws one segment: points [x, y] in 0–1, x to the right, y down. */
export interface SegmentLayout {
  /** Index into `segments`. */
  segment: number;
  path: Array<[number, number]>;
}

/** A synapse from another kit's neuron (`from`: "kit-2/C") onto a neuron of this exhibit. */
export interface RemoteInput extends SynapseSpec {
  /** Axonal delay from the spike on the other kit to its arrival here, ms. */
  delayMs: number;
}

/** Extension `idle`: when a visit ends, and what the exhibit does then. */
export interface IdleConfig {
  /** A visit ends after this much board time without input, ms (`afterS`, default 60 s). */
  afterMs: number;
  /**
   * `reset` (default): between visits the exhibit eases back to its starting state, so every visitor
   * meets the same exhibit; `keep`: it keeps what visitors taught it (reset at opening, see `hours`).
   */
  mode: 'reset' | 'keep';
  /** How long the LEDs take to ease back (the rest), ms (`restS`, default 3 s). */
  restMs: number;
}

/** Extension `attract`: what a ghost visitor plays on the strips while nobody is there. */
export interface AttractConfig {
  /** Visitor actions from the start of each round, board ms (the `--script` format, read as the exhibit is). */
  script: VisitorAction[];
  /** A round starts this often, ms (`everyS`). */
  everyMs: number;
}

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** Extension `hours`: when the museum is open. Outside them the LEDs are dark and the model paused. */
export interface OpeningHours {
  /** IANA time zone the times are in (default: the computer's). */
  timeZone: string;
  /** Per weekday, the open periods as [from, to) minutes after local midnight; a day not listed is closed. */
  weekly: Record<Weekday, Array<[number, number]>>;
  /** At each opening: `fresh`, the exhibit's starting state (default), or `saved`, as it was at closing. */
  atOpening: 'fresh' | 'saved';
}

/** A validated exhibit (format v1, docs/exhibit.md). */
export interface Exhibit {
  name: string;
  board: {
    kind: BoardKind;
    /**
     * Extension: only a real board will do (a permanent installation). `neuron-kit run --board auto`
     * then waits for the Arduino to be plugged in instead of running on the emulated board. Default false.
     */
    require?: boolean;
  };
  /**
   * Extension: the boards of an exhibit that runs on several, in the order `--board` names them; the
   * first is also `board`. Absent: the one board `board`.
   */
  boards?: ExhibitBoard[];
  neurons: ExhibitNeuron[];
  synapses: SynapseSpec[];
  candidates: Array<[string, string]>;
  strips: Strip[];
  segments: Segment[];
  controls: {
    /** `start`: extension, where the emulated board's dial starts (0–1). Default 1 (adult). */
    age?: { analog: number; start: number; board?: number };
    injury?: { button: number; cuts: string[]; board?: number };
  };
  power: { supplyAmps: number; maxBrightness: number };
  compression: number;
  /** Extension: how long a button must hold still before a change counts, board ms. Default 20. */
  debounceMs: number;
  /**
   * Extension: which experiments the long-term rule's parameters come from (docs/model.md). Default
   * `hippocampal-culture`, the fit to Bi & Poo's spike-timing window, as for protocols.
   */
  preparation: Preparation;
  /** Extension: background firing of every neuron that does not set its own, Hz. Default 0.5. */
  spontaneousHz: number;
  /** Extension: what a visitor does and sees, in a sentence or two (the visitor view shows it under the invitation). */
  about?: string;
  /** Extension: one short line (at most 90 characters) telling a visitor what to do; the visitor view's headline. */
  invitation?: string;
  /** Extension: pixel pitch of the strips, for lengths and voltage drop. Default 60. */
  pixelsPerMetre: number;
  /** Extension: least duty (0–0.25, after gamma) of the brightest channel of a live segment's lit pixels. Default 0.05. */
  restingBrightness: number;
  /** Extension: where the visitor page draws segments; the rest are drawn automatically. */
  layout?: { segments: SegmentLayout[] };
  /** Extension (docs/class.md): synapses from other kits' neurons. Default none. */
  remote: RemoteInput[];
  /** Extension (docs/class.md): neurons whose spikes other kits may receive. Default none. */
  publish: string[];
  /** Extension: visits and the rest between them. Absent: the defaults (see IdleConfig). */
  idle?: IdleConfig;
  /** Extension: the attract demo; `false` for none (the strips then idle on their own). Absent: one made from the buttons. */
  attract?: AttractConfig | false;
  /** Extension: opening hours. Absent: always open. */
  hours?: OpeningHours;
  /**
   * Extension: what the exhibit claims a visitor will see (its `about`, made checkable): visitor
   * actions from its starting state and what must then hold on the model and the strip.
   * `neuron-kit check` plays each. Default none.
   */
  claims: ExhibitClaim[];
}

/** One claim of an exhibit (docs/exhibit.md `claims`). */
export interface ExhibitClaim {
  /** The sentence of `about` it stands for. */
  says: string;
  /** Visitor actions, board ms from the claim's start. */
  actions: VisitorAction[];
  /** When `then` is looked at, board ms from the claim's start. */
  afterMs: number;
  then: Check[];
}

/** Which of the exhibit's boards a neuron, strip or control is on: its `board`, else the first (0). */
export function boardOf(part: { board?: number }): number {
  return part.board ?? 0;
}

/** The boards an exhibit runs on: its `boards`, or its one `board` (id "board"). */
export function exhibitBoards(exhibit: Pick<Exhibit, 'board' | 'boards'>): ExhibitBoard[] {
  return exhibit.boards ?? [{ id: 'board', kind: exhibit.board.kind, ...(exhibit.board.require ? { require: true } : {}) }];
}

/**
 * Every push-button pin of an exhibit, or of one of its boards (`board`: an index into its boards):
 * the neurons' buttons, then the injury button.
 */
export function buttonPins(exhibit: Exhibit, board?: number): number[] {
  const on = (part: { board?: number }) => board === undefined || boardOf(part) === board;
  const pins = exhibit.neurons.flatMap((n) => (n.button === undefined || !on(n) ? [] : [n.button]));
  if (exhibit.controls.injury && on(exhibit.controls.injury)) pins.push(exhibit.controls.injury.button);
  return pins;
}
