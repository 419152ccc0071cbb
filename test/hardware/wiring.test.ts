import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { powerCommand } from '../../src/cli/commands/power.js';
import { wiringCommand } from '../../src/cli/commands/wiring.js';
import { UsageError } from '../../src/cli/errors.js';
import type { Output } from '../../src/cli/output.js';
import { loadExhibit } from '../../src/exhibit/index.js';
import { powerReport, wiringMarkdown, wiringPlan, wiringSvg } from '../../src/hardware/index.js';
import { InvalidDocumentError } from '../../src/experiment/problems.js';
import { twoStrips } from './fixtures.js';

const root = join(import.meta.dirname, '..', '..');

function capture(): Output & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, log: (l) => void lines.push(l), error: (l) => void errors.push(l) };
}

describe('wiring plan', () => {
  it('two strips and several buttons: every pin once, in board order, with the right part', () => {
    const plan = wiringPlan(twoStrips());
    expect(plan.boardName).toBe('Arduino Uno');
    expect(plan.pins.map((p) => [p.pin, p.kind])).toEqual([
      ['D2', 'button'],
      ['D3', 'button'],
      ['D4', 'injury'],
      ['D6', 'strip'],
      ['D7', 'button'],
      ['D9', 'strip'],
      ['A2', 'age'],
      ['5V', 'five-volt'],
      ['GND', 'ground'],
    ]);
    const pin = (name: string) => plan.pins.find((p) => p.pin === name)!;
    expect(pin('D2').note).toContain('held, fires at 40 Hz');
    expect(pin('D4').note).toContain('cuts A->D, B->D');
    expect(pin('D7').part).toBe('button "Sound" (neuron C)');
    expect(pin('D9').part).toBe('strip 1 data in (DIN), 20 pixels, RGB');
    expect(pin('D6').to).toContain('470 Ω');
  });

  it('every pixel of every strip belongs to exactly one run, in order', () => {
    const exhibit = twoStrips();
    for (const strip of wiringPlan(exhibit).strips) {
      let next = 0;
      for (const run of strip.runs) {
        expect(run.first).toBe(next);
        next = run.last + 1;
      }
      expect(next).toBe(exhibit.strips[strip.index]!.length);
    }
  });
});

describe('wiring Markdown', () => {
  it('has a pin table, a table per strip and the power to feed', () => {
    const md = wiringMarkdown(twoStrips(), { source: 'two.json', svgFile: 'two.svg' });
    expect(md).toContain('Generated from `two.json` by `neuron-kit wiring`');
    expect(md).toContain('![Wiring diagram: Two strips & <buttons>](two.svg)');
    expect(md).toContain('| D6 | strip 0 data in (DIN), 30 pixels, GRB | through a 470 Ω resistor at the strip end of the wire | WS2812B data, driven by the firmware |');
    expect(md).toContain('| D7 | button "Sound" (neuron C) | GND (the button\'s other contact) |');
    expect(md).toContain('## Strip 1: D9, 20 pixels, RGB');
    expect(md).toContain('| 15–19 | 5 | synapse | B->D | synapse Light (B) → Move (D): lit pixels = contacts, brightness = efficacy |');
    expect(md).toContain('| 29 | 1 | soma | D | Move (D): flashes when it fires, dark if it is lost |');
    expect(md).toContain('The renderer\'s limiter dims frames that would draw more than 800 mA');
    expect(md.endsWith('\n')).toBe(true);
  });
});

describe('neuron-kit wiring', () => {
  it('prints the default exhibit\'s Markdown without --exhibit', async () => {
    const out = capture();
    await wiringCommand({}, out);
    const exhibit = await loadExhibit(join(root, 'exhibits', 'default.json'));
    expect(out.lines.join('\n') + '\n').toBe(wiringMarkdown(exhibit, { source: 'exhibits/default.json' }));
  });

  it('--out DIR writes wiring.md and wiring.svg', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'neuron-kit-wiring-')), 'nested');
    const file = join(root, 'hardware', 'wall', 'neuron-wall.json');
    const out = capture();
    await wiringCommand({ exhibit: file, out: dir, pixelsPerMetre: '30', leadMetres: '3' }, out);
    const exhibit = await loadExhibit(file);
    const options = { source: file, pixelsPerMetre: 30, leadMetres: 3 };
    expect(readFileSync(join(dir, 'wiring.md'), 'utf8')).toBe(wiringMarkdown(exhibit, { ...options, svgFile: 'wiring.svg' }));
    expect(readFileSync(join(dir, 'wiring.svg'), 'utf8')).toBe(wiringSvg(exhibit, options));
    expect(out.lines).toEqual([`Wrote ${join(dir, 'wiring.md')} and ${join(dir, 'wiring.svg')} for "Neuron Wall".`]);
  });

  it('refuses a missing file or a bad number as a usage error, and an invalid exhibit by JSON path', async () => {
    await expect(wiringCommand({ exhibit: join(root, 'no-such.json') }, capture())).rejects.toThrow(UsageError);
    await expect(wiringCommand({ pixelsPerMetre: 'sixty' }, capture())).rejects.toThrow('--pixels-per-metre must be a number > 0, got "sixty"');
    await expect(wiringCommand({ exhibit: join(root, 'exhibits', 'exhibit.schema.json') }, capture())).rejects.toThrow(InvalidDocumentError);
  });
});

describe('neuron-kit power', () => {
  it('prints the worst-case and limited current, the supply to buy and where to feed', async () => {
    const out = capture();
    await powerCommand({}, out);
    const text = out.lines.join('\n');
    expect(text).toContain('Power for "Neuron Kit" (exhibits/default.json): 1 strip, 60 pixels at 60/m, brightness cap 0.6.');
    expect(text).toContain(' 3660 mA  every pixel full white, no cap');
    expect(text).toContain('  921 mA  worst case: every pixel full white at the 0.6 cap');
    expect(text).toContain(' 1700 mA  the limiter\'s budget for the configured 2 A supply');
    expect(text).toContain('  921 mA  limited: the most the strips will draw (nothing needs dimming)');
    expect(text).toContain('Supply to buy: 5 V, 2 A or more (the worst case needs 1.13 A).');
    expect(text).toContain('Power leads: 18 AWG');
    expect(text).toContain('  strip 0 (D6, 60 px, 1.00 m): pixel 0; worst 0.18 V at pixel 59');
  });

  it('--json prints one document with the report', async () => {
    const out = capture();
    await powerCommand({ json: true, leadMetres: '3' }, out);
    expect(out.lines).toHaveLength(1);
    const doc = JSON.parse(out.lines[0]!);
    const exhibit = await loadExhibit(join(root, 'exhibits', 'default.json'));
    expect(doc).toEqual({ exhibit: 'Neuron Kit', source: 'exhibits/default.json', ...JSON.parse(JSON.stringify(powerReport(exhibit, { leadMetres: 3 }))) });
  });

  it('lists every strip\'s feed points, and refuses a bad number', async () => {
    const out = capture();
    await powerCommand({ exhibit: join(root, 'hardware', 'wall', 'neuron-wall.json'), pixelsPerMetre: '30' }, out);
    expect(out.lines.join('\n')).toContain('  strip 2 (D8, 72 px, 2.40 m): pixels 0, 71; worst 0.08 V at pixel 35 (0.33 V if fed at pixel 0 alone)');
    await expect(powerCommand({ leadMetres: '-1' }, capture())).rejects.toThrow('--lead-metres must be a number > 0, got "-1"');
  });
});
