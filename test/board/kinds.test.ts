import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  BOARD_KIND_LIST, BOARD_SPECS, analogOfDigitalPin, boardPinProblems, digitalPinOfAnalog, pinLabel, stripPinProblem, stripPins,
} from '../../src/board/kinds/index.js';
import { BOARDS, readExhibit } from '../../src/exhibit/index.js';
import { InvalidDocumentError } from '../../src/experiment/problems.js';

const VARIANTS = '/usr/share/arduino/hardware/arduino/avr/variants';
const VARIANT_OF = { uno: 'standard', nano: 'eightanaloginputs', mega: 'mega' } as const;
const haveCore = existsSync(VARIANTS);
if (!haveCore && process.env.NEURON_KIT_REQUIRE_ALL) throw new Error(`${VARIANTS} is required here: sudo apt-get install -y arduino-core-avr`);
if (!haveCore) process.stderr.write('skipping the pins_arduino.h comparison: arduino-core-avr is not installed\n');

const exhibit = (kind: string, extra: Record<string, unknown> = {}) => ({
  name: 'pins',
  board: { kind },
  neurons: [{ id: 'A', button: 2 }, { id: 'C' }],
  synapses: [{ from: 'A', to: 'C', contacts: 1 }],
  strips: [{ pin: 6, length: 10 }],
  segments: [{ shows: 'soma', of: 'C', strip: 0, first: 0, last: 0 }],
  power: { supplyAmps: 1 },
  ...extra,
});

describe('the board table', () => {
  test.skipIf(!haveCore).each(BOARD_KIND_LIST)('%s: pin counts and A0 are those of the Arduino core\'s variant', (kind) => {
    const read = (v: string, name: string) => Number(new RegExp(`#define ${name}\\s+\\(?(\\d+)`).exec(readFileSync(`${VARIANTS}/${v}/pins_arduino.h`, 'utf8'))?.[1]);
    const variant = VARIANT_OF[kind];
    const spec = BOARD_SPECS[kind];
    expect(spec.analogChannels).toBe(read(variant, 'NUM_ANALOG_INPUTS'));
    // eightanaloginputs includes standard and only redefines the analog inputs.
    const base = variant === 'eightanaloginputs' ? 'standard' : variant;
    expect(spec.totalDigitalPins).toBe(read(base, 'NUM_DIGITAL_PINS'));
    expect(spec.firstAnalogPin).toBe(read(base, 'PIN_A0'));
  });

  test('analog inputs double as digital pins: D14–D19 are A0–A5 on a Uno and Nano, A6/A7 are analog only', () => {
    expect([0, 5].map((ch) => digitalPinOfAnalog('uno', ch))).toEqual([14, 19]);
    expect(digitalPinOfAnalog('nano', 6)).toBeNull();
    expect(analogOfDigitalPin('nano', 19)).toBe(5);
    expect(analogOfDigitalPin('uno', 13)).toBeNull();
    expect(digitalPinOfAnalog('mega', 15)).toBe(69);
    expect(pinLabel('uno', 14)).toBe('D14 (A0)');
    expect(pinLabel('mega', 14)).toBe('D14');
  });

  test('strips: D2 up to the 5-bit pin limit of the pixel configuration', () => {
    expect(stripPins('uno')).toEqual(BOARDS.uno.digitalPins);
    expect(stripPins('mega').at(-1)).toBe(31);
    expect(stripPinProblem('mega', 31)).toBeNull();
    expect(stripPinProblem('mega', 32)).toBe(
      "a strip cannot use D32: node-pixel's strip configuration carries the pin in 5 bits (D0–D31); on the Arduino Mega 2560 a strip may use D2–D31",
    );
    expect(stripPinProblem('uno', 1)).toMatch(/pin 1 is reserved.*a strip may use D2–D19/);
    expect(stripPinProblem('uno', 20)).toBe('the Arduino Uno has no digital pin 20; a strip may use D2–D19');
  });

  test('every board takes the firmware\'s pixel limit', () => {
    for (const kind of BOARD_KIND_LIST) expect(BOARDS[kind].maxPixels).toBe(216);
  });

  test('an exhibit with a Mega strip on D40 is refused, naming the pins it may use', () => {
    let err: unknown;
    try {
      readExhibit(exhibit('mega', { strips: [{ pin: 40, length: 10 }] }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidDocumentError);
    expect((err as InvalidDocumentError).problems).toEqual([{ path: 'strips[0].pin', message: expect.stringContaining('a strip may use D2–D31') as unknown }]);
    expect(readExhibit(exhibit('mega', { strips: [{ pin: 31, length: 10 }] })).strips[0]!.pin).toBe(31);
  });

  test('a button on D14 and the age dial on A0 of a Uno are one pin used twice', () => {
    const doc = exhibit('uno', { neurons: [{ id: 'A', button: 14 }, { id: 'C' }], controls: { age: { analog: 0 } } });
    expect(() => readExhibit(doc)).toThrow('controls.age.analog: pin A0 (D14) is already used at neurons[0].button');
    // On a Mega D14 is a plain digital pin.
    expect(boardPinProblems(readExhibit({ ...doc, board: { kind: 'mega' } }))).toEqual([]);
  });
});
