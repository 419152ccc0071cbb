import type { SpikeMark, WebPaletteName } from '../messages.js';

/** Board time the raster shows, ms. */
const WINDOW_MS = 10_000;
const OKABE_ITO = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#CC79A7', '#D55E00'];
const DEFAULT_COLOURS = ['#ffe6aa', '#9fd3ff', '#b6f0a0', '#ffd84a', '#e8b4ff', '#ff9a9a'];

/**
 * A spike raster on a canvas: one row per neuron (named by its label), a tick per action potential,
 * the last ten seconds of board time, newest on the right.
 */
export class Raster {
  private spikes: SpikeMark[] = [];
  private nowMs = 0;
  private pending = false;
  private palette: WebPaletteName = 'default';
  received = 0;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly neurons: Array<{ id: string; label: string }>,
  ) {
    new ResizeObserver(() => this.draw()).observe(canvas);
  }

  add(marks: readonly SpikeMark[], boardMs: number): void {
    for (const m of marks) this.spikes.push(m);
    this.received += marks.length;
    this.canvas.dataset.spikes = String(this.received);
    this.nowMs = Math.max(this.nowMs, boardMs);
    const cutoff = this.nowMs - WINDOW_MS;
    let drop = 0;
    while (drop < this.spikes.length && this.spikes[drop]![1] < cutoff) drop++;
    if (drop > 0) this.spikes = this.spikes.slice(drop);
    this.schedule();
  }

  setPalette(palette: WebPaletteName): void {
    this.palette = palette;
    this.schedule();
  }

  private schedule(): void {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.draw();
    });
  }

  private draw(): void {
    const c = this.canvas;
    const ratio = window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(c.clientWidth * ratio));
    const h = Math.max(1, Math.round(c.clientHeight * ratio));
    if (c.width !== w || c.height !== h) {
      c.width = w;
      c.height = h;
    }
    const g = c.getContext('2d');
    if (!g) return;
    g.clearRect(0, 0, w, h);
    const rows = Math.max(1, this.neurons.length);
    const rowH = h / rows;
    const fontPx = Math.min(rowH * 0.55, 22 * ratio);
    const labelW = fontPx * 5;
    const colours = this.palette === 'colorblind' ? OKABE_ITO : DEFAULT_COLOURS;
    g.font = `${fontPx}px system-ui, sans-serif`;
    g.textBaseline = 'middle';
    const row = new Map<string, number>();
    this.neurons.forEach((n, i) => {
      row.set(n.id, i);
      g.fillStyle = '#d0d3dc';
      g.fillText(n.label, 4 * ratio, rowH * (i + 0.5), labelW - 8 * ratio);
      g.fillStyle = '#23262f';
      g.fillRect(labelW, rowH * (i + 1) - ratio, w - labelW, ratio);
    });
    const start = this.nowMs - WINDOW_MS;
    const plotW = w - labelW;
    const tickW = Math.max(2, 2 * ratio);
    for (const [id, tMs] of this.spikes) {
      const i = row.get(id);
      if (i === undefined || tMs < start) continue;
      g.fillStyle = colours[i % colours.length]!;
      g.fillRect(labelW + ((tMs - start) / WINDOW_MS) * plotW - tickW / 2, rowH * i + rowH * 0.15, tickW, rowH * 0.7);
    }
  }
}
