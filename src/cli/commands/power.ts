import { MAX_LEAD_DROP_VOLTS, MAX_STRIP_DROP_VOLTS, powerReport, STRIP_PARTS, type PowerReport } from '../../hardware/index.js';
import type { Output } from '../output.js';
import { chooseExhibit, positiveNumber } from './wiring.js';

export interface PowerCommandOptions {
  /** Exhibit file; default the bundled exhibits/default.json. */
  exhibit?: string;
  /** Print one JSON document instead of the summary. */
  json?: boolean;
  /** Pixel pitch of the strip, as typed (default 60). */
  pixelsPerMetre?: string;
  /** One-way length of the power leads from the supply, m, as typed (default 1.5). */
  leadMetres?: string;
}

const mA = (n: number) => `${Math.round(n)} mA`.padStart(8);
const volts = (n: number) => `${n.toFixed(2)} V`;
const amps = (n: number) => `${Number(n.toFixed(2))} A`;

function supplyLines(r: PowerReport): string[] {
  const lines = [`Supply to buy: 5 V, ${r.recommendedSupplyAmps} A or more (the worst case needs ${amps(r.neededAmps)}).`];
  if (r.limiterDims) {
    lines.push(
      `The configured ${amps(r.supplyAmps)} supply is smaller than that: the renderer dims the brightest frames to ${Math.round(r.budgetMilliamps)} mA.`,
      `To show them at full brightness, use a ${r.recommendedSupplyAmps} A supply and set "power": { "supplyAmps": ${r.recommendedSupplyAmps} } in the exhibit.`,
    );
  } else {
    lines.push(`The configured ${amps(r.supplyAmps)} supply is enough: the brightness cap keeps every frame under the limiter's budget.`);
  }
  const l = r.leads;
  if (l.ratedAmps < r.supplyAmps || l.dropVolts > MAX_LEAD_DROP_VOLTS) {
    lines.push(`Power leads: even ${l.awg} AWG loses ${volts(l.dropVolts)} over ${l.metres} m (limit ${volts(MAX_LEAD_DROP_VOLTS)}) or is rated below the supply: put the supply nearer the strips.`);
  } else {
    lines.push(`Power leads: ${l.awg} AWG, red +5 V and black GND, up to ${l.metres} m each: ${volts(l.dropVolts)} lost at ${Math.round(r.limitedMilliamps)} mA; rated ${amps(l.ratedAmps)} for the ${amps(r.supplyAmps)} supply.`);
  }
  lines.push(
    `At each strip's first feed: a ${STRIP_PARTS.capacitorMicrofarads} µF, ${STRIP_PARTS.capacitorVolts} V capacitor across +5 V and GND. In each data line: a ${STRIP_PARTS.dataResistorOhms} Ω resistor at the strip end.`,
  );
  return lines;
}

/** The summary a person reads: currents, the supply to buy, leads, and where to feed each strip. */
export function describePower(r: PowerReport, name: string, source: string): string[] {
  const strips = `${r.strips.length} strip${r.strips.length === 1 ? '' : 's'}`;
  return [
    `Power for "${name}" (${source}): ${strips}, ${r.pixels} pixels at ${r.pixelsPerMetre}/m, brightness cap ${r.maxBrightness}.`,
    '',
    'Current at 5 V (WS2812B: 20 mA per colour at full duty, 60 mA white, about 1 mA idle):',
    `${mA(r.fullWhiteMilliamps)}  every pixel full white, no cap (stray data at power-up can do this)`,
    `${mA(r.worstCaseMilliamps)}  worst case: every pixel full white at the ${r.maxBrightness} cap`,
    `${mA(r.budgetMilliamps)}  the limiter's budget for the configured ${amps(r.supplyAmps)} supply (90% of it, less ${r.boardMilliamps} mA for a board)`,
    `${mA(r.limitedMilliamps)}  limited: the most the strips will draw${r.limiterDims ? ' (the limiter dims frames above it)' : ' (nothing needs dimming)'}`,
    '',
    ...supplyLines(r),
    '',
    `Where to feed +5 V and GND into each strip (at most ${volts(MAX_STRIP_DROP_VOLTS)} lost along it; ${r.stripOhmsPerMetre.toFixed(2)} Ω/m for both rails, 1 oz copper):`,
    ...r.strips.map((s) => {
      const where = s.feedPixels.length === 1 ? 'pixel 0' : `pixels ${s.feedPixels.join(', ')}`;
      const alone = s.feedPixels.length > 1 ? ` (${volts(s.oneEndDropVolts)} if fed at pixel 0 alone)` : '';
      return `  strip ${s.strip} (D${s.pin}, ${s.pixels} px, ${s.metres.toFixed(2)} m): ${where}; worst ${volts(s.dropVolts)} at pixel ${s.worstPixel}${alone}`;
    }),
  ];
}

/**
 * `neuron-kit power [--exhibit FILE] [--json] [--pixels-per-metre N] [--lead-metres M]`: worst-case and
 * limited current, the supply to buy, the power leads and where to feed 5 V into long strips. The numbers
 * come from src/render/power.ts, the model the renderer's limiter enforces.
 */
export async function powerCommand(options: PowerCommandOptions, out: Output): Promise<void> {
  const pixelsPerMetre = positiveNumber(options.pixelsPerMetre, '--pixels-per-metre', '60');
  const leadMetres = positiveNumber(options.leadMetres, '--lead-metres', '1.5');
  const { exhibit, source } = await chooseExhibit(options.exhibit);
  const report = powerReport(exhibit, { ...(pixelsPerMetre !== undefined ? { pixelsPerMetre } : {}), ...(leadMetres !== undefined ? { leadMetres } : {}) });
  if (options.json) out.log(JSON.stringify({ exhibit: exhibit.name, source, ...report }));
  else for (const line of describePower(report, exhibit.name, source)) out.log(line);
}
