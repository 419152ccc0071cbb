import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { readExhibit } from '../../src/exhibit/index.js';
import { problemsOf } from '../helpers/exhibit.js';

const folder = join(import.meta.dirname, '..', '..', 'exhibits');
const bundled = readdirSync(folder).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'));
const schema = JSON.parse(readFileSync(join(folder, 'exhibit.schema.json'), 'utf8'));
const validateSchema = new Ajv({ allErrors: true }).compile(schema);
const load = (file: string) => JSON.parse(readFileSync(join(folder, file), 'utf8')) as Record<string, unknown>;

/** The spec's own example, changed by `edit`. */
function example(edit: (doc: any) => void = () => {}): unknown {
  const doc = structuredClone(load('use-it-or-lose-it.json'));
  edit(doc);
  return doc;
}

describe('bundled exhibits', () => {
  it('there are the five the kit promises', () => {
    expect(bundled.sort()).toEqual(['default.json', 'fire-together-wire-together.json', 'short-and-long-term.json', 'tolerance.json', 'use-it-or-lose-it.json']);
  });
  for (const file of bundled) {
    it(`${file} is valid for neuron-kit and for the published JSON Schema`, () => {
      expect(problemsOf(load(file))).toEqual([]);
      expect(validateSchema(load(file)), JSON.stringify(validateSchema.errors)).toBe(true);
    });
  }
});

describe('invalid exhibits are refused with every problem named by JSON path', () => {
  const cases: Array<[string, (doc: any) => void, RegExp]> = [
    ['an unknown neuron in a synapse', (d) => (d.synapses[0].from = 'Z'), /^synapses\[0\]\.from: unknown neuron "Z"/],
    ['an unknown synapse in a segment', (d) => (d.segments[2].of = 'C->A'), /^segments\[2\]\.of: unknown synapse "C->A"/],
    ['an unknown neuron as a soma', (d) => (d.segments[0].of = 'Q'), /^segments\[0\]\.of: unknown neuron "Q"/],
    ['an injury that cuts an unknown synapse', (d) => (d.controls.injury.cuts = ['A->C', 'X->Y']), /^controls\.injury\.cuts\[1\]: unknown synapse "X->Y"/],
    ['a pin used twice', (d) => (d.neurons[1].button = 6), /^strips\[0\]\.pin: pin D6 is already used at neurons\[1\]\.button/],
    ['a reserved pin', (d) => (d.controls.injury.button = 1), /^controls\.injury\.button: pin 1 is reserved: pins 0 and 1 are the serial line/],
    ['a pin the board does not have', (d) => (d.strips[0].pin = 22), /^strips\[0\]\.pin: the uno has no digital pin 22/],
    ['an analog input the board does not have', (d) => (d.controls.age.analog = 6), /^controls\.age\.analog: the uno has analog inputs 0–5/],
    ['a segment outside its strip', (d) => (d.segments[6].last = 30), /^segments\[6\]\.last: pixel 30 is outside strip 0, which has pixels 0–29/],
    ['a segment on a strip that does not exist', (d) => (d.segments[6].strip = 1), /^segments\[6\]\.strip: there is no strip 1/],
    ['overlapping segments', (d) => (d.segments[3].first = 14), /^segments\[3\]: pixels 14–15 of strip 0 overlap segments\[2\] \(pixels 9–14\)/],
    ['a synapse segment shorter than its contacts', (d) => (d.synapses[1].contacts = 7), /^segments\[5\]: a synapse segment needs a pixel per contact: B->C starts with 7 contacts, the segment has 6 pixels/],
    ['a missing name', (d) => delete d.name, /^name: is missing; expected a non-empty string/],
    ['a missing power section', (d) => delete d.power, /^power: is missing; expected an object/],
    ['a strip without a length', (d) => delete d.strips[0].length, /^strips\[0\]\.length: is missing; expected a number/],
    ['an unknown colour order', (d) => (d.strips[0].order = 'GBR'), /^strips\[0\]\.order: must be one of GRB, RGB, BRG/],
    ['too many pixels for the firmware', (d) => (d.strips[0].length = 300), /^strips: the firmware drives at most 216 pixels in all, got 300/],
    ['an unknown board', (d) => (d.board.kind = 'uno-r4'), /^board\.kind: must be one of uno, nano, mega/],
    ['a misspelt field', (d) => (d.neurons[0].buton = 5), /^neurons\[0\]\.buton: unknown field/],
    // A slow step would outrun the model's fastest slow process, and a run would never end.
    ['a compression beyond what the slow clock integrates', (d) => (d.compression = 1e9), /^compression: must be ≤ 30960000, got 1000000000/],
    // Issue 16: accepted before, then wrong or crashing at run time.
    ['a button on D14 with the age dial on A0 (one physical pin on a Uno)', (d) => (d.neurons[0].button = 14), /^controls\.age\.analog: pin A0 \(D14\) is already used at neurons\[0\]\.button/],
    ['a button on D19 with the age dial on A5', (d) => ((d.neurons[0].button = 19), (d.controls.age.analog = 5)), /^controls\.age\.analog: pin A5 \(D19\) is already used/],
    ['a strip on D54 with the age dial on A0 of a Mega', (d) => ((d.board.kind = 'mega'), (d.strips[0].pin = 54)), /^controls\.age\.analog: pin A0 \(D54\) is already used at strips\[0\]\.pin/],
    ['a candidate pair listed twice', (d) => (d.candidates = [['A', 'B'], ['A', 'B']]), /^candidates\[1\]: A->B is listed twice/],
    ['a candidate that is already a synapse', (d) => (d.candidates = [['A', 'C']]), /^candidates\[0\]: A->C is already a synapse/],
    ['a synapse declared twice', (d) => d.synapses.push({ ...d.synapses[0] }), /^synapses\[2\]: synapse A->C is declared twice/],
    ['an injury cutting one synapse twice', (d) => (d.controls.injury.cuts = ['A->C', 'A->C']), /^controls\.injury\.cuts\[1\]: A->C is listed twice/],
    ['"stp": "constructor"', (d) => (d.synapses[0].stp = 'constructor'), /^synapses\[0\]\.stp: must be "facilitating", "depressing", "none"/],
    ['"stp": "toString"', (d) => (d.synapses[0].stp = 'toString'), /^synapses\[0\]\.stp: must be/],
    ['"board.kind": "constructor"', (d) => (d.board.kind = 'constructor'), /^board\.kind: must be one of uno, nano, mega, got "constructor"/],
    ['"board.kind": "__proto__"', (d) => (d.board.kind = '__proto__'), /^board\.kind: must be one of uno, nano, mega/],
    ['"board.require": "yes"', (d) => (d.board.require = 'yes'), /^board\.require: must be true or false, got "yes"/],
    ['a neuron id every object already has', (d) => (d.neurons[2].id = 'constructor'), /^neurons\[2\]\.id: "constructor" is a name reserved by JavaScript/],
    ['a neuron id with a terminal escape', (d) => (d.neurons[2].id = 'C\u001b[2J'), /^neurons\[2\]\.id: an id must be printable text/],
    ['a supply too small to light the exhibit at rest', (d) => (d.power.supplyAmps = 0.1), /^power\.supplyAmps: a 0\.1 A supply cannot light this exhibit even at rest .* use a supply of at least 0\.\d A/],
    ['a neuron named like the injury button', (d) => (d.neurons[2].id = 'injury'), /^neurons\[2\]\.id: "injury" names the injury button/],
    ['an invitation too long for the visitor view\'s headline', (d) => (d.invitation = 'Tap Touch, '.repeat(9)), /^invitation: must be at most 90 characters .* got 99/],
    ['an empty invitation', (d) => (d.invitation = ''), /^invitation: .*non-empty string/],
    ['too many neurons', (d) => (d.neurons = Array.from({ length: 101 }, (_, i) => ({ id: `N${i}` }))), /^neurons: at most 100 entries, got 101/],
  ];
  for (const [what, edit, message] of cases) {
    it(`${what}`, () => {
      const problems = problemsOf(example(edit));
      expect(problems.some((p) => message.test(p)), problems.join('\n')).toBe(true);
    });
  }

  it('"board.require": true is accepted by neuron-kit and the JSON Schema, and carried to the run', () => {
    const doc = example((d) => (d.board.require = true));
    expect(validateSchema(doc), JSON.stringify(validateSchema.errors)).toBe(true);
    expect(readExhibit(doc).board).toEqual({ kind: 'uno', require: true });
    expect(validateSchema(example((d) => (d.board.require = 'yes')))).toBe(false);
  });

  it('refuses 20,000-deep nesting with a clear message, not a stack overflow', () => {
    const doc = JSON.parse(`{"name":${'['.repeat(20_000)}${']'.repeat(20_000)}}`);
    expect(problemsOf(doc)).toEqual(['name[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]: nested more than 32 levels deep; an exhibit or protocol needs at most 5']);
  });

  it('refuses a text far longer than any label', () => {
    expect(problemsOf(example((d) => (d.neurons[0].label = 'x'.repeat(5000))))).toEqual(['neurons[0].label: a text of 5000 characters is too long; at most 2000']);
  });

  it('lists all problems at once', () => {
    const problems = problemsOf(example((d) => {
      d.synapses[0].from = 'Z';
      d.neurons[1].button = 0;
      delete d.power;
    }));
    expect(problems.length).toBeGreaterThanOrEqual(3);
  });
});

describe('an exhibit on several boards', () => {
  const twoBoards = () => structuredClone(JSON.parse(readFileSync(join(folder, 'boards', 'two-boards.json'), 'utf8'))) as any;
  const edited = (edit: (doc: any) => void) => {
    const doc = twoBoards();
    edit(doc);
    return doc;
  };

  it('exhibits/boards/two-boards.json is valid for neuron-kit and for the JSON Schema; each part is on its board', () => {
    const doc = twoBoards();
    expect(problemsOf(doc)).toEqual([]);
    expect(validateSchema(doc), JSON.stringify(validateSchema.errors)).toBe(true);
    const exhibit = readExhibit(doc);
    expect(exhibit.boards).toEqual([{ id: 'left', kind: 'uno' }, { id: 'right', kind: 'uno' }]);
    expect(exhibit.board).toEqual({ kind: 'uno' });
    expect(exhibit.strips.map((s) => s.board)).toEqual([0, 1]);
    // A part without "board" is on the first board.
    expect(exhibit.neurons.map((n) => n.board)).toEqual([0, 1, 0]);
    expect(exhibit.controls.age?.board).toBe(0);
    expect(exhibit.controls.injury?.board).toBe(1);
    expect(typeof exhibit.about).toBe('string');
  });

  it('an exhibit with one board reads exactly as before: no "board" on its parts', () => {
    const exhibit = readExhibit(example());
    expect(exhibit.boards).toBeUndefined();
    expect(exhibit.strips.every((s) => !('board' in s))).toBe(true);
    expect(exhibit.neurons.every((n) => !('board' in n))).toBe(true);
  });

  it('pins are per board: pin 2 on each board is fine, pin 2 twice on one board is not', () => {
    expect(problemsOf(twoBoards())).toEqual([]);
    expect(problemsOf(edited((d) => (d.neurons[1].board = 'left')))).toContain('neurons[1].button: pin D2 is already used at neurons[0].button; every button, strip and dial needs its own pin');
  });

  const cases: Array<[string, (doc: any) => void, RegExp]> = [
    ['both "board" and "boards"', (d) => (d.board = { kind: 'uno' }), /^board: give either "board" \(one board\) or "boards" \(several\), not both/],
    ['a board id used twice', (d) => (d.boards[1].id = 'left'), /^boards\[1\]\.id: board id "left" is used twice/],
    ['an unknown board kind', (d) => (d.boards[1].kind = 'due'), /^boards\[1\]\.kind: must be one of uno, nano, mega, got "due"/],
    ['no boards', (d) => (d.boards = []), /^boards: needs at least one board/],
    ['more boards than one host runs', (d) => (d.boards = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, kind: 'uno' }))), /^boards: at most 4 entries, got 5/],
    ['a neuron on a board that is not listed', (d) => (d.neurons[0].board = 'middle'), /^neurons\[0\]\.board: unknown board "middle"; the exhibit's boards are "left", "right"/],
    ['a strip on a board that is not listed', (d) => (d.strips[1].board = 'centre'), /^strips\[1\]\.board: unknown board "centre"/],
    ['the injury button on a board that is not listed', (d) => (d.controls.injury.board = 7), /^controls\.injury\.board: unknown board 7/],
    ['too many pixels on one board', (d) => (d.strips[1].length = 300), /^strips: the firmware drives at most 216 pixels in all on board "right", got 300/],
  ];
  for (const [what, edit, message] of cases) {
    it(`refuses ${what}`, () => {
      const problems = problemsOf(edited(edit));
      expect(problems.some((p) => message.test(p)), problems.join('\n')).toBe(true);
    });
  }

  it('refuses "board" on a part of an exhibit with one board', () => {
    expect(problemsOf(example((d) => (d.strips[0].board = 'left')))).toContain('strips[0].board: names one of the exhibit\'s "boards"; an exhibit with one "board" leaves it out');
  });

  it('each board is checked against its own kind: a Mega pin on the Uno board is refused', () => {
    const doc = edited((d) => {
      d.boards[0].kind = 'mega';
      d.strips[0].pin = 22;
    });
    expect(problemsOf(doc)).toEqual([]);
    expect(problemsOf(edited((d) => (d.strips[1].pin = 22)))).toContain('strips[1].pin: the uno has no digital pin 22; use D2–D19');
    // The Mega's strips, and only they, are held to what its firmware's strip configuration can name.
    expect(problemsOf(edited((d) => {
      d.boards[0].kind = 'mega';
      d.strips[0].pin = 40;
    }))).toEqual([expect.stringMatching(/^strips\[0\]\.pin: a strip cannot use D40: .* on the Arduino Mega 2560 a strip may use D2–D31$/)]);
  });
});
