import { EventEmitter } from 'node:events';
import createDebug from 'debug';
import { BoardButton } from '../board/button.js';
import type { KitPort } from '../board/kit-port.js';
import { boardOf, buttonPins, type Exhibit } from '../exhibit/types.js';
import { LedLink, type Rgb } from '../link/index.js';
import type { ModelEvent } from '../model/index.js';
import { renderFrames, type Frame, type PaletteName, type RenderResult } from '../render/index.js';
import { type AxonConfig, MAX_AXONS } from '../wire/index.js';
import type { ExhibitModel } from './exhibit-model.js';
import { Exhibition, type Scene } from './exhibition.js';

const log = createDebug('neuron-kit:runtime');

/** Frames are rendered this often (board time): smooth animation, and the link keeps only the newest. */
export const FRAME_INTERVAL_MS = 10;
/** 10-bit ADC full scale (ATmega328P datasheet §24: 0–1023). */
const ADC_MAX = 1023;
/** The age dial must move by more than this (of its range) to count: ADC noise must not flood the model. */
const DIAL_DEADBAND = 0.01;

export interface RuntimeOptions {
  seed?: number;
  palette?: PaletteName;
  /**
   * The exhibit as it lives across connections (its model, visits, attract mode, checkpoints); the
   * runtime attaches it to this board. Default: a new one, without the visitor lifecycle.
   */
  exhibition?: Exhibition;
  /**
   * Which of the exhibit's boards (an index into its `boards`) this runtime drives: its buttons, dial
   * and strips. Default 0, the one board of an exhibit without `boards`. The other boards' runtimes
   * share the exhibition (`exhibition`), so all of them draw one model.
   */
  board?: number;
}

/** Board-time scheduling, as a runtime reads the model's time (see `Runtime.clock`). */
export interface ModelClock {
  now(): number;
  schedule(atMs: number, fn: () => void): () => void;
}

/** Events every runtime of an exhibition passes on, whichever board's runtime they came from. */
const SHARED_EVENTS = new Set(['model', 'visitor', 'cut']);
/** The exhibition event a runtime shares its events under (see `Runtime.share`). */
const SHARE = 'runtime-share';

/** What a visitor did, with the board time it counted. */
export type VisitorEvent =
  | { kind: 'press'; target: string; atMs: number }
  | { kind: 'release'; target: string; atMs: number }
  | { kind: 'age'; age: number; atMs: number };

/**
 * The loop that wires the exhibit: board inputs → model → renderer → LED link → board. Runs on
 * board time: inputs carry their board time, frames are rendered every FRAME_INTERVAL_MS of board
 * time, so results do not depend on how fast the host runs the twin.
 *
 * An exhibit on several boards has one runtime per board, all attached to one exhibition (one model):
 * each takes its own board's inputs, and draws the whole exhibit but sends only its own strips. The
 * model's time is the board time of the first board attached; a board that joins later reads it
 * through an offset (`offsetMs`, measured as it attaches), pulled forward at each of its frames when
 * its clock lags, so every board drives the model forward and none can stop it (docs/exhibit.md).
 *
 * What is drawn is the exhibition's choice (`Exhibition.scene`): the model during a visit, the ghost
 * visitor's copy while idle, the ease back to the starting state after a visit (a cross-fade of the
 * frames), or dark outside opening hours.
 *
 * Events for observers: `'visitor'` (VisitorEvent), `'model'` (ModelEvent of the real model, board
 * time; the ghost's are not passed on), `'frame'` ({ atMs, render }), `'cut'` (synapse ids), and
 * `'stopped'`. Lifecycle events (visits, resets, checkpoints …) are the exhibition's: events.ts.
 */
export class Runtime extends EventEmitter {
  readonly exhibition: Exhibition;
  readonly link: LedLink;
  /** Board time this runtime started at (this connection). */
  readonly startMs: number;
  /** Which of the exhibit's boards this runtime drives (index into its boards). */
  readonly boardIndex: number;
  /** The model's time minus this board's time, ms: 0 for the board the model's time follows. */
  offsetMs = 0;
  /** This board's clock read in the model's time (what frames, inputs and the class bridge use). */
  readonly clock: ModelClock;
  /** The exhibit's strips this board drives (indices into `exhibit.strips`), in the board's order. */
  readonly strips: readonly number[];
  private readonly relay = (event: string, payload: unknown) => this.emit(event, payload);
  private readonly buttons: BoardButton[] = [];
  private cancelTick: (() => void) | null = null;
  private palette: PaletteName;
  private lastRender: RenderResult | null = null;
  /** Board time the newest frame handed to the link was drawn for, ms. */
  renderedAtMs = -Infinity;
  private lastDial = -1;
  /** The frames shown when the current rest began, and the rest's start: what the rest eases from. */
  private restFrom: { sinceMs: number; frames: Frame[] | null } | null = null;
  /** Per neuron, the pixels a press lights at once (its soma, the start of its axons), strips end to end. */
  private readonly pressPixels = new Map<string, number[]>();
  private stopped = false;

  constructor(
    readonly exhibit: Exhibit,
    readonly board: KitPort,
    options: RuntimeOptions = {},
  ) {
    super();
    this.boardIndex = options.board ?? 0;
    const mine = (part: { board?: number }) => boardOf(part) === this.boardIndex;
    this.strips = exhibit.strips.flatMap((s, i) => (mine(s) ? [i] : []));
    this.clock = {
      now: () => this.board.clock.now() + this.offsetMs,
      schedule: (atMs, fn) => this.board.clock.schedule(atMs - this.offsetMs, fn),
    };
    this.exhibition = options.exhibition ?? new Exhibition(exhibit, { seed: options.seed });
    // Joining boards already attached: read the model's time through an offset, so it goes on unbroken.
    this.offsetMs = this.exhibition.attach(board.clock.now());
    this.startMs = this.clock.now();
    this.exhibition.on(SHARE, this.relay);
    this.palette = options.palette ?? 'default';
    this.link = new LedLink(board);
    const injury = exhibit.controls.injury;
    board.prepareInputs(buttonPins(exhibit, this.boardIndex));
    for (const n of exhibit.neurons) {
      if (n.button === undefined || !mine(n)) continue;
      this.watchButton(n.button, n.id, exhibit.debounceMs);
    }
    if (injury && mine(injury)) this.watchButton(injury.button, 'injury', exhibit.debounceMs);
    // Where each of this board's strips starts in its pixels, strips end to end (null: another board's).
    const offsets: Array<number | null> = exhibit.strips.map(() => null);
    let at = 0;
    for (const i of this.strips) {
      offsets[i] = at;
      at += exhibit.strips[i]!.length;
    }
    for (const seg of exhibit.segments) {
      const base = offsets[seg.strip];
      if (base === null || base === undefined) continue;
      const neuron = seg.shows === 'soma' ? seg.of : seg.shows === 'axon' ? seg.of.split('->')[0]! : null;
      if (neuron === null) continue;
      const list = this.pressPixels.get(neuron) ?? [];
      if (seg.shows === 'soma') for (let p = seg.first; p <= seg.last; p++) list.push(base + p);
      else list.push(base + seg.first);
      this.pressPixels.set(neuron, list);
    }
    if (board.kit) this.configureStandalone(offsets);
    const age = exhibit.controls.age;
    if (age && mine(age)) board.watchAnalog(age.analog, (value, atMs) => this.dial(value / ADC_MAX, atMs + this.offsetMs));
  }

  /** Emits `event` here and on every other runtime of the exhibition (the model is theirs too). */
  private share(event: string, payload: unknown): void {
    if (SHARED_EVENTS.has(event)) this.exhibition.emit(SHARE, event, payload);
    else this.emit(event, payload);
  }

  /**
   * Tells the kit firmware which pixels each button's axon covers, so that in its standalone mode
   * (the host gone for 3 s) a press still runs a pulse down that axon (KIT_SUB.axon, kept in EEPROM).
   */
  private configureStandalone(offsets: Array<number | null>): void {
    const axons: AxonConfig[] = [];
    for (const n of this.exhibit.neurons) {
      // Standalone, a board knows only its own buttons and strips: an axon drawn on another board's strip stays dark.
      const axon = this.exhibit.segments.find((s) => s.shows === 'axon' && (s.of === n.id || s.of.startsWith(`${n.id}->`)) && offsets[s.strip] !== null);
      if (n.button === undefined || boardOf(n) !== this.boardIndex || !axon || axons.length >= MAX_AXONS) continue;
      axons.push({ slot: axons.length, buttonPin: n.button, firstPixel: offsets[axon.strip]! + axon.first, pixelCount: axon.last - axon.first + 1 });
    }
    this.board.configureStandalone(axons);
  }

  private watchButton(pin: number, target: string, debounceMs: number): void {
    const button = new BoardButton(this.board, pin, debounceMs);
    button.on('press', (atMs: number) => this.press(target, atMs + this.offsetMs));
    button.on('release', (atMs: number) => this.release(target, atMs + this.offsetMs));
    this.buttons.push(button);
  }

  /** The real model (the exhibition's; it outlives this runtime). */
  get model(): ExhibitModel {
    return this.exhibition.model;
  }

  /** Presses per button since the exhibition began (across connections). */
  get presses(): Record<string, number> {
    return this.exhibition.presses;
  }

  /** Starts rendering on board time. */
  start(): void {
    const tick = () => {
      if (this.stopped) return;
      this.frame();
      this.cancelTick = this.board.clock.schedule(this.board.clock.now() + FRAME_INTERVAL_MS, tick);
    };
    tick();
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.cancelTick?.();
    this.link.close();
    this.exhibition.detach(this.clock.now(), this.heldTargets());
    this.exhibition.off(SHARE, this.relay);
    this.emit('stopped');
  }

  setPalette(palette: PaletteName): void {
    this.palette = palette;
  }

  /**
   * The docent's reset (Exhibition.resetNow): the model goes back to its starting state at model time
   * `atMs` (default now) and the LEDs ease to it, drawn at once.
   */
  reset(atMs: number = this.clock.now()): void {
    if (this.stopped) return;
    this.catchUp(atMs);
    this.exhibition.resetNow(atMs);
    this.frame();
  }

  /** The buttons of this board (what it takes with it when it goes away). */
  private heldTargets(): string[] {
    const targets = this.exhibit.neurons.filter((n) => n.button !== undefined && boardOf(n) === this.boardIndex).map((n) => n.id);
    const injury = this.exhibit.controls.injury;
    if (injury && boardOf(injury) === this.boardIndex) targets.push('injury');
    return targets;
  }

  /** Brings the model up to model time `atMs` while it runs, passing on what happened. */
  private catchUp(atMs: number): void {
    if (!this.exhibition.modelRuns) return;
    for (const e of this.model.advanceTo(atMs)) this.share('model', e satisfies ModelEvent);
  }

  /** A button went down (debounced, model time: the board's time + `offsetMs`). Outside a visit it starts one: the model takes over at once. */
  press(target: string, atMs: number): void {
    if (this.stopped) return;
    this.catchUp(atMs);
    if (!this.exhibition.input('press', target, atMs)) return;
    if (target === 'injury') {
      const cut = this.model.injure();
      log('injury at %d ms: cut %o', atMs, cut);
      this.share('cut', cut);
    } else {
      this.model.press(target);
      // The forced spike happens in the model's next 1 ms step; take it now and draw at once, so the
      // visitor's action potential goes out in the next frame rather than after the frame interval.
      this.catchUp(atMs + 1);
    }
    this.share('visitor', { kind: 'press', target, atMs } satisfies VisitorEvent);
    // The pixels the visitor waits for go out first (the link's urgent hint).
    this.frame(this.pressPixels.get(target) ?? []);
  }

  release(target: string, atMs: number): void {
    if (this.stopped) return;
    this.catchUp(atMs);
    if (!this.exhibition.input('release', target, atMs)) return;
    if (target !== 'injury') this.model.release(target);
    this.share('visitor', { kind: 'release', target, atMs } satisfies VisitorEvent);
  }

  /**
   * A spike of another kit's neuron reached this kit at board time `atMs` (docs/class.md): the remote
   * neuron fires in the model, and the frame drawn at once shows the end of its long axon.
   */
  remoteSpike(neuronId: string, atMs: number): void {
    if (this.stopped) return;
    this.catchUp(atMs);
    // A visitor at another kit is a visit here too: the class's network is one exhibit (docs/class.md).
    if (!this.exhibition.input('remote', neuronId, atMs)) return;
    this.model.fireRemote(neuronId);
    this.catchUp(atMs + 1);
    this.frame();
  }

  /**
   * The age dial reported a position (0–1). Its first report on a board is where it stands, not a
   * visitor turning it: it sets the age without starting a visit.
   */
  dial(age: number, atMs: number): void {
    if (this.stopped || Math.abs(age - this.lastDial) <= DIAL_DEADBAND) return;
    const first = this.lastDial < 0;
    this.lastDial = age;
    this.catchUp(atMs);
    if (!first) this.exhibition.input('dial', 'age', atMs);
    this.model.setAge(age);
    this.share('visitor', { kind: 'age', age, atMs } satisfies VisitorEvent);
  }

  /** Renders the frame for now and hands it to the link (newest state wins). */
  frame(urgent: readonly number[] = []): RenderResult {
    // A board whose clock lags the exhibition's (another board's ran further) catches up: the model never goes back.
    const lagMs = this.exhibition.nowMs - this.clock.now();
    if (lagMs > 0) this.offsetMs += lagMs;
    const boardNow = this.clock.now();
    this.exhibition.tick(boardNow);
    this.catchUp(boardNow);
    const scene = this.exhibition.scene();
    // After a press the model runs up to 1 ms ahead of the board (the spike is taken at once): draw
    // at the model's time so that spike is in this frame.
    const now = scene.kind === 'dark' ? boardNow : Math.max(boardNow, scene.model.nowMs);
    const render = this.draw(scene, now);
    const pixels: Rgb[] = [];
    for (const k of this.strips) {
      const f = render.frames[k]!;
      for (let i = 0; i < f.length; i += 3) pixels.push([f[i]!, f[i + 1]!, f[i + 2]!]);
    }
    // Set before the link sees the frame: it may send it at once, and observers pair what it sends
    // with the board time the frame was drawn for.
    this.renderedAtMs = now;
    this.link.setFrame(pixels, urgent.length > 0 ? { urgent } : {});
    this.lastRender = render;
    this.emit('frame', { atMs: now, render });
    return render;
  }

  private draw(scene: Scene, now: number): RenderResult {
    if (scene.kind === 'dark') return { frames: this.exhibit.strips.map((s) => new Uint8Array(s.length * 3)), powerScale: 1, limited: false };
    const render = renderFrames(this.exhibit, scene.model.view(), scene.model.animation, now, { palette: this.palette });
    if (scene.kind !== 'rest') {
      this.restFrom = null;
      return render;
    }
    if (this.restFrom?.sinceMs !== scene.sinceMs) this.restFrom = { sinceMs: scene.sinceMs, frames: this.lastRender?.frames.map((f) => f.slice()) ?? null };
    const from = this.restFrom.frames;
    if (!from) return render;
    // Smoothstep: the change starts and ends gently, as a breath out.
    const p = scene.progress;
    const w = p * p * (3 - 2 * p);
    const frames = render.frames.map((to, k) => {
      const a = from[k]!;
      const out = new Uint8Array(to.length);
      for (let i = 0; i < to.length; i++) out[i] = Math.round(a[i]! + (to[i]! - a[i]!) * w);
      return out;
    });
    return { frames, powerScale: render.powerScale, limited: render.limited };
  }

  /** The last frame rendered (before gamma), or null before the first. */
  get lastFrame(): RenderResult | null {
    return this.lastRender;
  }
}
