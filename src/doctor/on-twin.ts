import { connectBoard, emulatedTransport } from '../board/index.js';
import { Twin } from '../board/twin.js';
import type { Exhibit } from '../exhibit/index.js';
import { twinFirmware, type TwinFirmware } from '../board/twin.js';
import { asBuiltFromExhibit, type AsBuilt } from './as-built.js';
import { runDoctor, type DoctorOptions } from './doctor.js';
import { watchedPins } from './inputs.js';
import { TwinPerson, type TwinPersonOptions } from './twin-person.js';
import type { DoctorReport, Person } from './types.js';

export interface TwinDoctorOptions extends DoctorOptions, TwinPersonOptions {
  /** The kit as built. Default: exactly as the exhibit says. */
  asBuilt?: AsBuilt;
  /** What the twin runs. Default 'kit'. */
  firmware?: TwinFirmware;
  /** Called once the twin is connected, before the first check. */
  onConnected?: (twin: Twin) => void;
  /** Wraps the scripted person, e.g. to print each question and its answer. */
  wrapPerson?: (person: Person) => Person;
}

/**
 * Runs the doctor on the twin with a scripted person who looks at the twin's LEDs and works its
 * buttons and dial as the kit was really built. Runs the emulator as fast as it can (nobody waits on
 * the wall clock); everything is on board time, so the result does not depend on the host's speed.
 */
export async function doctorOnTwin(exhibit: Exhibit, options: TwinDoctorOptions = {}): Promise<DoctorReport> {
  const built = options.asBuilt ?? asBuiltFromExhibit(exhibit);
  const configuredStripPins = new Set(exhibit.strips.map((s) => s.pin));
  // avr8js models no pull-ups: hold high every pin the doctor reads as a pulled-up input, and every
  // pin a button is really wired to, but never a pin the firmware drives a strip on.
  const realButtonPins = Object.values(built.buttons).filter((p): p is number => p !== null);
  const pulledUpPins = [...new Set([...watchedPins(exhibit), ...realButtonPins])].filter((p) => !configuredStripPins.has(p));
  const twin = new Twin({ ...twinFirmware(options.firmware ?? 'kit'), pulledUpPins });
  const age = exhibit.controls.age;
  if (built.dial && age) twin.setAnalog(built.dial.analog, built.dial.newborn + age.start * (built.dial.adult - built.dial.newborn));
  let done = false;
  const connecting = connectBoard(emulatedTransport(twin), { strips: exhibit.strips.map((s) => ({ pin: s.pin, length: s.length, colorOrder: s.order })) });
  const running = twin.run({ pace: 'fast', until: () => done, withinMs: Infinity });
  try {
    const kit = await connecting;
    try {
      options.onConnected?.(twin);
      const person = new TwinPerson(twin, exhibit, built, options);
      return await runDoctor(kit, exhibit, options.wrapPerson?.(person) ?? person, options);
    } finally {
      await kit.close();
    }
  } finally {
    done = true;
    await running;
  }
}
