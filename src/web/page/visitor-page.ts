import type { Caption, HelloMessage, LegendColours, LessonState, ServerMessage, StripPixels, TickMessage } from '../messages.js';
import type { Connect, Live } from './connection.js';
import { drawKit, HEIGHT, SOMA_R, spread, WIDTH, type Point } from './drawing.js';
import { bindHold, screenLevels, stageWord } from './kit-view.js';
import { LessonPanel } from './lesson-panel.js';
import { visitorHeadline } from './names.js';
import { legendWords } from '../../story/strength.js';

const SVG = 'http://www.w3.org/2000/svg';
const $ = (id: string) => document.getElementById(id)!;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/** What the visitor sees first, before anything happened: what to do. */
const FIRST_SENTENCE = 'Press a button: its neuron fires. Watch the light travel.';
/** While the attract demo plays: what the lights show is not anybody's learning. */
const DEMO_SENTENCE = 'A demo is playing. Press a button to try it yourself.';

/**
 * The visitor view (`/`), for a kiosk or a projector: the kit drawn as neurons, axons and synapses
 * lit with the strips' own colours, the exhibit's invitation, big buttons, one sentence about what
 * just happened, and what the colours mean. Nothing to configure.
 */
export class VisitorPage {
  private readonly live: Live;
  private hello: HelloMessage | null = null;
  /** Per strip, per pixel: the dots that show it. */
  private dots: SVGCircleElement[][][] = [];
  private readonly screen = screenLevels();
  private readonly controls: HTMLButtonElement[] = [];
  private lesson: LessonPanel | null = null;

  /** @param connect opens the page's live connection: the server's WebSocket, or the browser build's own host. */
  constructor(connect: Connect) {
    this.live = connect({
      message: (m) => this.receive(m),
      closed: () => {
        for (const b of this.controls) b.disabled = true;
        // A switch closes the connection on purpose: the page keeps saying what is coming.
        if (document.body.dataset.state === 'switching') return;
        document.body.dataset.state = 'closed';
        $('status').textContent = 'The exhibit is not answering: trying again…';
      },
    });
  }

  private receive(m: ServerMessage): void {
    if (m.type === 'hello') this.onHello(m);
    else if (m.type === 'tick') this.onTick(m);
    else if (m.type === 'refused') $('status').textContent = m.reason === 'token' ? 'These buttons work on the exhibit\'s own screen.' : 'Slow down a little!';
    else if (m.type === 'switching') {
      document.body.dataset.state = 'switching';
      for (const b of this.controls) b.disabled = true;
      $('status').textContent = 'A new exhibit is on its way…';
    } else if (m.type === 'stopped') {
      if (document.body.dataset.state === 'switching') return;
      document.body.dataset.state = 'closed';
      $('status').textContent = 'The exhibit is resting. It comes back by itself.';
    }
  }

  private onHello(h: HelloMessage): void {
    if (this.hello) return location.reload();
    this.live.greeted();
    this.hello = h;
    const { exhibit } = h;
    document.title = `${exhibit.name} · Neuron Kit`;
    $('title').textContent = exhibit.name;
    // A short headline in large type; the rest of `about` waits behind "More about this exhibit".
    const { headline, more } = visitorHeadline(exhibit);
    $('invite').textContent = headline;
    $('about').textContent = more ?? '';
    $('more').hidden = more === null;
    this.build();
    this.buildButtons();
    this.legend(h.legend[h.palette], h.ledGamma);
    this.lesson = new LessonPanel($('lesson'), 'visitor', (m) => this.live.send(m));
    this.showLesson(h.lesson);
    h.pixels.forEach((p, i) => p && this.setPixels(i, p));
    // A visitor arriving sees what to do, not what happened before they came.
    $('now').textContent = FIRST_SENTENCE;
    this.showDemo(h.demo === true);
    document.body.dataset.state = 'live';
    $('status').textContent = '';
  }

  private onTick(t: TickMessage): void {
    if (!this.hello) return;
    t.pixels.forEach((p, i) => p && this.setPixels(i, p));
    if (t.demo !== undefined) this.showDemo(t.demo);
    // The demo's sentence stays while it plays: captions then are about the waiting exhibit, not the lights.
    if (document.body.dataset.demo !== 'on') this.say(t.captions);
    if (t.palette !== this.hello.palette) {
      this.hello.palette = t.palette;
      this.legend(this.hello.legend[t.palette], this.hello.ledGamma);
    }
    if (t.lesson !== undefined) this.showLesson(t.lesson);
  }

  /** Says the demo is playing (and what to do), or, when a visitor takes over, goes back to what to do. */
  private showDemo(on: boolean): void {
    const was = document.body.dataset.demo === 'on';
    document.body.dataset.demo = on ? 'on' : 'off';
    if (on) $('now').textContent = DEMO_SENTENCE;
    else if (was) $('now').textContent = FIRST_SENTENCE;
    delete $('now').dataset.kind;
  }

  /** A running lesson's step takes the invitation's place, in the same large type. */
  private showLesson(state: LessonState | null): void {
    this.lesson?.show(state);
    $('invite').hidden = state !== null;
  }

  /** The one sentence: the newest caption, in its plain words (the precise one is the docent's). */
  private say(captions: readonly Caption[]): void {
    const last = captions[captions.length - 1];
    if (!last) return;
    $('now').textContent = last.plain;
    $('now').dataset.kind = last.kind;
  }

  private build(): void {
    const { exhibit } = this.hello!;
    const root = $('kit-drawing');
    const drawing = drawKit(exhibit);
    const box = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': `The kit: ${exhibit.neurons.map((n) => n.label).join(', ')}, their axons and synapses, lit as on the exhibit` });
    const lines = svg('g', { class: 'paths' });
    const lights = svg('g', { class: 'lights' });
    const labels = svg('g', { class: 'labels' });
    this.dots = exhibit.strips.map((s) => Array.from({ length: s.length }, () => []));
    const somas = new Set(exhibit.segments.filter((s) => s.shows === 'soma').map((s) => s.of));
    for (const [id, [x, y]] of drawing.neurons) {
      if (!somas.has(id)) lights.append(svg('circle', { cx: x, cy: y, r: SOMA_R, class: 'soma unlit' }));
      const label = svg('text', { x, y: y + SOMA_R + 34, class: 'neuron-label', 'text-anchor': 'middle' });
      label.textContent = exhibit.neurons.find((n) => n.id === id)?.label ?? id;
      labels.append(label);
    }
    exhibit.segments.forEach((seg, i) => {
      const path = drawing.paths[i]!;
      const n = seg.last - seg.first + 1;
      if (seg.shows === 'soma') {
        const [x, y] = path[0]!;
        // A soma of several pixels is one cell: its pixels share the circle (the brightest shows).
        const c = svg('circle', { cx: x, cy: y, r: SOMA_R, class: 'soma' });
        lights.append(c);
        for (let p = seg.first; p <= seg.last; p++) this.dots[seg.strip]![p]!.push(c);
        return;
      }
      lines.append(svg('polyline', { points: path.map((p) => p.join(',')).join(' '), class: `path ${seg.shows}` }));
      const points: Point[] = spread(path, n);
      const gap = n > 1 ? Math.hypot(points[1]![0] - points[0]![0], points[1]![1] - points[0]![1]) : 20;
      const r = Math.max(3, Math.min(seg.shows === 'synapse' ? 13 : 9, gap * 0.42));
      points.forEach(([x, y], k) => {
        const c = svg('circle', { cx: x, cy: y, r, class: `led ${seg.shows}` });
        lights.append(c);
        this.dots[seg.strip]![seg.first + k]!.push(c);
      });
    });
    box.append(lines, lights, labels);
    root.replaceChildren(box);
  }

  private buildButtons(): void {
    const { exhibit } = this.hello!;
    const root = $('buttons');
    root.replaceChildren();
    const canControl = !(this.hello!.controlsNeedToken && !this.live.token);
    const add = (target: string, label: string, className: string) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = className;
      b.textContent = label;
      b.dataset.target = target;
      b.disabled = !canControl;
      bindHold(b, target, (m) => this.live.send(m));
      root.append(b);
      this.controls.push(b);
    };
    for (const n of exhibit.neurons) if (n.pressable) add(n.id, n.label, 'neuron');
    if (exhibit.injury) add('injury', 'Injury', 'injury');
    const dial = $('age') as HTMLInputElement;
    if (exhibit.age) {
      $('age-control').hidden = false;
      dial.value = String(Math.round(exhibit.age.start * 100));
      dial.disabled = !canControl;
      const show = () => ($('age-word').textContent = stageWord(Number(dial.value) / 100));
      show();
      dial.addEventListener('input', show);
      dial.addEventListener('change', () => this.live.send({ type: 'age', value: Number(dial.value) / 100 }));
    }
  }

  private setPixels(strip: number, frame: StripPixels): void {
    const dots = this.dots[strip];
    if (!dots) return;
    const hex = frame.hex;
    for (let p = 0; p < dots.length; p++) {
      const list = dots[p]!;
      if (list.length === 0) continue;
      const at = p * 6;
      const r = parseInt(hex.slice(at, at + 2), 16) || 0;
      const g = parseInt(hex.slice(at + 2, at + 4), 16) || 0;
      const b = parseInt(hex.slice(at + 4, at + 6), 16) || 0;
      const fill = r + g + b === 0 ? '' : `rgb(${this.screen[r]},${this.screen[g]},${this.screen[b]})`;
      for (const c of list) {
        // A soma of several pixels shows its brightest one.
        if (list.length === 1 || c.tagName !== 'circle' || !c.classList.contains('soma')) c.style.fill = fill;
        else if (fill && r + g + b >= Number(c.dataset.sum ?? 0)) {
          c.style.fill = fill;
          c.dataset.sum = String(r + g + b);
        }
        c.dataset.wire = `${r},${g},${b}`;
      }
    }
    document.body.dataset.latchedMs = frame.atMs.toFixed(3);
  }

  /** Swatches in the strip's colours, shown as the strip shows them (its gamma, then the screen's). */
  private legend(c: LegendColours, ledGamma: number): void {
    const css = ([r, g, b]: [number, number, number]) => `rgb(${[r, g, b].map((v) => this.screen[Math.round(255 * Math.pow(v / 255, ledGamma))]).join(',')})`;
    const words = legendWords(this.hello?.exhibit.idleMode);
    const items: Array<[string, string]> = [
      [css(c.actionPotential), 'A moving light is an action potential.'],
      [css(c.potentiated), words.warm],
      [css(c.neutral), words.neutral],
      [css(c.depressed), words.cool],
    ];
    const ul = $('legend');
    ul.replaceChildren(...items.map(([colour, text]) => {
      const li = document.createElement('li');
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = colour;
      li.append(swatch, text);
      return li;
    }));
    const dots = document.createElement('li');
    dots.className = 'plain';
    dots.textContent = 'One light per contact at a synapse: more lights, more contacts.';
    ul.append(dots);
  }
}

