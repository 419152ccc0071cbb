import type uPlot from 'uplot';
import type { Sample, SynapseSample, WebPaletteName } from '../messages.js';

/** uPlot's browser build, loaded by a classic script before the page's modules. */
declare global {
  interface Window {
    uPlot: typeof uPlot;
  }
}

/** Okabe & Ito (2008) colours: distinguishable with every common colour-vision deficiency. */
const OKABE_ITO = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#CC79A7', '#D55E00', '#0072B2'];
const DEFAULT_COLOURS = ['#ff7a45', '#4fb8ff', '#7ddc6b', '#ffd84a', '#e68cff', '#ff5b8a', '#9aa8ff'];
/** A dash pattern per series too, so lines differ by more than colour. */
const DASHES: number[][] = [[], [10, 6], [3, 5], [14, 4, 3, 4]];
/** Points kept per chart: two minutes at the server's five samples per board second. */
const MAX_POINTS = 600;

/** Short enough that four charts fit beside the captions on a 1080p projector. */
const chartHeight = (widthPx: number) => Math.round(Math.min(260, Math.max(150, widthPx * 0.55)));

interface Quantity {
  key: keyof Omit<SynapseSample, 'exists'>;
  title: string;
}

const QUANTITIES: Quantity[] = [
  // The one quantity the captions and the strip's hue show: efficacy against the start, in percent.
  { key: 'change', title: 'Strength: % stronger (+) or weaker (−) than at the start' },
  { key: 'efficacy', title: 'Efficacy: response to one action potential' },
  { key: 'release', title: 'Release probability' },
  { key: 'receptors', title: 'Receptors (per contact)' },
  { key: 'contacts', title: 'Contacts' },
];

/**
 * The docent's plots: strength against the start, efficacy, release probability, receptors and contacts of every synapse over
 * board time, one uPlot chart each. Data is kept here; charts are redrawn at most once per
 * animation frame, and rebuilt when the palette changes.
 */
export class Charts {
  private readonly x: number[] = [];
  private readonly y = new Map<string, Array<Array<number | null>>>();
  private charts: uPlot[] = [];
  private readonly boxes: HTMLElement[] = [];
  private pending = false;
  private palette: WebPaletteName = 'default';

  constructor(
    private readonly root: HTMLElement,
    private readonly synapses: string[],
    /** Each synapse's name in the legend, as the kit labels it. */
    private readonly names: Record<string, string>,
  ) {
    for (const id of synapses) this.y.set(id, QUANTITIES.map(() => []));
    new ResizeObserver(() => this.resize()).observe(root);
  }

  add(samples: readonly Sample[]): void {
    for (const s of samples) {
      this.x.push(s.tMs / 1000);
      for (const id of this.synapses) {
        const state = s.synapses[id];
        const series = this.y.get(id)!;
        QUANTITIES.forEach((q, k) => series[k]!.push(state && state.exists ? (q.key === 'change' ? Math.round(state.change * 1000) / 10 : state[q.key]) : null));
      }
    }
    const extra = this.x.length - MAX_POINTS;
    if (extra > 0) {
      this.x.splice(0, extra);
      for (const series of this.y.values()) for (const line of series) line.splice(0, extra);
    }
    for (const box of this.boxes) box.dataset.points = String(this.x.length);
    if (!this.pending && this.charts.length > 0) {
      this.pending = true;
      requestAnimationFrame(() => {
        this.pending = false;
        this.charts.forEach((c, k) => c.setData(this.data(k)));
      });
    }
  }

  setPalette(palette: WebPaletteName): void {
    if (palette === this.palette && this.charts.length > 0) return;
    this.palette = palette;
    this.build();
  }

  private data(k: number): uPlot.AlignedData {
    return [this.x, ...this.synapses.map((id) => this.y.get(id)![k]!)] as uPlot.AlignedData;
  }

  private width(): number {
    const first = this.boxes[0];
    return Math.max(240, Math.floor((first?.clientWidth ?? this.root.clientWidth) - 8));
  }

  private build(): void {
    for (const c of this.charts) c.destroy();
    this.charts = [];
    this.root.replaceChildren();
    this.boxes.length = 0;
    const colours = this.palette === 'colorblind' ? OKABE_ITO : DEFAULT_COLOURS;
    const fontPx = Math.round(parseFloat(getComputedStyle(document.documentElement).fontSize) * 0.7);
    const axisFont = `${fontPx}px system-ui, sans-serif`;
    for (const q of QUANTITIES) {
      const box = document.createElement('div');
      box.className = 'chart';
      box.dataset.quantity = q.key;
      box.dataset.points = String(this.x.length);
      const h = document.createElement('h3');
      h.textContent = q.title;
      box.append(h);
      this.root.append(box);
      this.boxes.push(box);
    }
    const width = this.width();
    QUANTITIES.forEach((q, k) => {
      const opts: uPlot.Options = {
        width,
        height: chartHeight(width),
        legend: { show: true, live: false },
        cursor: { show: false },
        // A change of a fraction of a percent stays a flat line: the y range spans at least ±5% of the
        // value (and 0.01), so the axis never shows one tick value twice ("0.501, 0.501").
        // (Contacts are whole numbers: uPlot's own range shows them.)
        // Strength in percent keeps 0 (the start) in view, with at least ±10 points around it.
        scales: { x: { time: false }, ...(q.key === 'contacts' ? {} : { y: { range: (_u: uPlot, min: number | null, max: number | null) => (q.key === 'change' ? changeRange(min, max) : yRange(min, max)) } }) },
        axes: [
          { stroke: '#d0d3dc', grid: { stroke: '#2a2d3a' }, font: axisFont, label: 'board time (s)', labelFont: axisFont },
          { stroke: '#d0d3dc', grid: { stroke: '#2a2d3a' }, font: axisFont, size: fontPx * 4 },
        ],
        series: [
          {},
          ...this.synapses.map((id, i) => ({
            label: this.names[id] ?? id,
            stroke: colours[i % colours.length]!,
            width: 3,
            dash: DASHES[i % DASHES.length]!,
            spanGaps: false,
            ...(q.key === 'contacts' ? { paths: window.uPlot.paths.stepped!({ align: 1 }) } : {}),
          })),
        ],
      };
      this.charts.push(new window.uPlot(opts, this.data(k), this.boxes[k]!));
    });
  }

  private resize(): void {
    if (this.charts.length === 0) return;
    const width = this.width();
    for (const c of this.charts) c.setSize({ width, height: chartHeight(width) });
  }
}

/** The y range a chart shows for data from `min` to `max`: the data, widened to span at least ±5% of its middle. */
export function yRange(min: number | null, max: number | null): [number, number] {
  if (min === null || max === null || !Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  const mid = (min + max) / 2;
  const half = Math.max((max - min) / 2, Math.abs(mid) * 0.05, 0.005);
  // A little room above and below the data, as uPlot leaves by default.
  return [mid - half * 1.1, mid + half * 1.1];
}

/** The y range of the strength chart (percent from the start): always 0, at least −10 to +10. */
export function changeRange(min: number | null, max: number | null): [number, number] {
  const lo = min === null || !Number.isFinite(min) ? 0 : min;
  const hi = max === null || !Number.isFinite(max) ? 0 : max;
  return [Math.min(-10, lo * 1.1), Math.max(10, hi * 1.1)];
}
