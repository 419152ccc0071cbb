import type { ControlMessage, ExhibitSummary, StripPixels } from '../messages.js';
import { segmentName, synapseName } from './names.js';

/** Pixels per row on the page at most: longer strips wrap so a pixel stays big enough to see. */
const PIXELS_PER_ROW = 30;
/** …and at least this wide (CSS px), so a two-pixel soma has room for its neuron's name. */
const MIN_PIXEL_PX = 30;
/** The age dial sends at most this often while dragged (ms); the final position always goes. */
const DIAL_SEND_MS = 100;

type Send = (message: ControlMessage) => void;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}


/**
 * A screen's light goes as (value/255)^2.2 (sRGB, IEC 61966-2-1); an LED's goes as its duty, the wire
 * value/255 (the strip already applied its own gamma to get there). So a wire value v is shown as
 * 255·(v/255)^(1/2.2): the same share of full brightness on the screen as on the strip, so a glow
 * that is faint on the strip is faint on the page, not brighter.
 */
export const SCREEN_GAMMA = 2.2;
export function screenLevels(): string[] {
  return Array.from({ length: 256 }, (_, v) => Math.round(255 * Math.pow(v / 255, 1 / SCREEN_GAMMA)).toString());
}

export function stageWord(age: number): string {
  if (age < 0.2) return 'newborn';
  if (age < 0.6) return 'juvenile';
  return 'adult';
}

/** A momentary button: down while held by pointer or key, up on release (the server keeps a short tap long enough). */
export interface Hold {
  press(): void;
  release(): void;
}

export function bindHold(button: HTMLButtonElement, target: string, send: Send): Hold {
  let down = false;
  const press = () => {
    if (down || button.disabled) return;
    down = true;
    button.classList.add('held');
    send({ type: 'press', target });
  };
  const release = () => {
    if (!down) return;
    down = false;
    button.classList.remove('held');
    send({ type: 'release', target });
  };
  button.addEventListener('pointerdown', (e) => {
    button.setPointerCapture(e.pointerId);
    press();
  });
  button.addEventListener('pointerup', release);
  button.addEventListener('pointercancel', release);
  button.addEventListener('lostpointercapture', release);
  button.addEventListener('contextmenu', (e) => e.preventDefault());
  button.addEventListener('keydown', (e) => {
    if (e.key !== ' ' && e.key !== 'Enter') return;
    e.preventDefault();
    if (!e.repeat) press();
  });
  button.addEventListener('keyup', (e) => {
    if (e.key !== ' ' && e.key !== 'Enter') return;
    e.preventDefault();
    release();
  });
  button.addEventListener('blur', release);
  // Assistive technology activates a button with a bare click (detail 0): treat it as a tap.
  button.addEventListener('click', (e) => {
    if (e.detail === 0 && !down) {
      press();
      release();
    }
  });
  return { press, release };
}

/**
 * The kit as the exhibit lays it out: each strip's pixels with its segments named beneath (soma,
 * axon, synapse), the neurons' buttons, the age dial and the injury button. Pixels arrive as wire
 * values decoded from the board's data pins; they are shown with the strip's perceived brightness
 * (screenLevels), so the screen looks like the strip does.
 */
export class KitView {
  private pixels: HTMLElement[][] = [];
  private perRow = 0;
  /** The newest frame per strip, to show again when the strips are rebuilt for a new width. */
  private readonly frames: Array<StripPixels | undefined> = [];
  private readonly shown: string[] = [];
  private readonly stripBoxes: HTMLElement[] = [];
  private readonly controls: HTMLButtonElement[] = [];
  private readonly holds = new Map<string, Hold>();
  private readonly keys = new Map<string, Hold>();
  private readonly dial: HTMLInputElement;
  private readonly dialOut: HTMLOutputElement;
  private dialSentAtMs = -Infinity;
  private dialTimer: number | null = null;
  private readonly screen: string[];

  constructor(
    exhibit: ExhibitSummary,
    private readonly send: Send,
  ) {
    this.screen = screenLevels();
    this.buildStrips(exhibit);
    // A narrower page wraps the strips into more rows rather than squeezing the names.
    new ResizeObserver(() => {
      if (this.rowLength(exhibit) === this.perRow) return;
      this.buildStrips(exhibit);
      this.frames.forEach((f, i) => f && this.setPixels(i, f));
    }).observe(document.getElementById('strips')!);
    const buttons = document.getElementById('buttons')!;
    buttons.replaceChildren();
    exhibit.neurons.filter((n) => n.pressable).forEach((n, i) => {
      const b = el('button', 'neuron', n.label);
      b.type = 'button';
      b.dataset.target = n.id;
      if (i < 9) {
        b.setAttribute('aria-keyshortcuts', String(i + 1));
        const kbd = el('kbd', undefined, String(i + 1));
        kbd.setAttribute('aria-hidden', 'true');
        b.append(kbd);
      }
      buttons.append(b);
      const hold = bindHold(b, n.id, send);
      this.holds.set(n.id, hold);
      if (i < 9) this.keys.set(String(i + 1), hold);
      this.controls.push(b);
    });
    if (exhibit.injury) {
      document.getElementById('injury-control')!.hidden = false;
      const injury = document.getElementById('injury') as HTMLButtonElement;
      document.getElementById('injury-what')!.textContent = `cuts ${exhibit.injury.cuts.map((id) => synapseName(exhibit, id)).join(', ')}`;
      const hold = bindHold(injury, 'injury', send);
      this.keys.set('i', hold);
      this.controls.push(injury);
    }
    this.dial = document.getElementById('age') as HTMLInputElement;
    this.dialOut = document.getElementById('age-model') as HTMLOutputElement;
    if (exhibit.age) {
      document.getElementById('age-control')!.hidden = false;
      this.setDial(exhibit.age.start);
      this.dial.addEventListener('input', () => this.dialMoved(false));
      this.dial.addEventListener('change', () => this.dialMoved(true));
    }
    document.addEventListener('keydown', (e) => this.key(e, true));
    document.addEventListener('keyup', (e) => this.key(e, false));
  }

  private rowLength(exhibit: ExhibitSummary): number {
    const width = document.getElementById('strips')!.clientWidth;
    const longest = Math.max(...exhibit.strips.map((s) => s.length));
    return Math.max(5, Math.min(PIXELS_PER_ROW, longest, Math.floor(width / this.pixelWidthForLabels(exhibit))));
  }

  /**
   * How wide a pixel must be drawn (CSS px) for the longest word of every segment's name to fit beneath
   * it: a one-pixel soma ("Touch") or a one-pixel synapse ("synapse") needs wider pixels than a longer
   * segment, or its name would break mid-word. Names still wrap between their words.
   */
  private pixelWidthForLabels(exhibit: ExhibitSummary): number {
    // The label's font, as it will be: a soma label in a label row (bold: the widest of the labels).
    const row = el('div', 'seg-row');
    row.style.position = 'absolute';
    row.style.visibility = 'hidden';
    const probe = el('span', 'seg soma');
    row.append(probe);
    document.getElementById('strips')!.append(row);
    const font = getComputedStyle(probe).font;
    row.remove();
    const text = document.createElement('canvas').getContext('2d');
    if (!text) return MIN_PIXEL_PX;
    text.font = font;
    let needPx = MIN_PIXEL_PX;
    for (const seg of exhibit.segments) {
      const wordPx = Math.max(...segmentName(exhibit, seg).split(/\s+/).map((w) => text.measureText(w).width));
      // A few pixels for the grid's gaps.
      needPx = Math.max(needPx, (wordPx + 4) / (seg.last - seg.first + 1));
    }
    return needPx;
  }

  private buildStrips(exhibit: ExhibitSummary): void {
    const root = document.getElementById('strips')!;
    root.replaceChildren();
    const perRow = this.rowLength(exhibit);
    this.perRow = perRow;
    this.pixels = [];
    this.shown.length = 0;
    this.stripBoxes.length = 0;
    exhibit.strips.forEach((strip, s) => {
      const box = el('div', 'strip');
      box.dataset.pin = String(strip.pin);
      box.setAttribute('role', 'img');
      const where = strip.board === undefined ? '' : ` of board ${strip.board}`;
      box.setAttribute('aria-label', `LED strip on pin ${strip.pin}${where}, ${strip.length} lights`);
      box.append(el('div', 'strip-name', `Strip on pin D${strip.pin}${where} · ${strip.length} lights`));
      const columns = Math.min(strip.length, perRow);
      const cells: HTMLElement[] = [];
      // A segment split over rows is named once, under its widest part (the first of equals); its other
      // parts keep the coloured line. A sliver of one pixel at a row's edge would break the name mid-word.
      const partOf = (seg: { first: number; last: number }, start: number) => Math.min(seg.last, start + perRow - 1) - Math.max(seg.first, start) + 1;
      const namedAt = new Map<object, number>();
      for (const seg of exhibit.segments) {
        if (seg.strip !== s) continue;
        let best = -1;
        for (let start = Math.floor(seg.first / perRow) * perRow; start <= seg.last; start += perRow) if (best < 0 || partOf(seg, start) > partOf(seg, best)) best = start;
        namedAt.set(seg, best);
      }
      for (let start = 0; start < strip.length; start += perRow) {
        const end = Math.min(strip.length, start + perRow);
        const row = el('div', 'px-row');
        row.style.gridTemplateColumns = `repeat(${columns}, minmax(0, 1fr))`;
        for (let p = start; p < end; p++) {
          const px = el('span', 'px');
          px.dataset.index = String(p);
          row.append(px);
          cells.push(px);
        }
        const labels = el('div', 'seg-row');
        labels.style.gridTemplateColumns = `repeat(${columns}, minmax(0, 1fr))`;
        labels.setAttribute('aria-hidden', 'true');
        for (const seg of exhibit.segments) {
          if (seg.strip !== s || seg.last < start || seg.first >= end) continue;
          const name = segmentName(exhibit, seg);
          const label = el('span', `seg ${seg.shows}`, namedAt.get(seg) === start ? name : '');
          label.title = name;
          label.style.gridColumn = `${Math.max(seg.first, start) - start + 1} / ${Math.min(seg.last, end - 1) - start + 2}`;
          labels.append(label);
        }
        box.append(row, labels);
      }
      root.append(box);
      this.pixels.push(cells);
      this.shown.push('');
      this.stripBoxes.push(box);
    });
  }

  /** Shows a strip's newest frame; only pixels that changed touch the DOM. */
  setPixels(strip: number, frame: StripPixels): void {
    const cells = this.pixels[strip];
    if (!cells) return;
    this.frames[strip] = frame;
    const before = this.shown[strip]!;
    const hex = frame.hex;
    for (let k = 0; k < cells.length; k++) {
      const at = k * 6;
      const now = hex.slice(at, at + 6);
      if (now === before.slice(at, at + 6)) continue;
      const cell = cells[k]!;
      if (now.length < 6) {
        cell.style.backgroundColor = '';
        delete cell.dataset.wire;
        continue;
      }
      const r = parseInt(now.slice(0, 2), 16);
      const g = parseInt(now.slice(2, 4), 16);
      const b = parseInt(now.slice(4, 6), 16);
      cell.dataset.wire = `${r},${g},${b}`;
      cell.style.backgroundColor = `rgb(${this.screen[r]},${this.screen[g]},${this.screen[b]})`;
    }
    this.shown[strip] = hex;
    this.stripBoxes[strip]!.dataset.latchedMs = frame.atMs.toFixed(3);
  }

  /** Controls work only while connected and, off this computer, with the access token. */
  setEnabled(enabled: boolean): void {
    for (const b of this.controls) b.disabled = !enabled;
    this.dial.disabled = !enabled;
    if (!enabled) for (const h of this.holds.values()) h.release();
  }

  /** The age the model is at (from the board's dial): follow it unless this viewer is turning the dial. */
  showModelAge(age: number): void {
    this.dialOut.textContent = `model: ${stageWord(age)} (${age.toFixed(2)})`;
    this.dialOut.dataset.age = age.toFixed(3);
    if (document.activeElement !== this.dial && this.dialTimer === null) this.setDial(age);
  }

  private setDial(age: number): void {
    this.dial.value = String(Math.round(age * 100));
    this.dial.setAttribute('aria-valuetext', `${stageWord(age)}, ${Math.round(age * 100)}%`);
  }

  private dialMoved(final: boolean): void {
    const value = Number(this.dial.value) / 100;
    this.dial.setAttribute('aria-valuetext', `${stageWord(value)}, ${Math.round(value * 100)}%`);
    const wait = this.dialSentAtMs + DIAL_SEND_MS - performance.now();
    if (this.dialTimer !== null) window.clearTimeout(this.dialTimer);
    this.dialTimer = null;
    if (final || wait <= 0) {
      this.dialSentAtMs = performance.now();
      this.send({ type: 'age', value });
      return;
    }
    this.dialTimer = window.setTimeout(() => {
      this.dialTimer = null;
      this.dialMoved(true);
    }, wait);
  }

  /** Keys 1–9 hold the neurons' buttons, i the injury button, as on the exhibit's panel. */
  private key(e: KeyboardEvent, down: boolean): void {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const hold = this.keys.get(e.key.toLowerCase());
    if (!hold) return;
    e.preventDefault();
    if (!down) hold.release();
    else if (!e.repeat) hold.press();
  }
}
