import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExhibit } from '../../src/exhibit/index.js';
import { awgAmps, powerReport, STRIP_PARTS, WALL_EXHIBIT } from '../../src/hardware/index.js';

/** The hand-written docs quote computed numbers: they must be the numbers the code computes today. */

const root = join(import.meta.dirname, '..', '..');
const read = (file: string) => readFileSync(join(root, 'hardware', file), 'utf8').replace(/\s+/g, ' ');
const mA = (n: number) => `${Math.round(n)} mA`;
const V = (n: number) => `${n.toFixed(2)} V`;

describe('hardware docs quote the computed numbers', () => {
  it('BOM.md: the kit', async () => {
    const bom = read('BOM.md');
    const r = powerReport(await loadExhibit(join(root, 'exhibits', 'default.json')));
    for (const quoted of [
      `worst case **${mA(r.worstCaseMilliamps)}**`,
      `limiter budget ${mA(r.budgetMilliamps)} on a ${r.supplyAmps} A supply`,
      `${mA(r.fullWhiteMilliamps)} if every pixel were full white`,
      `at most ${V(r.strips[0]!.dropVolts)} is lost along the strip`,
      `5 V supply, ${r.recommendedSupplyAmps} A or more`,
      `stranded copper wire, ${r.leads.awg} AWG`,
      `loses ${V(r.leads.dropVolts)} over ${r.leads.metres} m at ${mA(r.limitedMilliamps)}`,
      `capped white pixel draws ${r.strips[0]!.pixelMilliamps.toFixed(1)} mA`,
      `Resistor ${STRIP_PARTS.dataResistorOhms} Ω`,
      `capacitor ${STRIP_PARTS.capacitorMicrofarads} µF, ${STRIP_PARTS.capacitorVolts} V`,
      `${r.leads.awg} AWG is rated ${awgAmps(r.leads.awg).toFixed(1)} A`,
    ]) {
      expect(bom, quoted).toContain(quoted);
    }
  });

  it('BOM.md: the wall', async () => {
    const bom = read('BOM.md');
    // The exhibit records its pitch: no flag needed for the BOM's numbers.
    const r = powerReport(await loadExhibit(join(root, WALL_EXHIBIT.exhibit)), { leadMetres: WALL_EXHIBIT.leadMetres });
    expect(r.pixelsPerMetre).toBe(WALL_EXHIBIT.pixelsPerMetre);
    const s = r.strips[0]!;
    expect(r.strips.every((x) => x.feedPixels.join() === '0,71')).toBe(true);
    for (const quoted of [
      `neuron-wall.json --lead-metres ${WALL_EXHIBIT.leadMetres}\``,
      `"pixelsPerMetre": ${r.pixelsPerMetre}`,
      `worst case **${mA(r.worstCaseMilliamps)}**`,
      `limiter budget ${mA(r.budgetMilliamps)} on a ${r.supplyAmps} A supply`,
      `${mA(r.fullWhiteMilliamps)} with no cap`,
      `each 2.4 m strip would lose ${V(s.oneEndDropVolts)}`,
      `worst drop down to ${V(s.dropVolts)}`,
      `${r.leads.awg} AWG loses ${V(r.leads.dropVolts)} there`,
      `5 V supply, **${r.recommendedSupplyAmps} A** or more`,
      `stranded ${r.leads.awg} AWG, red and black`,
    ]) {
      expect(bom, quoted).toContain(quoted);
    }
  });

  it('ASSEMBLY.md: the strip copper and the uncapped current', async () => {
    const assembly = read('ASSEMBLY.md');
    const r = powerReport(await loadExhibit(join(root, 'exhibits', 'default.json')));
    expect(assembly).toContain(`assumes ${r.stripOhmsPerMetre.toFixed(2)} Ω per metre`);
    expect(assembly).toContain(`(${mA(r.fullWhiteMilliamps)} for the default exhibit)`);
  });

  it('links only to files that exist', () => {
    for (const doc of ['BOM.md', 'ASSEMBLY.md']) {
      for (const [, target] of readFileSync(join(root, 'hardware', doc), 'utf8').matchAll(/\]\(([^)#]+)\)/g)) {
        expect(existsSync(join(root, 'hardware', target!)), `${doc} links to ${target}`).toBe(true);
      }
    }
  });
});
