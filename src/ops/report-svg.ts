import { esc } from '../validation/plot.js';
import type { VisitorReport } from './report.js';

const W = 640;
const PANEL_H = 150;
const LEFT = 44;
const RIGHT = 16;
const BAR = '#3b7dd8';

/** One bar panel: a title, bars with their counts, labels under some of them. */
function panel(y0: number, title: string, labels: string[], values: number[], labelEvery: number): string {
  const max = Math.max(1, ...values);
  const plotW = W - LEFT - RIGHT;
  const slot = plotW / Math.max(1, values.length);
  const top = y0 + 24;
  const h = PANEL_H - 50;
  const parts = [
    `<text x="${LEFT}" y="${y0 + 14}" font-size="13" font-weight="bold">${esc(title)}</text>`,
    `<line x1="${LEFT}" y1="${top + h}" x2="${W - RIGHT}" y2="${top + h}" stroke="#888"/>`,
    `<text x="${LEFT - 6}" y="${top + 4}" font-size="10" text-anchor="end">${max}</text>`,
    `<text x="${LEFT - 6}" y="${top + h}" font-size="10" text-anchor="end">0</text>`,
  ];
  values.forEach((v, i) => {
    const bh = (v / max) * h;
    const x = LEFT + i * slot + slot * 0.15;
    parts.push(`<rect x="${x.toFixed(1)}" y="${(top + h - bh).toFixed(1)}" width="${(slot * 0.7).toFixed(1)}" height="${bh.toFixed(1)}" fill="${BAR}"><title>${esc(labels[i]!)}: ${v}</title></rect>`);
    if (i % labelEvery === 0) parts.push(`<text x="${(LEFT + (i + 0.5) * slot).toFixed(1)}" y="${top + h + 14}" font-size="10" text-anchor="middle">${esc(labels[i]!)}</text>`);
  });
  return parts.join('\n');
}

/** A small SVG of visitor sessions: per hour of the day, and per day. The same report gives the same bytes. */
export function reportSvg(report: VisitorReport): string {
  const days = Object.keys(report.sessions.perDay);
  const hours = report.sessions.perHour.map((_, h) => String(h).padStart(2, '0'));
  const height = PANEL_H * 2 + 30;
  const caption = `${report.sessions.total} sessions${report.from ? `, ${report.from} – ${report.to}` : ''} (${report.timeZone})${report.sessionsFrom === 'presses' ? ', inferred from presses' : ''}; median dwell ${report.sessions.medianDwellS ?? '–'} s`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}" font-family="sans-serif">`,
    `<rect width="${W}" height="${height}" fill="white"/>`,
    panel(0, 'Sessions by hour of the day', hours, report.sessions.perHour, 3),
    panel(PANEL_H, 'Sessions per day', days, days.map((d) => report.sessions.perDay[d]!), Math.max(1, Math.ceil(days.length / 8))),
    `<text x="${LEFT}" y="${height - 10}" font-size="11" fill="#444">${esc(caption)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}
