import type { SynapseSpec } from '../model/index.js';
import type { BoardKind, ColorOrder } from './boards.js';

export interface ExhibitNeuron {
  id: string;
  /** What the neuron stands for, printed on its button ("Touch"). */
  label: string;
  /** Digital pin of its push button (to ground, pull-up; pressed = low). */
  button?: number;
  /** Extension: while its button is held, the neuron fires at this rate (a tetanus). None by default. */
  holdHz?: number;
  /** Extension: homeostatic target rate, Hz. Default: its own rate over its first slow day (its set point). */
  targetHz?: number;
  /** Whether long silence during development can kill it. Default: false for neurons with a button, true otherwise. */
  canBeLost: boolean;
  /** Extension: all its synapses inhibit (Dale's law). Default false. */
  inhibitory: boolean;
  /** Extension: its background firing rate, Hz. Default: the exhibit's `spontaneousHz`. */
  spontaneousHz?: number;
}

export interface Strip {
  pin: number;
  length: number;
  order: ColorOrder;
}

export type SegmentKind = 'axon' | 'synapse' | 'soma';

export interface Segment {
  shows: SegmentKind;
  /** A synapse id ("A->C") or a neuron id. */
  of: string;
  strip: number;
  first: number;
  last: number;
}

/** A validated exhibit (specs/exhibit.md v1). */
export interface Exhibit {
  name: string;
  board: {
    kind: BoardKind;
    /**
     * Extension: only a real board will do (a permanent installation). `neuron-kit run --board auto`
     * then waits for the Arduino to be plugged in instead of running on the emulated board. Default false.
     */
    require?: boolean;
  };
  neurons: ExhibitNeuron[];
  synapses: SynapseSpec[];
  candidates: Array<[string, string]>;
  strips: Strip[];
  segments: Segment[];
  controls: {
    /** `start`: extension, where the emulated board's dial starts (0–1). Default 0.3. */
    age?: { analog: number; start: number };
    injury?: { button: number; cuts: string[] };
  };
  power: { supplyAmps: number; maxBrightness: number };
  compression: number;
  /** Extension: how long a button must hold still before a change counts, board ms. Default 20. */
  debounceMs: number;
  /** Extension: background firing of every neuron that does not set its own, Hz. Default 0.5. */
  spontaneousHz: number;
}

/** Every push-button pin of an exhibit: the neurons' buttons, then the injury button. */
export function buttonPins(exhibit: Exhibit): number[] {
  const pins = exhibit.neurons.flatMap((n) => (n.button === undefined ? [] : [n.button]));
  if (exhibit.controls.injury) pins.push(exhibit.controls.injury.button);
  return pins;
}
