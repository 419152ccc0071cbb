import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExhibit } from '../../src/exhibit/index.js';
import { KIND_COLOURS, powerReport, wiringSources, wiringSvg } from '../../src/hardware/index.js';
import { twoStrips } from './fixtures.js';
import { xmlProblems } from './xml.js';

const root = join(import.meta.dirname, '..', '..');

/** The text content of every <text> element, unescaped. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) =>
    m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&'),
  );
}

describe('wiring SVG', () => {
  it('the checker itself catches broken XML', () => {
    expect(xmlProblems('<svg><g></svg>')).not.toEqual([]);
    expect(xmlProblems('<svg><text>A->C & B</text></svg>')).not.toEqual([]);
    expect(xmlProblems('<svg a="1" a="2"/>')).not.toEqual([]);
    expect(xmlProblems('<?xml version="1.0"?>\n<svg><text>A-&gt;C &amp; B</text></svg>\n')).toEqual([]);
  });

  it.each(wiringSources(root).map((s) => [s.exhibit, s] as const))('%s: well-formed, deterministic SVG', async (_, source) => {
    const exhibit = await loadExhibit(join(root, source.exhibit));
    const options = { pixelsPerMetre: source.pixelsPerMetre, leadMetres: source.leadMetres };
    const svg = wiringSvg(exhibit, options);
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(wiringSvg(structuredClone(exhibit), options)).toBe(svg);
  });

  it('escapes what the exhibit says: names with & and < stay well-formed', () => {
    const svg = wiringSvg(twoStrips());
    expect(xmlProblems(svg)).toEqual([]);
    expect(texts(svg)).toContain('Wiring: Two strips & <buttons>');
  });

  it('labels every pin, part and segment, and draws the parts every WS2812B build needs', () => {
    const exhibit = twoStrips();
    const svg = wiringSvg(exhibit);
    const t = texts(svg);
    for (const pin of ['D2', 'D3', 'D4', 'D6', 'D7', 'D9', 'A2', '5V', 'GND']) expect(t, pin).toContain(pin);
    for (const label of ['button "Touch" (neuron A)', 'button "Light" (neuron B)', 'button "Sound" (neuron C)', 'button "Injury"', 'Age dial: potentiometer']) {
      expect(t, label).toContain(label);
    }
    // Every segment and every dark gap is listed with its pixels; strip 1 ends on a used pixel, strip 0 does not.
    const runs = t.filter((s) => /^\d+\. pixels? /.test(s));
    expect(runs).toEqual([
      '1. pixel 0 · soma A · Touch (A): flashes when it fires, dark if it is lost',
      '2. pixels 1–10 · axon A->D · action potentials travel Touch (A) → Move (D)',
      '3. pixels 11–14 · synapse A->D · synapse Touch (A) → Move (D): lit pixels = contacts, brightness = efficacy',
      '4. pixels 15–19 · dark · not used: always dark',
      '5. pixels 20–25 · synapse A->B · possible synapse Touch (A) → Light (B): dark until the two fire together and it grows',
      '6. pixels 26–28 · dark · not used: always dark',
      '7. pixel 29 · soma D · Move (D): flashes when it fires, dark if it is lost',
      '1. pixels 0–9 · axon C->D · action potentials travel Sound (C) → Move (D)',
      '2. pixels 10–14 · synapse C->D · synapse Sound (C) → Move (D): lit pixels = contacts, brightness = efficacy',
      '3. pixels 15–19 · synapse B->D · synapse Light (B) → Move (D): lit pixels = contacts, brightness = efficacy',
    ]);
    // One rectangle per pixel, coloured by what it shows.
    const pixelRects = [...svg.matchAll(/<rect x="\d+" y="-?\d+" width="8" height="12" fill="(#[0-9a-f]{6})"/g)].map((m) => m[1]);
    expect(pixelRects).toHaveLength(50);
    expect(pixelRects.filter((c) => c === KIND_COLOURS.axon)).toHaveLength(10 + 10);
    expect(pixelRects.filter((c) => c === KIND_COLOURS.soma)).toHaveLength(2);
    expect(pixelRects.filter((c) => c === KIND_COLOURS.dark)).toHaveLength(5 + 3);
    // Data resistor and capacitor once per strip; the supply with the size to buy.
    expect(t.filter((s) => s === '470 Ω')).toHaveLength(2);
    expect(t.filter((s) => s === '1000 µF 10 V')).toHaveLength(2);
    expect(t).toContain('5 V supply');
    expect(t).toContain(`≥ ${powerReport(exhibit).recommendedSupplyAmps} A (config: 1 A)`);
    expect(t).toContain('strip 0 +5 V');
    expect(t).toContain('strip 1 GND');
  });

  it('marks every feed point of a strip that needs power injection', () => {
    const exhibit = twoStrips((d) => {
      d.strips = [{ pin: 6, length: 200, order: 'GRB' }];
      d.segments = [];
      d.power.maxBrightness = 1;
    });
    const feeds = powerReport(exhibit).strips[0]!.feedPixels;
    expect(feeds.length).toBeGreaterThan(2);
    const svg = wiringSvg(exhibit);
    expect(texts(svg).some((s) => s.includes(`Feed +5 V and GND at pixels ${feeds.join(', ')}`))).toBe(true);
    // Feed markers are the only filled red triangles after the legend's.
    expect(svg.match(/<path d="M[^"]* Z" fill="#c62828"\/>/g)).toHaveLength(feeds.length + 1);
  });
});
