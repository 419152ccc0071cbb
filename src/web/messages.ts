/**
 * The messages between the web server and the page (version 1). Types only, so the page's code can
 * import them without pulling in anything from Node.
 *
 * Server → page: one `hello` on connect, then `tick`s at most ~30 per second (newest state wins),
 * `refused` when a control action was not accepted, `switch-refused` when an exhibit asked for cannot
 * run on this board, `switching` when another exhibit is about to replace this one, and `stopped` when
 * the exhibit ends.
 * Page → server: {@link ControlMessage}s, each at most {@link MAX_CONTROL_BYTES} of JSON.
 */

import type { LessonState } from '../lessons/types.js';
import type { Cause } from '../model/ledger.js';
import type { Direction } from '../story/strength.js';

export type { LessonState };

export const WEB_PROTOCOL_VERSION = 1;

/** A control message larger than this is dropped and counted; nothing legitimate comes close. */
export const MAX_CONTROL_BYTES = 1024;

export type WebPaletteName = 'default' | 'colorblind';

export interface LegendColours {
  actionPotential: [number, number, number];
  neutral: [number, number, number];
  potentiated: [number, number, number];
  depressed: [number, number, number];
}

/** Where the visitor view draws a segment (the exhibit's `layout`): points in 0–1, x right, y down. */
export interface SegmentPath {
  segment: number;
  path: Array<[number, number]>;
}

export interface ExhibitSummary {
  name: string;
  about: string | null;
  /** One short line telling a visitor what to do (the exhibit's `invitation`), or null. */
  invitation: string | null;
  neurons: Array<{ id: string; label: string; pressable: boolean }>;
  /** Every synapse id, those that may grow (candidates) included, which are listed again here. */
  synapses: string[];
  candidates: string[];
  /** `board`: on an exhibit with several boards, the id of the board that drives the strip. */
  strips: Array<{ pin: number; length: number; board?: string }>;
  segments: Array<{ shows: 'axon' | 'synapse' | 'soma'; of: string; strip: number; first: number; last: number }>;
  age: { start: number } | null;
  injury: { cuts: string[] } | null;
  /** Slow-clock speed-up K: one board second is K seconds of consolidation, pruning and sprouting. */
  compression: number;
  /** The exhibit's own drawing of some segments; the rest are placed automatically. */
  layout: SegmentPath[];
  /** Whether a visit starts from the exhibit's starting state (`reset`) or from where the last one left it (`keep`): what "the start" means in the legend. */
  idleMode: 'reset' | 'keep';
}

/** What one synapse looks like in a sample. */
export interface SynapseSample {
  /**
   * Its strength against its reference as a fraction (+0.23: 23% stronger than at the start): the
   * one quantity of story/strength.ts that the captions and the strip's hue show too.
   */
  change: number;
  efficacy: number;
  release: number;
  receptors: number;
  contacts: number;
  exists: boolean;
}

/** The model's synapses at one board time, for the dashboard's plots. */
export interface Sample {
  tMs: number;
  age: number;
  synapses: Record<string, SynapseSample>;
}

/** One action potential: [neuron id, board ms]. */
export type SpikeMark = [string, number];

/**
 * What a caption tells: what the visitor did, a model event, or a synapse's strength against its
 * reference (`stronger`, `weaker`, `same`: story/strength.ts).
 */
export type CaptionKind =
  | 'press' | 'injury' | 'age' | 'reset'
  | 'cut' | 'formed' | 'regrown' | 'pruned'
  | 'contact-gained' | 'contact-lost' | 'lost-development' | 'lost-lesion'
  | 'stronger' | 'weaker' | 'same';

export interface Caption {
  tMs: number;
  kind: CaptionKind;
  /** The precise caption, for the docent page and the terminal. */
  text: string;
  /** The same news in one short plain sentence for a visitor (the visitor view), without the model's terms. */
  plain: string;
  /** What it is about: a synapse id ("A->C"), a neuron id, or the neuron the visitor fired. */
  subject?: string;
  /** The mechanism the model booked the change to (its ledger, or the event's own cause). */
  cause?: Cause;
  /**
   * A strength caption's numbers: the efficacy against its reference as a signed whole percent, the
   * direction that says (within ±5%: `same`), and which way it was moving since last told.
   */
  strength?: { percent: number; direction: Direction; trend: 'rising' | 'falling' };
}

/** A lesson the page may start (docs: lessons/). */
export interface LessonOffer {
  name: string;
  title: string;
  idea: string;
  minutes: number;
}

/** An exhibit the docent may switch to: `id` names it in a `switch` message, `name` is its own. */
export interface ExhibitOffer {
  id: string;
  name: string;
}

/** The exhibits offered for switching, and which of them runs (null: one from elsewhere). */
export interface ExhibitChoices {
  offered: ExhibitOffer[];
  current: string | null;
}

/** The exhibit as one kit of a class (docs/class.md): its link to the class broker. */
export interface ClassStatus {
  className: string;
  kit: string;
  status: 'connecting' | 'connected' | 'offline' | 'refused';
  /** Other kits of the class seen online (their presence). */
  kitsOnline: number;
}

export interface HelloMessage {
  type: 'hello';
  version: typeof WEB_PROTOCOL_VERSION;
  /** `emulated` for the twin, else the serial port of the real board. */
  board: string;
  firmware: string;
  exhibit: ExhibitSummary;
  /** Whether control messages must carry the access token (the server listens beyond loopback). */
  controlsNeedToken: boolean;
  /** The LEDs' gamma: pixels arrive as wire values (after it). */
  ledGamma: number;
  /** The colours of the visual language per palette, logical RGB (before gamma), for the legends. */
  legend: Record<WebPaletteName, LegendColours>;
  palette: WebPaletteName;
  boardMs: number;
  history: Sample[];
  spikes: SpikeMark[];
  captions: Caption[];
  /** The lessons that run on this exhibit, and the one running (null: none). */
  lessons: LessonOffer[];
  lesson: LessonState | null;
  /** What the strips showed at the last tick (null: nothing latched yet). */
  pixels: Array<StripPixels | null>;
  /** The exhibit's class link, when it is one kit of a class. */
  class?: ClassStatus;
  /** The exhibits the docent may switch to; absent when switching is off (`--no-switch`, a class, a scripted run). */
  exhibits?: ExhibitChoices;
  /** Whether the strips show the attract demo now (ticks say when it changes). */
  demo?: boolean;
}

export interface StripPixels {
  /** Board ms the frame latched on the twin's data pin (on a real board: when it was rendered). */
  atMs: number;
  /** 6 hex digits per pixel, logical order, wire values (after the LEDs' gamma). */
  hex: string;
}

export interface TickMessage {
  type: 'tick';
  boardMs: number;
  /** Per strip, in exhibit order: the newest frame, or null if it did not change since the last tick. */
  pixels: Array<StripPixels | null>;
  spikes: SpikeMark[];
  samples: Sample[];
  captions: Caption[];
  palette: WebPaletteName;
  /** The running lesson, when it changed since the last tick (null: it ended). */
  lesson?: LessonState | null;
  /** The class link, when it changed since the last tick. */
  class?: ClassStatus;
  /** Whether the attract demo is what the strips show now, when that changed since the last tick. */
  demo?: boolean;
}

export interface RefusedMessage {
  type: 'refused';
  reason: 'token' | 'rate';
}

export interface StoppedMessage {
  type: 'stopped';
  boardMs: number;
}

/** Another exhibit was chosen and fits the board: this one stops, and the page comes back with the new one. */
export interface SwitchingMessage {
  type: 'switching';
  /** The new exhibit's name. */
  to: string;
}

/** The exhibit asked for cannot run here; the running one goes on. Only to the page that asked. */
export interface SwitchRefusedMessage {
  type: 'switch-refused';
  exhibit: string;
  /** What is wrong, one line each ("strips[0].pin: the uno has no digital pin 40; use D2–D13"). */
  problems: string[];
}

export type ServerMessage = HelloMessage | TickMessage | RefusedMessage | StoppedMessage | SwitchingMessage | SwitchRefusedMessage;

/** What a page may ask for. `target` is a neuron id with a button, or `injury`. */
export type ControlMessage =
  | { type: 'press'; target: string; token?: string }
  | { type: 'release'; target: string; token?: string }
  | { type: 'age'; value: number; token?: string }
  | { type: 'palette'; name: WebPaletteName; token?: string }
  | { type: 'lesson'; name: string | null; token?: string }
  /** The docent's reset: the exhibit back to its starting state now. */
  | { type: 'reset'; token?: string }
  /** The docent's switch to another exhibit, by its offer's id. */
  | { type: 'switch'; exhibit: string; token?: string };
