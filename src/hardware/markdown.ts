import type { Exhibit } from '../exhibit/index.js';
import { DEFAULT_LEAD_METRES, DEFAULT_PIXELS_PER_METRE, MAX_LEAD_DROP_VOLTS, MAX_STRIP_DROP_VOLTS, powerReport, type PowerOptions, type PowerReport } from './power.js';
import { STRIP_PARTS, wiringPlan, type StripPlan } from './plan.js';

export interface WiringDocOptions extends PowerOptions {
  /** How the exhibit file is named in the text (e.g. "exhibits/default.json"). Default: none. */
  source?: string;
  /** File name of the SVG diagram next to the Markdown, linked from it. Default "wiring.svg". */
  svgFile?: string;
}

const mA = (n: number) => `${Math.round(n)} mA`;
const volts = (n: number) => `${n.toFixed(2)} V`;
const amps = (n: number) => `${Number(n.toFixed(2))} A`;
const pixelRange = (first: number, last: number) => (first === last ? `${first}` : `${first}–${last}`);
/** Markdown table cells may not hold a bare "|". */
const cell = (s: string) => s.replace(/\|/g, '\\|');

function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}

function stripSection(strip: StripPlan, power: PowerReport): string[] {
  const p = power.strips[strip.index]!;
  return [
    `## Strip ${strip.index}: D${strip.pin}, ${strip.pixels} pixels, ${strip.order}`,
    '',
    `${p.metres.toFixed(2)} m at ${power.pixelsPerMetre} pixels/m. Pixel 0 is the data-in end (DIN; the printed arrows point away from it).`,
    '',
    ...table(
      ['pixels', 'count', 'shows', 'of', 'what a visitor sees'],
      strip.runs.map((r) => [pixelRange(r.first, r.last), `${r.last - r.first + 1}`, r.kind, r.of || '–', r.meaning]),
    ),
    '',
  ];
}

function feedLines(power: PowerReport): string[] {
  return power.strips.map((s) => {
    const where = s.feedPixels.length === 1 ? 'pixel 0 only' : `pixels ${s.feedPixels.join(', ')}`;
    const alone = s.feedPixels.length > 1 ? ` (fed at pixel 0 alone it would lose ${volts(s.oneEndDropVolts)})` : '';
    return `- Strip ${s.strip} (D${s.pin}): feed +5 V and GND at ${where}; the largest drop along the strip is ${volts(s.dropVolts)}, at pixel ${s.worstPixel}${alone}.`;
  });
}

/** The `neuron-kit power` invocation that prints the same numbers as this document. */
function powerCommandLine(power: PowerReport, source: string | undefined): string {
  const flags = [
    ...(source ? [`--exhibit ${source}`] : []),
    ...(power.pixelsPerMetre !== DEFAULT_PIXELS_PER_METRE ? [`--pixels-per-metre ${power.pixelsPerMetre}`] : []),
    ...(power.leads.metres !== DEFAULT_LEAD_METRES ? [`--lead-metres ${power.leads.metres}`] : []),
  ];
  return ['neuron-kit power', ...flags].join(' ');
}

function powerSection(power: PowerReport, source: string | undefined): string[] {
  const dims = power.limiterDims
    ? `The renderer's limiter dims frames that would draw more than ${mA(power.budgetMilliamps)}; a ${power.recommendedSupplyAmps} A supply (and \`"supplyAmps": ${power.recommendedSupplyAmps}\`) would let every frame through at full brightness.`
    : `The brightness cap already keeps every frame under the limiter's ${mA(power.budgetMilliamps)}: the limiter never has to dim.`;
  const leads = power.leads;
  return [
    '## Power',
    '',
    `The numbers \`${powerCommandLine(power, source)}\` prints, from the model the renderer's limiter enforces (src/render/power.ts).`,
    '',
    ...table(
      ['', 'current at 5 V'],
      [
        ['every pixel full white, no cap (stray data at power-up can do this)', mA(power.fullWhiteMilliamps)],
        [`every pixel full white at the brightness cap (${power.maxBrightness})`, mA(power.worstCaseMilliamps)],
        [`limiter budget for the ${amps(power.supplyAmps)} supply in the config`, mA(power.budgetMilliamps)],
        ['most the strips will draw (limited)', mA(power.limitedMilliamps)],
      ],
    ),
    '',
    `- Supply: 5 V, at least ${power.recommendedSupplyAmps} A (the worst case needs ${amps(power.neededAmps)}: the model keeps 10% of the rating free and ${mA(power.boardMilliamps)} for a board on the same supply; this kit's board runs from USB, so that is extra margin). ${dims}`,
    leads.dropVolts <= MAX_LEAD_DROP_VOLTS && leads.ratedAmps >= power.supplyAmps
      ? `- Power leads: ${leads.awg} AWG, red for +5 V and black for GND, up to ${leads.metres} m: ${volts(leads.dropVolts)} lost at ${mA(power.limitedMilliamps)} (limit ${volts(MAX_LEAD_DROP_VOLTS)}); rated ${amps(leads.ratedAmps)} ≥ the ${amps(power.supplyAmps)} supply.`
      : `- Power leads: even ${leads.awg} AWG loses ${volts(leads.dropVolts)} over ${leads.metres} m (limit ${volts(MAX_LEAD_DROP_VOLTS)}) or is rated below the supply: put the supply nearer the strips.`,
    `- At each strip's first feed: a ${STRIP_PARTS.capacitorMicrofarads} µF, ${STRIP_PARTS.capacitorVolts} V capacitor across +5 V and GND (− leg to GND).`,
    ...feedLines(power),
    '',
    `Drops along a strip assume ${power.stripOhmsPerMetre.toFixed(2)} Ω per metre for its +5 V and GND rails together (1 oz copper) and allow ${volts(MAX_STRIP_DROP_VOLTS)}; hardware/ASSEMBLY.md says how to measure yours.`,
    '',
  ];
}

/**
 * The wiring of an exhibit as Markdown: board pins (pin → part → where its other side goes), every strip's
 * pixels (segment by segment), and the power to feed. Deterministic: same exhibit and options, same text.
 */
export function wiringMarkdown(exhibit: Exhibit, options: WiringDocOptions = {}): string {
  const plan = wiringPlan(exhibit);
  const power = powerReport(exhibit, options);
  const svg = options.svgFile ?? 'wiring.svg';
  const from = options.source ? ` from \`${options.source}\`` : '';
  const lines = [
    `# Wiring: ${exhibit.name}`,
    '',
    `Generated${from} by \`neuron-kit wiring\`: change the exhibit and regenerate rather than editing this file.`,
    '',
    `Board: ${plan.boardName}, connected to the computer by USB (which also powers it). ` +
      `${exhibit.strips.length} WS2812B strip${exhibit.strips.length === 1 ? '' : 's'} (${power.pixels} pixels) on a separate 5 V supply; ` +
      `every button is a normally-open switch between its pin and GND.`,
    '',
    `![Wiring diagram: ${exhibit.name}](${svg})`,
    '',
    '## Board pins',
    '',
    ...table(
      ['pin', 'part', 'other side', 'how it is used'],
      plan.pins.map((p) => [p.pin, p.part, p.to || '–', p.note]),
    ),
    '',
    `Data line: board pin → ${STRIP_PARTS.dataResistorOhms} Ω resistor → the strip's DIN pad, the resistor at the strip end of the wire. ` +
      `Keep the data wire short (under 1 m) and run it beside a GND wire.`,
    '',
    ...plan.strips.flatMap((s) => stripSection(s, power)),
    ...powerSection(power, options.source),
  ];
  return `${lines.join("\n").trimEnd()}\n`;
}
