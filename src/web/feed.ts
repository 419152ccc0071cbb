import createDebug from 'debug';
import { wireToRgb } from '../wire/index.js';
import type { Exhibit } from '../exhibit/index.js';
import { boardOf } from '../exhibit/types.js';
// From the module itself: the exhibit index also re-exports the file loader, which needs Node.
import { remoteLabel, remoteNeuronIds } from '../exhibit/remote.js';
import type { ModelEvent } from '../model/index.js';
import { LED_GAMMA, PALETTES, type Palette, type RenderResult } from '../render/index.js';
import type { ShownFrame } from '../runtime/board-side.js';
import type { VisitorEvent } from '../runtime/runtime.js';
import type { Session } from '../runtime/session.js';
import { LessonProgress } from '../lessons/progress.js';
import type { Lesson } from '../lessons/types.js';
import { Narrator } from '../story/captions.js';
import { relativeOf } from '../story/view.js';
import { WEB_PROTOCOL_VERSION, type Caption, type ClassStatus, type ExhibitSummary, type HelloMessage, type LegendColours, type LessonState, type Sample, type SpikeMark, type StripPixels, type TickMessage, type WebPaletteName } from './messages.js';

const log = createDebug('neuron-kit:web:feed');

export interface FeedOptions {
  /** Wall-clock ms between ticks to the pages: newest state wins in between. Default 33 (≈30 Hz). */
  tickMs?: number;
  /** Board ms between samples of the synapses for the plots. Default 200. */
  sampleEveryMs?: number;
  /** Board ms of samples a newly connected page receives. Default 120,000. */
  historyMs?: number;
  /** Board ms of spikes a newly connected page receives for its raster. Default 10,000. */
  spikeHistoryMs?: number;
  palette?: WebPaletteName;
  /** The lessons the pages may start (default: none; the server offers the bundled ones), and one to start with. */
  lessons?: Lesson[];
  lesson?: string;
  /** The exhibit's class link now, when it is one kit of a class (docs/class.md). */
  classStatus?: () => ClassStatus | null;
}

/** A tick is sent at least this often (wall ms) even when nothing changed, so pages see board time move. */
const HEARTBEAT_MS = 1000;
/** A page gets at most this many spikes per tick; a 50 Hz train for 33 ms is 2. */
const MAX_SPIKES_PER_TICK = 500;
const MAX_SPIKE_HISTORY = 5000;
const MAX_CAPTIONS = 12;

/** Four decimals are more than a plot can show and keep a page's history small. */
const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
const hex2 = (v: number) => (v < 16 ? '0' : '') + v.toString(16);

/**
 * Watches a running session (as an observer only: runtime events and the session's LED view) and
 * turns it into the page's messages: what the LEDs show (decoded from the twin's data pins, or the
 * frames sent to a real board), spikes, synapse samples and captions. One serialisation per tick is shared by
 * every viewer, so thirty tabs cost little more than one.
 */
export class Feed {
  readonly summary: ExhibitSummary;
  palette: WebPaletteName;
  private readonly tickMs: number;
  private readonly sampleEveryMs: number;
  private readonly historyMs: number;
  private readonly spikeHistoryMs: number;
  private readonly narrator: Narrator;
  /** Strip index by "board:pin" (an exhibit on several boards has a pin 6 on each). */
  private readonly stripByPin = new Map<string, number>();
  /** Newest frame per strip and whether it was sent yet. */
  private readonly decoded: Array<ShownFrame | null>;
  private readonly dirty: boolean[];
  private readonly lastPixels: Array<StripPixels | null>;
  private readonly samples: Sample[] = [];
  private readonly spikes: SpikeMark[] = [];
  private readonly captions: Caption[] = [];
  /** What the last tick said of the attract demo (pages start from "not playing"). */
  private lastDemo = false;
  private pendingSpikes: SpikeMark[] = [];
  private pendingSamples: Sample[] = [];
  private pendingCaptions: Caption[] = [];
  private paletteChanged = false;
  private readonly lessons: Lesson[];
  private lesson: LessonProgress | null = null;
  private lessonChanged = false;
  /** Called when the running lesson moves on (the terminal prints its steps). */
  onLesson: ((state: LessonState | null) => void) | null = null;
  /** Called with each caption as it is made, on board time (before any page has it). */
  onCaption: ((caption: Caption) => void) | null = null;
  private nextSampleMs = -Infinity;
  private lastSentWallMs = -Infinity;
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly unsubscribe: Array<() => void> = [];
  ticks = 0;

  /** The class status last sent to the pages, as JSON (sent again only when it changes). */
  private lastClass = '';

  constructor(
    private readonly session: Session,
    private readonly exhibit: Exhibit,
    private readonly broadcast: (message: TickMessage) => void,
    private readonly options: FeedOptions = {},
  ) {
    this.tickMs = options.tickMs ?? 33;
    this.sampleEveryMs = options.sampleEveryMs ?? 200;
    this.historyMs = options.historyMs ?? 120_000;
    this.spikeHistoryMs = options.spikeHistoryMs ?? 10_000;
    this.palette = options.palette ?? 'default';
    this.narrator = new Narrator(exhibit);
    this.lessons = options.lessons ?? [];
    if (options.lesson !== undefined) this.setLesson(options.lesson);
    exhibit.strips.forEach((s, i) => this.stripByPin.set(`${boardOf(s)}:${s.pin}`, i));
    const n = exhibit.strips.length;
    this.decoded = Array.from({ length: n }, (_, i) => session.side.leds.lastFrame(exhibit.strips[i]!.pin, boardOf(exhibit.strips[i]!)));
    this.dirty = this.decoded.map((d) => d !== null);
    this.lastPixels = Array.from({ length: n }, () => null);
    this.summary = summarise(exhibit);
  }

  start(): void {
    const { runtime, side } = this.session;
    const on = <T extends unknown[]>(event: string, fn: (...args: T) => void) => {
      runtime.on(event, fn as (...args: unknown[]) => void);
      this.unsubscribe.push(() => runtime.off(event, fn as (...args: unknown[]) => void));
    };
    this.unsubscribe.push(side.leds.onFrame((f) => this.onDecoded(f)));
    this.unsubscribe.push(this.session.exhibition.listen('reset', (e) => {
      this.caption(this.narrator.onReset(e.reason, this.session.kit.clock.now()));
      // Its steps compare with the starting state: a lesson running starts again from its first step.
      if (this.lesson) {
        this.lesson = new LessonProgress(this.lesson.lesson);
        this.lessonMoved();
      }
    }));
    on('frame', (e: { atMs: number; render: RenderResult }) => this.onFrame(e.atMs));
    on('model', (e: ModelEvent) => this.onModel(e));
    on('cut', (ids: string[]) => this.caption(this.narrator.onInjury(ids, this.session.kit.clock.now())));
    on('visitor', (e: VisitorEvent) => {
      if (this.lesson?.onInput(e)) this.lessonMoved();
      if (e.kind === 'age') this.narrator.onAge(e.age, e.atMs);
      else if (e.kind === 'press' && e.target !== 'injury') this.caption(this.narrator.onPress(e.target, e.atMs));
    });
    this.timer = setInterval(() => this.tick(), this.tickMs);
    // In Node the ticks must not keep the process alive; a browser's timers have no unref.
    (this.timer as { unref?: () => void }).unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const u of this.unsubscribe.splice(0)) u();
  }

  /** Whether a lesson of this name is offered for the exhibit. */
  offers(name: string): boolean {
    return this.lessons.some((l) => l.name === name);
  }

  /** Starts a lesson offered for this exhibit (an unknown name is ignored), or ends it (null). */
  setLesson(name: string | null): void {
    const lesson = name === null ? undefined : this.lessons.find((l) => l.name === name);
    if (name !== null && !lesson) return;
    this.lesson = lesson ? new LessonProgress(lesson) : null;
    this.lessonMoved();
  }

  /** The running lesson now, or null. */
  lessonState(): LessonState | null {
    return this.lesson?.state() ?? null;
  }

  private lessonMoved(): void {
    this.lessonChanged = true;
    this.onLesson?.(this.lessonState());
  }

  setPalette(name: WebPaletteName): void {
    this.palette = name;
    this.paletteChanged = true;
  }

  /** The greeting for a newly connected page: the exhibit, what is on the strips now, and recent history. */
  hello(controlsNeedToken: boolean): HelloMessage {
    const { kit, boardLabel } = this.session;
    return {
      type: 'hello',
      version: WEB_PROTOCOL_VERSION,
      board: boardLabel,
      // The kit firmware's own identity, as stdout and /healthz give it (its Firmata name is node-pixel's).
      firmware: kit.kit ? `${kit.kit.name} ${kit.kit.version}` : `${kit.firmware.name} ${kit.firmware.version}`,
      exhibit: this.summary,
      controlsNeedToken,
      ledGamma: LED_GAMMA,
      legend: { default: legendOf(PALETTES.default), colorblind: legendOf(PALETTES.colorblind) },
      palette: this.palette,
      boardMs: kit.clock.now(),
      history: this.samples,
      spikes: this.spikes,
      captions: this.captions,
      lessons: this.lessons.map((l) => ({ name: l.name, title: l.title, idea: l.idea, minutes: l.minutes })),
      lesson: this.lessonState(),
      // Frames not sent yet reach every page with the next tick.
      pixels: [...this.lastPixels],
      ...(this.options.classStatus?.() ? { class: this.options.classStatus()! } : {}),
      demo: this.demoPlaying(),
    };
  }

  // Called inside the emulator's slices: keep it to a pointer swap.
  private onDecoded(frame: ShownFrame): void {
    const i = this.stripByPin.get(`${frame.board ?? 0}:${frame.pin}`);
    if (i === undefined) return;
    this.decoded[i] = frame;
    this.dirty[i] = true;
  }

  private onFrame(atMs: number): void {
    if (atMs >= this.nextSampleMs) {
      this.nextSampleMs = atMs + this.sampleEveryMs;
      this.sample(atMs);
    }
  }

  private onModel(e: ModelEvent): void {
    if (e.kind === 'spike') {
      const mark: SpikeMark = [e.neuron, e.tMs];
      if (this.pendingSpikes.length < MAX_SPIKES_PER_TICK) this.pendingSpikes.push(mark);
      this.spikes.push(mark);
      if (this.spikes.length > MAX_SPIKE_HISTORY) this.spikes.splice(0, this.spikes.length - MAX_SPIKE_HISTORY);
      return;
    }
    this.caption(this.narrator.onModelEvent(e));
  }

  private caption(c: Caption | null): void {
    if (!c) return;
    this.onCaption?.(c);
    this.pendingCaptions.push(c);
    this.captions.push(c);
    if (this.captions.length > MAX_CAPTIONS) this.captions.shift();
  }

  private sample(atMs: number): void {
    const { model } = this.session.runtime;
    const view = model.view();
    const story = model.storyView(atMs);
    const synapses: Sample['synapses'] = {};
    for (const [id, s] of Object.entries(view.synapses)) {
      const change = story.synapses[id] ? relativeOf(story.synapses[id]!) - 1 : 0;
      synapses[id] = { change: round4(change), efficacy: round4(s.efficacy), release: round4(s.release), receptors: round4(s.receptors), contacts: s.contacts, exists: s.exists };
    }
    const sample: Sample = { tMs: atMs, age: model.age, synapses };
    this.samples.push(sample);
    while (this.samples.length > 0 && this.samples[0]!.tMs < atMs - this.historyMs) this.samples.shift();
    this.pendingSamples.push(sample);
    if (this.lesson?.onSample(story)) this.lessonMoved();
    for (const c of this.narrator.onSample(story)) this.caption(c);
    while (this.spikes.length > 0 && this.spikes[0]![1] < atMs - this.spikeHistoryMs) this.spikes.shift();
  }

  private encode(i: number): StripPixels | null {
    const strip = this.exhibit.strips[i]!;
    const decoded = this.decoded[i];
    if (!decoded) return null;
    let hex = '';
    for (const [r, g, b] of wireToRgb(decoded.bytes, strip.order)) hex += hex2(r) + hex2(g) + hex2(b);
    const pixels = { atMs: decoded.latchedAtMs, hex };
    this.lastPixels[i] = pixels;
    this.dirty[i] = false;
    return pixels;
  }

  /** Sends what changed since the last tick, if anything did (or a heartbeat). */
  tick(): void {
    const pixels = this.exhibit.strips.map((_, i) => (this.dirty[i] ? this.encode(i) : null));
    const classNow = this.options.classStatus?.() ?? null;
    const classChanged = classNow !== null && JSON.stringify(classNow) !== this.lastClass;
    const changed = classChanged || pixels.some((p) => p !== null) || this.pendingSpikes.length > 0 || this.pendingSamples.length > 0 || this.pendingCaptions.length > 0 || this.paletteChanged || this.lessonChanged;
    const wallMs = performance.now();
    const demoNow = this.demoPlaying();
    if (!changed && demoNow === this.lastDemo && wallMs - this.lastSentWallMs < HEARTBEAT_MS) return;
    const message: TickMessage = {
      type: 'tick',
      boardMs: this.session.kit.clock.now(),
      pixels,
      spikes: this.pendingSpikes,
      samples: this.pendingSamples,
      captions: this.pendingCaptions,
      palette: this.palette,
      ...(this.lessonChanged ? { lesson: this.lessonState() } : {}),
      ...(classChanged ? { class: classNow } : {}),
      ...(demoNow !== this.lastDemo ? { demo: demoNow } : {}),
    };
    this.lastDemo = demoNow;
    if (classChanged) this.lastClass = JSON.stringify(classNow);
    this.lessonChanged = false;
    this.pendingSpikes = [];
    this.pendingSamples = [];
    this.pendingCaptions = [];
    this.paletteChanged = false;
    this.lastSentWallMs = wallMs;
    this.ticks++;
    this.broadcast(message);
  }

  /**
   * Whether the strips show the attract demo (a ghost visitor on a copy of the model) rather than the
   * exhibit: between visits, when the exhibit has a demo. The pages say so, so nobody takes it for learning.
   */
  private demoPlaying(): boolean {
    const { exhibition } = this.session;
    return exhibition.lifecycle && exhibition.phase === 'idle' && exhibition.attract.script.length > 0;
  }

  /** Sends whatever is pending now (the exhibit is stopping). */
  flush(): void {
    this.tick();
    log('flushed after %d ticks', this.ticks);
  }
}

const rgb = (c: readonly [number, number, number]): [number, number, number] => [c[0], c[1], c[2]];

function legendOf(p: Palette): LegendColours {
  return { actionPotential: rgb(p.actionPotential), neutral: rgb(p.synapseNeutral), potentiated: rgb(p.potentiated), depressed: rgb(p.depressed) };
}

function summarise(exhibit: Exhibit): ExhibitSummary {
  return {
    name: exhibit.name,
    about: exhibit.about ?? null,
    invitation: exhibit.invitation ?? null,
    // Another kit's neuron (docs/class.md) is drawn and plotted like any other, named after its kit.
    neurons: exhibit.neurons.map((n) => ({ id: n.id, label: n.label, pressable: n.button !== undefined }))
      .concat(remoteNeuronIds(exhibit).map((id) => ({ id, label: remoteLabel(id), pressable: false }))),
    synapses: [...exhibit.synapses, ...exhibit.remote].map((s) => `${s.from}->${s.to}`).concat(exhibit.candidates.map(([a, b]) => `${a}->${b}`)),
    candidates: exhibit.candidates.map(([a, b]) => `${a}->${b}`),
    strips: exhibit.strips.map((s) => ({ pin: s.pin, length: s.length, ...(exhibit.boards ? { board: exhibit.boards[boardOf(s)]!.id } : {}) })),
    segments: exhibit.segments.map((s) => ({ shows: s.shows, of: s.of, strip: s.strip, first: s.first, last: s.last })),
    age: exhibit.controls.age ? { start: exhibit.controls.age.start } : null,
    injury: exhibit.controls.injury ? { cuts: [...exhibit.controls.injury.cuts] } : null,
    compression: exhibit.compression,
    layout: (exhibit.layout?.segments ?? []).map((l) => ({ segment: l.segment, path: l.path.map(([x, y]) => [x, y] as [number, number]) })),
    idleMode: exhibit.idle?.mode ?? 'reset',
  };
}
