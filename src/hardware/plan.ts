import { pinLabel } from '../board/kinds/index.js';
import type { Exhibit, Segment, SegmentKind } from '../exhibit/index.js';

/**
 * What goes where, read from an exhibit config: the single source the Markdown table and the SVG diagram
 * are both drawn from, so the two can never disagree.
 */

/** Parts on the data line and the supply that every WS2812B build needs. */
export const STRIP_PARTS = {
  /**
   * In series with the data line, at the strip end of the wire: damps ringing and limits the current into
   * the first pixel's input while the strip is unpowered (Adafruit NeoPixel Überguide, Best Practices:
   * "300 to 500 Ohm"). 470 Ω sits inside that range and is a stock E12 value.
   */
  dataResistorOhms: 470,
  /** Across +5 V and GND where power first enters each strip (Überguide: "1000 µF, 6.3V or higher"). */
  capacitorMicrofarads: 1000,
  /** Capacitor voltage rating we buy: twice the rail, above the Überguide's 6.3 V minimum. */
  capacitorVolts: 10,
} as const;

export type PinKind = 'strip' | 'button' | 'injury' | 'age' | 'ground' | 'five-volt';

/** One board pin and what it is wired to. */
export interface PinUse {
  /** As printed on the board: "D6", "A0", "5V", "GND". */
  pin: string;
  kind: PinKind;
  /** The part on the pin. */
  part: string;
  /** Where the part's other side goes. */
  to: string;
  /** How the software uses the pin. */
  note: string;
}

/** A run of pixels on a strip: a segment of the exhibit, or pixels no segment uses (kind 'dark'). */
export interface PixelRun {
  kind: SegmentKind | 'dark';
  first: number;
  last: number;
  /** The segment's `of` ("A->C" or "A"); empty for dark runs. */
  of: string;
  /** What a visitor sees there. */
  meaning: string;
}

export interface StripPlan {
  index: number;
  pin: number;
  pixels: number;
  order: string;
  runs: PixelRun[];
}

export interface WiringPlan {
  boardName: string;
  pins: PinUse[];
  strips: StripPlan[];
}

const BOARD_NAMES: Record<Exhibit['board']['kind'], string> = {
  uno: 'Arduino Uno',
  nano: 'Arduino Nano',
  mega: 'Arduino Mega 2560',
};

/** "Touch (A)" for a neuron id, the id itself for neurons without a distinct label. */
function neuronName(exhibit: Exhibit, id: string): string {
  const n = exhibit.neurons.find((x) => x.id === id);
  return n && n.label !== id ? `${n.label} (${id})` : id;
}

function synapseName(exhibit: Exhibit, of: string): string {
  const [from, to] = of.split('->');
  return `${neuronName(exhibit, from ?? of)} → ${neuronName(exhibit, to ?? of)}`;
}

function meaning(exhibit: Exhibit, s: Segment): string {
  if (s.shows === 'soma') return `${neuronName(exhibit, s.of)}: flashes when it fires, dark if it is lost`;
  if (s.shows === 'axon') {
    return s.of.includes('->') ? `action potentials travel ${synapseName(exhibit, s.of)}` : `action potentials of ${neuronName(exhibit, s.of)}`;
  }
  const isSynapse = exhibit.synapses.some((x) => `${x.from}->${x.to}` === s.of);
  return isSynapse
    ? `synapse ${synapseName(exhibit, s.of)}: lit pixels = contacts, brightness = efficacy`
    : `possible synapse ${synapseName(exhibit, s.of)}: dark until the two fire together and it grows`;
}

function stripRuns(exhibit: Exhibit, index: number): PixelRun[] {
  const length = exhibit.strips[index]!.length;
  const segments = exhibit.segments.filter((s) => s.strip === index).sort((a, b) => a.first - b.first);
  const runs: PixelRun[] = [];
  let next = 0;
  const dark = (first: number, last: number) => runs.push({ kind: 'dark', first, last, of: '', meaning: 'not used: always dark' });
  for (const s of segments) {
    if (s.first > next) dark(next, s.first - 1);
    runs.push({ kind: s.shows, first: s.first, last: s.last, of: s.of, meaning: meaning(exhibit, s) });
    next = s.last + 1;
  }
  if (next < length) dark(next, length - 1);
  return runs;
}

/** Pins in the order they are printed on the board: digital ascending, then analog, then power. */
function pinOrder(pin: PinUse): number {
  const n = Number.parseInt(pin.pin.slice(1), 10);
  if (pin.pin.startsWith('D')) return n;
  if (pin.pin.startsWith('A')) return 100 + n;
  return pin.kind === 'five-volt' ? 200 : 201;
}

/** Reads the wiring of a validated exhibit. */
export function wiringPlan(exhibit: Exhibit): WiringPlan {
  const pins: PinUse[] = [];
  const ohms = `${STRIP_PARTS.dataResistorOhms} Ω`;
  exhibit.strips.forEach((s, i) => {
    pins.push({
      pin: pinLabel(exhibit.board.kind, s.pin),
      kind: 'strip',
      part: `strip ${i} data in (DIN), ${s.length} pixels, ${s.order}`,
      to: `through a ${ohms} resistor at the strip end of the wire`,
      note: 'WS2812B data, driven by the firmware',
    });
  });
  for (const n of exhibit.neurons) {
    if (n.button === undefined) continue;
    pins.push({
      pin: pinLabel(exhibit.board.kind, n.button),
      kind: 'button',
      part: `button "${n.label}" (neuron ${n.id})`,
      to: 'GND (the button\'s other contact)',
      note: `pull-up input, pressed = low: fires one action potential in ${n.id}${n.holdHz ? `; held, fires at ${n.holdHz} Hz` : ''}`,
    });
  }
  const injury = exhibit.controls.injury;
  if (injury) {
    pins.push({
      pin: pinLabel(exhibit.board.kind, injury.button),
      kind: 'injury',
      part: 'button "Injury"',
      to: 'GND (the button\'s other contact)',
      note: `pull-up input, pressed = low: cuts ${injury.cuts.join(', ')} and boosts plasticity`,
    });
  }
  const age = exhibit.controls.age;
  if (age) {
    pins.push({
      pin: `A${age.analog}`,
      kind: 'age',
      part: 'age dial: potentiometer wiper (middle leg)',
      to: 'outer legs to the board\'s 5V and GND',
      note: 'analog input: 0 = newborn … 1 = adult',
    });
    // The dial reads against the board's own 5 V (the ADC reference), so its ends go to the board, not the LED supply.
    pins.push({ pin: '5V', kind: 'five-volt', part: 'age dial: one outer leg', to: '', note: 'the board\'s 5 V; never join it to the LED supply\'s +5 V' });
  }
  pins.push({
    pin: 'GND',
    kind: 'ground',
    part: 'common ground',
    to: 'the LED supply\'s GND (−), every button, the age dial',
    note: 'one ground for everything: data needs it as a reference',
  });
  pins.sort((a, b) => pinOrder(a) - pinOrder(b));
  return {
    boardName: BOARD_NAMES[exhibit.board.kind],
    pins,
    strips: exhibit.strips.map((s, i) => ({ index: i, pin: s.pin, pixels: s.length, order: s.order, runs: stripRuns(exhibit, i) })),
  };
}
