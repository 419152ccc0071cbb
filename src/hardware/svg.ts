import { pinLabel } from '../board/kinds/index.js';
import type { Exhibit } from '../exhibit/index.js';
import { xmlText } from '../safe-text.js';
import { powerReport, type PowerOptions, type StripPower } from './power.js';
import { STRIP_PARTS, wiringPlan, type PinUse, type PixelRun, type StripPlan } from './plan.js';

/**
 * The wiring of an exhibit as an SVG diagram: the board on the left with one lane per used pin, the 5 V
 * supply top right with its leads down the right edge, each strip with its segments coloured by kind,
 * buttons to ground, the age dial. Laid out on a fixed grid from the exhibit alone, so the same exhibit
 * always gives the same bytes. No lane crosses another except the +5 V lead hopping over the GND lead.
 */

const WIDTH = 1000;
const BOARD_X = 20;
const BOARD_RIGHT = 160;
const STUB_END = 190;
const STRIP_X = 400;
const PIXEL_PITCH = 9;
const PIXELS_PER_ROW = 60;
const ROW_PITCH = 40;
const TEXT_X = 200;
const RUN_LINE = 15;
const GND_BUS_X = 970;
const PLUS_BUS_X = 985;

/** Diagram colours of segment kinds (the exhibit's own colours change as it runs). */
export const KIND_COLOURS: Record<PixelRun['kind'], string> = {
  soma: '#d62728',
  axon: '#ff9f1c',
  synapse: '#1f77b4',
  dark: '#d9d9d9',
};
const RED = '#c62828';
const BLACK = '#222222';
const DATA = '#2e7d32';
const WIRE = '#555555';

const esc = xmlText;

function attrs(a: Record<string, string | number>): string {
  return Object.entries(a)
    .map(([k, v]) => ` ${k}="${esc(String(v))}"`)
    .join('');
}

class Svg {
  readonly parts: string[] = [];
  el(tag: string, a: Record<string, string | number>): void {
    this.parts.push(`<${tag}${attrs(a)}/>`);
  }
  text(x: number, y: number, s: string, a: Record<string, string | number> = {}): void {
    this.parts.push(`<text${attrs({ x, y, ...a })}>${esc(s)}</text>`);
  }
  line(x1: number, y1: number, x2: number, y2: number, stroke: string, width = 2): void {
    this.el('line', { x1, y1, x2, y2, stroke, 'stroke-width': width });
  }
  dot(x: number, y: number, fill: string): void {
    this.el('circle', { cx: x, cy: y, r: 3.5, fill });
  }
  /** A ground symbol hanging below (x, y). */
  ground(x: number, y: number): void {
    this.line(x, y, x, y + 8, BLACK);
    this.line(x - 8, y + 8, x + 8, y + 8, BLACK);
    this.line(x - 5, y + 12, x + 5, y + 12, BLACK);
    this.line(x - 2, y + 16, x + 2, y + 16, BLACK);
  }
}

/** Where a lane of the board sits and what it is. */
interface Lane {
  pin: PinUse;
  y: number;
}

function pixelX(pixel: number): number {
  return STRIP_X + (pixel % PIXELS_PER_ROW) * PIXEL_PITCH;
}

function rowY(top: number, pixel: number): number {
  return top + Math.floor(pixel / PIXELS_PER_ROW) * ROW_PITCH;
}

/** Draws one strip block with its lane at `y` (the middle of pixel row 0); returns the height used below y. */
function drawStrip(svg: Svg, strip: StripPlan, power: StripPower, y: number): number {
  const top = y - 6;
  const rows = Math.ceil(strip.pixels / PIXELS_PER_ROW);
  // Data: pin → resistor → DIN at pixel 0.
  svg.line(STUB_END, y, 290, y, DATA);
  svg.el('rect', { x: 290, y: y - 7, width: 50, height: 14, fill: '#ffffff', stroke: DATA, 'stroke-width': 2 });
  svg.text(315, y + 4, `${STRIP_PARTS.dataResistorOhms} Ω`, { 'text-anchor': 'middle', 'font-size': 10 });
  svg.text(315, y - 12, 'at the strip end', { 'text-anchor': 'middle', 'font-size': 9, fill: WIRE });
  svg.line(340, y, STRIP_X - 8, y, DATA);
  svg.el('path', { d: `M${STRIP_X - 8},${y - 5} L${STRIP_X - 1},${y} L${STRIP_X - 8},${y + 5} Z`, fill: DATA });
  svg.text(STRIP_X - 30, y + 18, 'DIN', { 'text-anchor': 'middle', 'font-size': 10, fill: DATA });
  // Leads from the supply: GND above +5 V; the +5 V lead hops over the GND bus.
  const gndY = y - 56;
  const plusY = y - 32;
  svg.line(GND_BUS_X, gndY, STRIP_X + 2, gndY, BLACK);
  svg.dot(GND_BUS_X, gndY, BLACK);
  svg.el('path', { d: `M${PLUS_BUS_X},${plusY} H${GND_BUS_X + 6} A6,6 0 0 0 ${GND_BUS_X - 6},${plusY} H${STRIP_X + 6}`, fill: 'none', stroke: RED, 'stroke-width': 2 });
  svg.dot(PLUS_BUS_X, plusY, RED);
  svg.line(STRIP_X + 2, gndY, STRIP_X + 2, top, BLACK);
  svg.line(STRIP_X + 6, plusY, STRIP_X + 6, top, RED);
  svg.text(STRIP_X + 10, gndY - 4, `strip ${strip.index} GND`, { 'font-size': 10 });
  svg.text(STRIP_X + 10, plusY - 4, `strip ${strip.index} +5 V`, { 'font-size': 10, fill: RED });
  // The capacitor across the leads where power enters.
  const capX = STRIP_X + 120;
  svg.line(capX, gndY, capX, gndY + 10, BLACK);
  svg.line(capX - 8, gndY + 10, capX + 8, gndY + 10, BLACK, 3);
  svg.line(capX - 8, gndY + 14, capX + 8, gndY + 14, RED, 3);
  svg.line(capX, gndY + 14, capX, plusY, RED);
  svg.dot(capX, gndY, BLACK);
  svg.dot(capX, plusY, RED);
  svg.text(capX - 14, gndY + 20, '+', { 'text-anchor': 'middle', 'font-size': 10, fill: RED });
  svg.text(capX + 14, gndY + 16, `${STRIP_PARTS.capacitorMicrofarads} µF ${STRIP_PARTS.capacitorVolts} V`, { 'font-size': 10 });
  // Pixels, coloured by the run they belong to.
  strip.runs.forEach((run) => {
    for (let p = run.first; p <= run.last; p++) {
      svg.el('rect', { x: pixelX(p), y: rowY(top, p), width: PIXEL_PITCH - 1, height: 12, fill: KIND_COLOURS[run.kind], stroke: '#777777', 'stroke-width': 0.5 });
    }
  });
  for (let r = 1; r < rows; r++) {
    const endY = top + (r - 1) * ROW_PITCH + 6;
    const right = STRIP_X + PIXELS_PER_ROW * PIXEL_PITCH;
    svg.el('path', { d: `M${right},${endY} C${right + 24},${endY} ${right + 24},${endY + ROW_PITCH} ${right},${endY + ROW_PITCH} M${STRIP_X - 4},${endY + ROW_PITCH} H${STRIP_X}`, fill: 'none', stroke: WIRE, 'stroke-dasharray': '3 2' });
    svg.text(STRIP_X - 6, endY + ROW_PITCH + 4, `${r * PIXELS_PER_ROW}`, { 'text-anchor': 'end', 'font-size': 9, fill: WIRE });
  }
  // Run numbers under the first row of each run; narrow neighbours alternate height so they never touch.
  strip.runs.forEach((run, i) => {
    const rowEnd = Math.min(run.last, (Math.floor(run.first / PIXELS_PER_ROW) + 1) * PIXELS_PER_ROW - 1);
    const x = (pixelX(run.first) + pixelX(rowEnd) + PIXEL_PITCH - 1) / 2;
    const narrow = (rowEnd - run.first + 1) * PIXEL_PITCH < 20;
    svg.text(x, rowY(top, run.first) + 22 + (narrow ? (i % 2) * 9 : 0), `${i + 1}`, { 'text-anchor': 'middle', 'font-size': 8, fill: WIRE });
  });
  for (const f of power.feedPixels) {
    const x = pixelX(f) + (PIXEL_PITCH - 1) / 2;
    const fy = rowY(top, f) - 2;
    svg.el('path', { d: `M${x - 4},${fy - 6} L${x + 4},${fy - 6} L${x},${fy} Z`, fill: RED });
  }
  const textTop = top + rows * ROW_PITCH + 4;
  const feeds = power.feedPixels.length === 1 ? 'pixel 0' : `pixels ${power.feedPixels.join(', ')} (▼; a red/black lead pair from the supply to each)`;
  svg.text(TEXT_X, textTop, `Strip ${strip.index}: D${strip.pin}, ${strip.pixels} pixels (${power.metres.toFixed(2)} m), ${strip.order}. Feed +5 V and GND at ${feeds}.`, { 'font-size': 11, 'font-weight': 'bold' });
  strip.runs.forEach((run, i) => {
    const ly = textTop + 6 + (i + 1) * RUN_LINE;
    svg.el('rect', { x: TEXT_X, y: ly - 9, width: 10, height: 10, fill: KIND_COLOURS[run.kind], stroke: '#777777', 'stroke-width': 0.5 });
    const range = run.first === run.last ? `${run.first}` : `${run.first}–${run.last}`;
    svg.text(TEXT_X + 16, ly, `${i + 1}. pixel${run.first === run.last ? '' : 's'} ${range} · ${run.kind}${run.of ? ` ${run.of}` : ''} · ${run.meaning}`, { 'font-size': 10 });
  });
  return textTop + 6 + strip.runs.length * RUN_LINE + 24 - y;
}

function drawButton(svg: Svg, pin: PinUse, y: number): void {
  svg.line(STUB_END, y, 288, y, WIRE);
  svg.el('circle', { cx: 300, cy: y, r: 12, fill: pin.kind === 'injury' ? '#ef5350' : '#ffd54f', stroke: BLACK, 'stroke-width': 2 });
  svg.line(312, y, 340, y, WIRE);
  svg.ground(340, y);
  svg.text(360, y - 2, pin.part, { 'font-size': 11, 'font-weight': 'bold' });
  svg.text(360, y + 12, `${pin.note}. Switch: NO → ${pin.pin}, COM → GND.`, { 'font-size': 10 });
}

function drawDial(svg: Svg, pin: PinUse, y: number, fiveVoltY: number): void {
  svg.line(STUB_END, y, 320, y, WIRE);
  svg.line(320, y, 320, y + 8, WIRE);
  svg.el('path', { d: `M315,${y + 3} L320,${y + 10} L325,${y + 3}`, fill: 'none', stroke: WIRE, 'stroke-width': 2 });
  svg.el('rect', { x: 285, y: y + 10, width: 70, height: 12, fill: '#ffffff', stroke: BLACK, 'stroke-width': 2 });
  svg.text(320, y + 32, '10 kΩ linear', { 'text-anchor': 'middle', 'font-size': 9 });
  svg.line(285, y + 16, 250, y + 16, WIRE);
  svg.line(250, y + 16, 250, fiveVoltY, WIRE);
  svg.line(STUB_END, fiveVoltY, 250, fiveVoltY, RED);
  svg.dot(250, fiveVoltY, RED);
  svg.line(355, y + 16, 380, y + 16, WIRE);
  svg.ground(380, y + 16);
  svg.text(400, y - 2, 'Age dial: potentiometer', { 'font-size': 11, 'font-weight': 'bold' });
  svg.text(400, y + 12, `wiper (middle leg) → ${pin.pin}; outer legs → the board's 5V and GND. ${pin.note}.`, { 'font-size': 10 });
}

/** The wiring diagram of an exhibit as a standalone SVG document (UTF-8, ends with a newline). */
export function wiringSvg(exhibit: Exhibit, options: PowerOptions & { source?: string } = {}): string {
  const plan = wiringPlan(exhibit);
  const power = powerReport(exhibit, options);
  const svg = new Svg();
  const byKind = (k: PinUse['kind']) => plan.pins.filter((p) => p.kind === k);
  // Lanes top to bottom: ground (to the supply), strips, buttons, the dial and its 5V.
  const lanes: Lane[] = [];
  let y = 175;
  for (const pin of byKind('ground')) {
    lanes.push({ pin, y });
    y += 80;
  }
  const stripLanes: Array<{ strip: StripPlan; y: number }> = [];
  for (const strip of plan.strips) {
    const pin = plan.pins.find((p) => p.kind === 'strip' && p.pin === pinLabel(exhibit.board.kind, strip.pin))!;
    lanes.push({ pin, y });
    stripLanes.push({ strip, y });
    y += drawStrip(svg, strip, power.strips[strip.index]!, y) + 56;
  }
  y -= 40;
  for (const pin of [...byKind('button'), ...byKind('injury')]) {
    lanes.push({ pin, y });
    drawButton(svg, pin, y);
    y += 44;
  }
  const dial = byKind('age')[0];
  const five = byKind('five-volt')[0];
  if (dial && five) {
    lanes.push({ pin: dial, y }, { pin: five, y: y + 44 });
    drawDial(svg, dial, y, y + 44);
    y += 88;
  }
  const boardTop = 120;
  const boardBottom = y - 14;
  const height = boardBottom + 24;
  // Supply and its buses down the right edge.
  const lastStrip = stripLanes.at(-1)!;
  svg.el('rect', { x: 760, y: 90, width: 180, height: 50, rx: 4, fill: '#fff8e1', stroke: BLACK, 'stroke-width': 2 });
  svg.text(850, 110, '5 V supply', { 'text-anchor': 'middle', 'font-size': 13, 'font-weight': 'bold' });
  svg.text(850, 128, `≥ ${power.recommendedSupplyAmps} A (config: ${power.supplyAmps} A)`, { 'text-anchor': 'middle', 'font-size': 11 });
  svg.text(944, 101, '+', { 'font-size': 12, fill: RED });
  svg.text(944, 136, '−', { 'font-size': 12 });
  svg.el('path', { d: `M940,105 H${PLUS_BUS_X} V${lastStrip.y - 32}`, fill: 'none', stroke: RED, 'stroke-width': 2 });
  svg.el('path', { d: `M940,125 H${GND_BUS_X} V${lastStrip.y - 56}`, fill: 'none', stroke: BLACK, 'stroke-width': 2 });
  svg.text(PLUS_BUS_X - 4, 84, `${power.leads.awg} AWG leads`, { 'text-anchor': 'end', 'font-size': 10 });
  // The board, its USB, and a stub for every lane.
  svg.el('rect', { x: BOARD_X, y: boardTop, width: BOARD_RIGHT - BOARD_X, height: boardBottom - boardTop, rx: 6, fill: '#e3f2fd', stroke: BLACK, 'stroke-width': 2 });
  svg.text(BOARD_X + 10, boardTop + 20, plan.boardName, { 'font-size': 12, 'font-weight': 'bold' });
  svg.el('rect', { x: BOARD_X - 8, y: boardTop + 30, width: 22, height: 16, fill: '#bdbdbd', stroke: BLACK });
  svg.text(BOARD_X + 20, boardTop + 43, 'USB → computer', { 'font-size': 9 });
  for (const lane of lanes) {
    const colour = lane.pin.kind === 'strip' ? DATA : lane.pin.kind === 'ground' ? BLACK : lane.pin.kind === 'five-volt' ? RED : WIRE;
    svg.text(BOARD_RIGHT - 6, lane.y + 4, lane.pin.pin, { 'text-anchor': 'end', 'font-size': 12, 'font-weight': 'bold' });
    svg.line(BOARD_RIGHT, lane.y, STUB_END, lane.y, colour);
    svg.dot(BOARD_RIGHT, lane.y, colour);
  }
  // Common ground: the board's GND joins the supply's − (the data signal needs the same reference).
  const gnd = lanes.find((l) => l.pin.kind === 'ground')!;
  svg.line(STUB_END, gnd.y, GND_BUS_X, gnd.y, BLACK);
  svg.dot(GND_BUS_X, gnd.y, BLACK);
  svg.text(TEXT_X, gnd.y - 6, "common ground: board GND ↔ supply − (never join the supply's +5 V to the board)", { 'font-size': 10 });
  const header = new Svg();
  header.text(20, 30, `Wiring: ${exhibit.name}`, { 'font-size': 18, 'font-weight': 'bold' });
  header.text(20, 50, `${plan.boardName} · generated by neuron-kit wiring${options.source ? ` from ${options.source}` : ''} · all ground symbols are one common ground`, { 'font-size': 11, fill: WIRE });
  let lx = 20;
  for (const [label, colour] of [['soma', KIND_COLOURS.soma], ['axon', KIND_COLOURS.axon], ['synapse', KIND_COLOURS.synapse], ['not used (dark)', KIND_COLOURS.dark]] as const) {
    header.el('rect', { x: lx, y: 62, width: 12, height: 12, fill: colour, stroke: '#777777', 'stroke-width': 0.5 });
    header.text(lx + 16, 72, label, { 'font-size': 11 });
    lx += 40 + label.length * 6;
  }
  for (const [label, colour] of [['+5 V', RED], ['GND', BLACK], ['data', DATA], ['signal', WIRE]] as const) {
    header.line(lx, 68, lx + 20, 68, colour);
    header.text(lx + 24, 72, label, { 'font-size': 11 });
    lx += 40 + label.length * 6;
  }
  header.el('path', { d: `M${lx + 2},62 L${lx + 10},62 L${lx + 6},68 Z`, fill: RED });
  header.text(lx + 14, 72, 'feed point', { 'font-size': 11 });
  const body = [...header.parts, ...svg.parts].map((p) => `  ${p}`).join('\n');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="Helvetica, Arial, sans-serif">\n` +
    `  <title>${esc(`Wiring: ${exhibit.name}`)}</title>\n` +
    `  <rect x="0" y="0" width="${WIDTH}" height="${height}" fill="#ffffff"/>\n` +
    `${body}\n</svg>\n`
  );
}
