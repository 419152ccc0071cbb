import type { Caption, ClassStatus, ControlMessage, HelloMessage, ServerMessage, TickMessage, WebPaletteName } from '../messages.js';
import { Charts } from './charts.js';
import type { Connect, Live } from './connection.js';
import { ExhibitPanel } from './exhibit-panel.js';
import { LessonPanel } from './lesson-panel.js';
import { synapseName } from './names.js';
import { KitView } from './kit-view.js';
import { Raster } from './raster.js';
import { Clicker } from './sound.js';

/** Captions kept on screen: the newest is bold, a few older ones give context. */
const CAPTIONS_SHOWN = 3;
const $ = (id: string) => document.getElementById(id)!;

/** "50 minutes", "2.1 hours", "3.5 days": how long K board seconds are for the slow processes. */
function span(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)} seconds`;
  if (seconds < 2 * 3600) return `${Math.round(seconds / 60)} minutes`;
  if (seconds < 2 * 86400) return `${(seconds / 3600).toFixed(1)} hours`;
  return `${(seconds / 86400).toFixed(1)} days`;
}

export class Page {
  private readonly live: Live;
  private kit: KitView | null = null;
  private charts: Charts | null = null;
  private raster: Raster | null = null;
  private lesson: LessonPanel | null = null;
  private readonly clicker = new Clicker();
  private readonly exhibitPanel: ExhibitPanel;
  /** The exhibit about to replace this one (a switch the server accepted), or null. */
  private switchingTo: string | null = null;
  private hello: HelloMessage | null = null;
  /** The exhibit's link to its class, when it is one kit of a class. */
  private classStatus: ClassStatus | null = null;
  private palette: WebPaletteName = 'default';
  /** Set when the server said the exhibit stopped: the page keeps that message while it waits for it again. */
  private stopped = false;

  /** @param connect opens the page's live connection: the server's WebSocket, or the browser build's own host. */
  constructor(connect: Connect) {
    $('sound').addEventListener('click', () => $('sound').setAttribute('aria-pressed', String(this.clicker.toggle())));
    $('palette').addEventListener('click', () => {
      const next: WebPaletteName = this.palette === 'colorblind' ? 'default' : 'colorblind';
      this.applyPalette(next);
      // The strips change colour too when this viewer may control the exhibit.
      if (this.canControl()) this.send({ type: 'palette', name: next });
    });
    this.exhibitPanel = new ExhibitPanel((m) => this.send(m));
    this.exhibitPanel.setEnabled(false);
    this.live = connect({
      message: (m) => this.receive(m),
      closed: () => {
        this.kit?.setEnabled(false);
        this.exhibitPanel.setEnabled(false);
        document.body.dataset.state = 'closed';
        if (!this.stopped) $('status').textContent = 'Connection lost: trying again…';
      },
    });
  }

  private canControl(): boolean {
    return this.live.open && !(this.hello?.controlsNeedToken && !this.live.token);
  }

  private send(message: ControlMessage): void {
    this.live.send(message);
  }

  private receive(m: ServerMessage): void {
    if (m.type === 'hello') this.onHello(m);
    else if (m.type === 'tick') this.onTick(m);
    else if (m.type === 'refused') $('status').textContent = m.reason === 'token' ? 'That control needs the access link (with its token).' : 'Too many presses at once: slow down a little.';
    else if (m.type === 'switch-refused') this.exhibitPanel.refused(m);
    else if (m.type === 'switching') {
      this.switchingTo = m.to;
      document.body.dataset.state = 'switching';
      $('status').textContent = `Switching to "${m.to}": this page shows it as soon as it runs.`;
      this.kit?.setEnabled(false);
      this.exhibitPanel.setEnabled(false);
    } else {
      this.stopped = true;
      document.body.dataset.state = 'closed';
      if (this.switchingTo === null) $('status').textContent = `The exhibit stopped at board time ${(m.boardMs / 1000).toFixed(1)} s. This page shows it again when it restarts.`;
      this.kit?.setEnabled(false);
      this.exhibitPanel.setEnabled(false);
    }
  }

  private onHello(h: HelloMessage): void {
    // After a reconnect the server may run another exhibit: start the page afresh rather than patch it.
    if (this.hello) return location.reload();
    this.live.greeted();
    this.hello = h;
    this.classStatus = h.class ?? null;
    const { exhibit } = h;
    document.title = `${exhibit.name} · Neuron Kit`;
    $('title').textContent = exhibit.name;
    this.kit = new KitView(exhibit, (msg) => this.send(msg));
    this.kit.setEnabled(this.canControl());
    this.exhibitPanel.offer(h.exhibits);
    this.exhibitPanel.setEnabled(this.canControl());
    $('view-only').hidden = !(h.controlsNeedToken && !this.live.token);
    const candidates = new Set(exhibit.candidates);
    this.charts = new Charts($('charts'), exhibit.synapses, Object.fromEntries(exhibit.synapses.map((id) => [id, synapseName(exhibit, id) + (candidates.has(id) ? ' (if it grows)' : '')])));
    this.raster = new Raster($('raster') as HTMLCanvasElement, exhibit.neurons);
    const k = exhibit.compression;
    $('timelapse').textContent = `Time-lapse ×${k.toLocaleString('en')}: action potentials run in real time, but slow changes (consolidation, new contacts, pruning) run ${k.toLocaleString('en')} times faster than in a brain: one second here is ${span(k)} there.`;
    $('timelapse').dataset.compression = String(k);
    this.applyPalette(h.palette);
    this.charts.add(h.history);
    this.raster.add(h.spikes, h.boardMs);
    this.addCaptions(h.captions);
    this.lesson = new LessonPanel($('lesson'), 'docent', (m) => this.send(m));
    this.lesson.offer(h.lessons);
    this.lesson.show(h.lesson);
    h.pixels.forEach((p, i) => p && this.kit!.setPixels(i, p));
    const last = h.history[h.history.length - 1];
    if (last) this.kit.showModelAge(last.age);
    document.body.dataset.state = 'live';
    this.showStatus(h.boardMs);
  }

  private onTick(t: TickMessage): void {
    if (!this.kit || !this.charts || !this.raster) return;
    t.pixels.forEach((p, i) => p && this.kit!.setPixels(i, p));
    if (t.spikes.length > 0) this.clicker.play(t.spikes.map(([, tMs]) => tMs));
    this.raster.add(t.spikes, t.boardMs);
    if (t.samples.length > 0) {
      this.charts.add(t.samples);
      this.kit.showModelAge(t.samples[t.samples.length - 1]!.age);
    }
    if (t.captions.length > 0) this.addCaptions(t.captions);
    if (t.palette !== this.palette) this.applyPalette(t.palette);
    if (t.lesson !== undefined) this.lesson?.show(t.lesson);
    if (t.class) this.classStatus = t.class;
    this.showStatus(t.boardMs);
  }

  private showStatus(boardMs: number): void {
    const h = this.hello;
    if (!h) return;
    const where = h.board === 'emulated' ? 'the emulated board (the twin)' : `the board on ${h.board}`;
    $('status').textContent = `Live on ${where} · board time ${(boardMs / 1000).toFixed(1)} s${classText(this.classStatus)}`;
    $('status').dataset.boardMs = boardMs.toFixed(1);
  }

  /** Newest first; only new items are added, so a screen reader announces just those. */
  private addCaptions(list: readonly Caption[]): void {
    const ol = $('captions');
    for (const c of list.slice(-CAPTIONS_SHOWN)) {
      const li = document.createElement('li');
      li.textContent = c.text;
      ol.prepend(li);
    }
    while (ol.children.length > CAPTIONS_SHOWN) ol.lastElementChild!.remove();
  }

  private applyPalette(p: WebPaletteName): void {
    this.palette = p;
    $('palette').setAttribute('aria-pressed', String(p === 'colorblind'));
    this.charts?.setPalette(p);
    this.raster?.setPalette(p);
  }
}


/** The class link in words, for the status line: nothing when the exhibit is not one kit of a class. */
function classText(c: ClassStatus | null): string {
  if (!c) return '';
  const state = c.status === 'connected' ? `linked, ${c.kitsOnline} other kit${c.kitsOnline === 1 ? '' : 's'} online`
    : c.status === 'refused' ? 'refused by the broker (check the class code)'
    : 'the class broker does not answer: running alone, trying again';
  return ` · class ${c.className} as ${c.kit}: ${state}`;
}
