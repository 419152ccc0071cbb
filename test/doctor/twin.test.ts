import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readExhibit } from '../../src/exhibit/index.js';
import { asBuiltFromExhibit, doctorOnTwin, readAsBuilt, type CheckResult, type DoctorReport } from '../../src/doctor/index.js';

/** 30 pixels on D6 (GRB), Touch D2, Light D3, Injury D4, Age on A0: the shape of the spec's example. */
const exhibit = readExhibit(JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'exhibits', 'use-it-or-lose-it.json'), 'utf8')));
/** Short waits: a missing press is a fault after 2 s of board time instead of 20. */
const fast = { pressTimeoutMs: 2000 };

const faults = (r: DoctorReport): CheckResult[] => r.checks.filter((c) => !c.ok);
const check = (r: DoctorReport, name: string): CheckResult => {
  const c = r.checks.find((x) => x.name === name);
  if (!c) throw new Error(`no check "${name}" in ${r.checks.map((x) => x.name).join(', ')}`);
  return c;
};

describe('neuron-kit doctor on the twin (kit firmware)', () => {
  it('passes every check on a kit built as the exhibit says', async () => {
    const report = await doctorOnTwin(exhibit, fast);
    expect(faults(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.name)).toEqual([
      'Port and firmware', 'Strip 0 length', 'Strip 0 colour order', 'Strip 0 segments',
      'Touch button', 'Light button', 'Injury button', 'Age dial',
    ]);
    expect(check(report, 'Port and firmware').message).toMatch(/kit firmware \(NeuronKit 1\.\d+\)/);
    expect(check(report, 'Strip 0 segments').message).toMatch(/all 7 segments/);
  });

  it('names the pin of a button wired to the wrong one, and says what to change', async () => {
    const report = await doctorOnTwin(exhibit, { ...fast, asBuilt: readAsBuilt({ buttons: { Touch: 5 } }, exhibit) });
    expect(faults(report).map((c) => c.name)).toEqual(['Touch button']);
    const touch = check(report, 'Touch button');
    expect(touch.message).toBe('Touch is wired to D5, the exhibit says D2.');
    expect(touch.fix).toBe('Move the wire from D5 to D2, or set neurons[0].button to 5 in the exhibit file.');
  });

  it('catches a strip configured too short (built 40, configured 30) with the length to set', async () => {
    const report = await doctorOnTwin(exhibit, { ...fast, asBuilt: readAsBuilt({ strips: [{ length: 40 }] }, exhibit) });
    expect(faults(report).map((c) => c.name)).toEqual(['Strip 0 length']);
    const strip = check(report, 'Strip 0 length');
    expect(strip.message).toMatch(/has 10 more LEDs after pixel 29/);
    expect(strip.fix).toMatch(/^Set strips\[0\]\.length to 40 /);
  });

  it('works out the real colour order of a strip (built RGB, configured GRB)', async () => {
    const report = await doctorOnTwin(exhibit, { ...fast, asBuilt: readAsBuilt({ strips: [{ order: 'RGB' }] }, exhibit) });
    expect(faults(report).map((c) => c.name)).toEqual(['Strip 0 colour order']);
    const order = check(report, 'Strip 0 colour order');
    expect(order.message).toMatch(/red was seen as green and green as red/);
    expect(order.fix).toBe('Set strips[0].order to "RGB" in the exhibit file.');
  });

  it('reports an age dial that reaches only 66% (its top end on 3.3 V)', async () => {
    const report = await doctorOnTwin(exhibit, { ...fast, asBuilt: readAsBuilt({ dial: { adult: 0.66 } }, exhibit) });
    expect(faults(report).map((c) => c.name)).toEqual(['Age dial']);
    const dial = check(report, 'Age dial');
    expect(dial.message).toMatch(/reaches only 66% at its top end/);
    expect(dial.fix).toMatch(/3\.3V: move that outer wire to the 5V pin/);
  });

  it('names swapped buttons, a reversed dial and a misplaced segment in one go', async () => {
    const asBuilt = readAsBuilt({ buttons: { Light: 4, Injury: 3 }, dial: { newborn: 1, adult: 0 }, segments: { 2: { first: 10, last: 15 } } }, exhibit);
    const report = await doctorOnTwin(exhibit, { ...fast, asBuilt });
    expect(faults(report).map((c) => c.name)).toEqual(['Segment 2', 'Light button', 'Injury button', 'Age dial']);
    expect(check(report, 'Segment 2').fix).toBe('Set segments[2].first to 10 and segments[2].last to 15 in the exhibit file (or move the part on the wall).');
    expect(check(report, 'Light button').message).toBe("Light is wired to D4, the exhibit says D3 (D4 is Injury's pin: the two wires may be swapped).");
    expect(check(report, 'Age dial').message).toMatch(/turns the wrong way/);
    expect(check(report, 'Age dial').fix).toMatch(/Swap the dial's two outer wires/);
  });

  it('says what to check for a dark strip, a button that never connects and a dial on another pin', async () => {
    const asBuilt = readAsBuilt({ strips: [{ pin: 7 }], buttons: { Touch: null }, dial: { analog: 2 } }, exhibit);
    const report = await doctorOnTwin(exhibit, { ...fast, asBuilt });
    expect(faults(report).map((c) => c.name)).toEqual(['Strip 0', 'Touch button', 'Age dial']);
    expect(check(report, 'Strip 0').message).toMatch(/shows nothing/);
    expect(check(report, 'Strip 0').fix).toMatch(/data wire goes from D6 through the 470 Ω resistor/);
    expect(check(report, 'Touch button').message).toBe('No press of Touch seen within 2 s on any of D2–D13.');
    expect(check(report, 'Touch button').fix).toMatch(/one to D2, the other to GND/);
    expect(check(report, 'Age dial').message).toBe('The Age dial is wired to A2, the exhibit says A0.');
    expect(check(report, 'Age dial').fix).toBe('Move the dial\'s middle wire from A2 to A0, or set controls.age.analog to 2 in the exhibit file.');
  });

  it('catches a strip configured too long from the count the person gives', async () => {
    const report = await doctorOnTwin(exhibit, { ...fast, asBuilt: readAsBuilt({ strips: [{ length: 28 }], segments: { 6: { first: 27, last: 27 } } }, exhibit) });
    expect(faults(report).map((c) => c.name)).toEqual(['Strip 0 length', 'Segment 6']);
    expect(check(report, 'Strip 0 length').fix).toBe('Set strips[0].length to 28 in the exhibit file, and move any segment that lies beyond pixel 27.');
  });

  it('the as-built default is the exhibit itself', () => {
    expect(readAsBuilt({}, exhibit)).toEqual(asBuiltFromExhibit(exhibit));
  });
});
