/**
 * A small, dependency-free SVG line chart for the validation report: axes with ticks, one or more
 * series (lines with markers, or reference points drawn as hollow diamonds), a legend, a title and a
 * caption. The same data always gives the same bytes.
 */

export interface Series {
  label: string;
  points: Array<[number, number]>;
  /** `model`: a line with dots; `reference`: published values, hollow diamonds, no line. */
  kind: 'model' | 'reference';
  colour: string;
}

export interface Chart {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  /** Sentences under the chart: what is compared with what, and the sources. */
  caption: string[];
  /** Draw a horizontal line at y = 0 (changes) or y = 1 (ratios). */
  baseline?: number;
  xLog?: boolean;
}

const W = 720;
const LEFT = 80;
const RIGHT = 24;
const TOP = 48;
const PLOT_H = 280;
const PLOT_W = W - LEFT - RIGHT;

export const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Round numbers for ticks: 5–8 of them spanning [lo, hi]. */
function ticks(lo: number, hi: number): number[] {
  const span = hi - lo || 1;
  const raw = span / 6;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => span / s <= 8)!;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

const fmt = (v: number) => (Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(0) : String(Number(v.toPrecision(3))));

/** Wraps a caption line to about `width` characters. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

export function renderChart(chart: Chart): string {
  const all = chart.series.flatMap((s) => s.points);
  const xs = all.map(([x]) => (chart.xLog ? Math.log10(x) : x));
  const ys = all.map(([, y]) => y).concat(chart.baseline ?? []);
  let [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const padX = (x1 - x0 || 1) * 0.05;
  const padY = (y1 - y0 || 1) * 0.08;
  [x0, x1, y0, y1] = [x0 - padX, x1 + padX, y0 - padY, y1 + padY];
  const px = (x: number) => LEFT + ((chart.xLog ? Math.log10(x) : x) - x0) / (x1 - x0) * PLOT_W;
  const py = (y: number) => TOP + (1 - (y - y0) / (y1 - y0)) * PLOT_H;
  const out: string[] = [];
  const captionLines = chart.caption.flatMap((c) => wrap(c, 98));
  const legendTop = TOP + PLOT_H + 66;
  const captionTop = legendTop + chart.series.length * 18 + 14;
  const height = captionTop + captionLines.length * 16 + 12;
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}" font-family="sans-serif" font-size="13">`);
  out.push(`<rect width="${W}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="${W / 2}" y="26" text-anchor="middle" font-size="16" font-weight="bold">${esc(chart.title)}</text>`);
  out.push(`<rect x="${LEFT}" y="${TOP}" width="${PLOT_W}" height="${PLOT_H}" fill="none" stroke="#888888"/>`);
  const xTicks = chart.xLog ? ticks(x0, x1).filter((t) => Number.isInteger(t)).map((t) => 10 ** t) : ticks(x0, x1);
  for (const t of xTicks) {
    const x = px(t).toFixed(1);
    out.push(`<line x1="${x}" y1="${TOP + PLOT_H}" x2="${x}" y2="${TOP + PLOT_H + 5}" stroke="#888888"/>`);
    out.push(`<text x="${x}" y="${TOP + PLOT_H + 20}" text-anchor="middle">${fmt(t)}</text>`);
  }
  for (const t of ticks(y0, y1)) {
    const y = py(t).toFixed(1);
    out.push(`<line x1="${LEFT - 5}" y1="${y}" x2="${LEFT}" y2="${y}" stroke="#888888"/>`);
    out.push(`<text x="${LEFT - 8}" y="${(py(t) + 4).toFixed(1)}" text-anchor="end">${fmt(t)}</text>`);
  }
  if (chart.baseline !== undefined) {
    const y = py(chart.baseline).toFixed(1);
    out.push(`<line x1="${LEFT}" y1="${y}" x2="${LEFT + PLOT_W}" y2="${y}" stroke="#bbbbbb" stroke-dasharray="4 4"/>`);
  }
  out.push(`<text x="${LEFT + PLOT_W / 2}" y="${TOP + PLOT_H + 42}" text-anchor="middle">${esc(chart.xLabel)}</text>`);
  out.push(`<text transform="translate(20 ${TOP + PLOT_H / 2}) rotate(-90)" text-anchor="middle">${esc(chart.yLabel)}</text>`);
  chart.series.forEach((s, i) => {
    const pts = s.points.map(([x, y]) => [px(x), py(y)] as const);
    if (s.kind === 'model') {
      // A break in x (NaN) is not expected; consecutive points are joined.
      out.push(`<polyline fill="none" stroke="${s.colour}" stroke-width="2" points="${pts.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ')}"/>`);
      for (const [x, y] of pts) out.push(`<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="3" fill="${s.colour}"/>`);
    } else {
      for (const [x, y] of pts) out.push(`<path d="M${x.toFixed(1)} ${(y - 6).toFixed(1)} l6 6 l-6 6 l-6 -6 z" fill="#ffffff" stroke="${s.colour}" stroke-width="2"/>`);
    }
    const ly = legendTop + i * 18;
    const lx = LEFT;
    if (s.kind === 'model') out.push(`<line x1="${lx}" y1="${ly - 4}" x2="${lx + 22}" y2="${ly - 4}" stroke="${s.colour}" stroke-width="2"/>`);
    else out.push(`<path d="M${lx + 11} ${ly - 10} l6 6 l-6 6 l-6 -6 z" fill="#ffffff" stroke="${s.colour}" stroke-width="2"/>`);
    out.push(`<text x="${lx + 30}" y="${ly}">${esc(s.label)}</text>`);
  });
  captionLines.forEach((line, i) => out.push(`<text x="${LEFT - 60}" y="${captionTop + i * 16}" fill="#333333">${esc(line)}</text>`));
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
