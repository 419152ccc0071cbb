import type { Exhibit } from '../exhibit/index.js';
import { analogChannels, digitalPinOfAnalog } from '../board/kinds/index.js';
import type { DoctorContext } from './doctor.js';

/** Firmata's default analog sampling interval is 19 ms: 100 ms holds several fresh readings. */
const ANALOG_SETTLE_MS = 100;
/** 10-bit ADC full scale (ATmega328P datasheet §24.7: 0x3FF at AREF). */
const ADC_MAX = 1023;
/** A dial must come this close to each end of the ADC range (5% / 95%). */
const END_MARGIN = 0.05;
/** A channel whose reading moved less than this between the two ends was not turned. */
const MIN_MOVE = 0.1 * ADC_MAX;
/** Free digital pins watched for a misplaced button wire: the Uno's D2–D13 (0 and 1 are the serial line). */
const SPARE_PINS = Array.from({ length: 12 }, (_, i) => i + 2);

/** A button of the exhibit: its label, its configured pin and where that pin is set in the file. */
export interface ExhibitButton {
  label: string;
  pin: number;
  path: string;
}

/** Every button of the exhibit: the neurons' in order, then the injury button (labelled "Injury"). */
export function exhibitButtons(exhibit: Exhibit): ExhibitButton[] {
  const out: ExhibitButton[] = [];
  exhibit.neurons.forEach((n, i) => n.button !== undefined && out.push({ label: n.label, pin: n.button, path: `neurons[${i}].button` }));
  if (exhibit.controls.injury) out.push({ label: 'Injury', pin: exhibit.controls.injury.button, path: 'controls.injury.button' });
  return out;
}

/** The digital pins the doctor watches while it asks for presses: every button's, and every spare one. */
export function watchedPins(exhibit: Exhibit): number[] {
  const strips = new Set(exhibit.strips.map((s) => s.pin));
  const pins = new Set([...exhibitButtons(exhibit).map((b) => b.pin), ...SPARE_PINS]);
  return [...pins].filter((p) => !strips.has(p)).sort((a, b) => a - b);
}

/**
 * Step (5): asks for each button in turn and watches every candidate pin, so a wire on the wrong pin
 * is named, not just missed. Pins are inputs with pull-ups: pressed = low.
 */
export async function checkButtons(ctx: DoctorContext): Promise<void> {
  const { kit, exhibit, person, pressTimeoutMs } = ctx;
  const buttons = exhibitButtons(exhibit);
  if (buttons.length === 0) return;
  ctx.step('Buttons');
  const pins = watchedPins(exhibit);
  const level = new Map<number, 0 | 1>();
  let onPress: ((pin: number) => void) | null = null;
  kit.prepareInputs(pins);
  for (const pin of pins) {
    kit.watchDigital(pin, (v) => {
      // Firmata reports whole ports, so a report is not a change: compare with the last level.
      const before = level.get(pin);
      level.set(pin, v);
      if (v === 0 && before === 1) onPress?.(pin);
    });
  }
  await ctx.wait(ANALOG_SETTLE_MS);
  const stuck = new Set(pins.filter((p) => level.get(p) === 0));
  for (const pin of stuck) {
    const b = buttons.find((x) => x.pin === pin);
    ctx.report({
      name: b ? `${b.label} button` : `Pin D${pin}`, ok: false,
      message: `D${pin} reads pressed before anything was pressed${b ? ` (it is ${b.label}'s pin)` : ''}.`,
      fix: `A button on D${pin} is stuck, or a wire on D${pin} touches GND: free the button or move the wire.`,
    });
  }
  const spare = `D${pins[0]}–D${pins.at(-1)}`;
  for (const b of buttons) {
    if (stuck.has(b.pin)) continue;
    const seen = new Promise<number | null>((resolve) => {
      const cancel = kit.clock.schedule(kit.clock.now() + pressTimeoutMs, () => {
        onPress = null;
        resolve(null);
      });
      onPress = (pin) => {
        if (stuck.has(pin)) return;
        cancel();
        onPress = null;
        resolve(pin);
      };
    });
    await person.act({ kind: 'press', label: b.label, pin: b.pin, text: `Press the ${b.label} button once.` });
    const pin = await seen;
    if (pin !== null) await untilReleased(ctx, () => level.get(pin) === 1);
    const name = `${b.label} button`;
    if (pin === b.pin) {
      ctx.report({ name, ok: true, message: `${b.label} works: pressing it pulls D${pin} low.` });
    } else if (pin === null) {
      ctx.report({
        name, ok: false,
        message: `No press of ${b.label} seen within ${Math.round(pressTimeoutMs / 1000)} s on any of ${spare}.`,
        fix: `Check the button's two wires: one to D${b.pin}, the other to GND. If both are firm, the button may be broken: try another.`,
      });
    } else {
      const other = buttons.find((x) => x.pin === pin);
      ctx.report({
        name, ok: false,
        message: `${b.label} is wired to D${pin}, the exhibit says D${b.pin}${other ? ` (D${pin} is ${other.label}'s pin: the two wires may be swapped)` : ''}.`,
        fix: other
          ? `Swap the wires of ${b.label} and ${other.label} on the Arduino, or swap their pins in the exhibit file (${b.path} and ${other.path}).`
          : `Move the wire from D${pin} to D${b.pin}, or set ${b.path} to ${pin} in the exhibit file.`,
      });
    }
  }
}

/** Waits for the release of a press (a person may hold a button for a while), then for bounces to end. */
async function untilReleased(ctx: DoctorContext, released: () => boolean): Promise<void> {
  for (let waited = 0; !released() && waited < ctx.pressTimeoutMs; waited += 20) await ctx.wait(20);
  await ctx.wait(ANALOG_SETTLE_MS);
}

/** The analog channels free for a dial: every channel of the board not used as a digital pin. */
function dialChannels(exhibit: Exhibit): number[] {
  const kind = exhibit.board.kind;
  const used = new Set(exhibitButtons(exhibit).map((b) => b.pin));
  return analogChannels(kind).filter((ch) => !used.has(digitalPinOfAnalog(kind, ch) ?? -1));
}

const pct = (v: number) => `${Math.round((v / ADC_MAX) * 100)}%`;

/**
 * Step (6): asks for the age dial at newborn, then at adult, reading every free analog channel, and
 * checks the configured one spans the ADC's range in the right direction.
 */
export async function checkDial(ctx: DoctorContext): Promise<void> {
  const { kit, exhibit, person } = ctx;
  const age = exhibit.controls.age;
  if (!age) return;
  ctx.step('Age dial');
  const channels = dialChannels(exhibit);
  const latest = new Map<number, number>();
  for (const ch of channels) kit.watchAnalog(ch, (v) => latest.set(ch, v));
  const readAt = async (to: 'newborn' | 'adult') => {
    await person.act({ kind: 'turn', control: 'Age', to, text: `Turn the Age dial all the way to ${to}.` });
    await ctx.wait(ANALOG_SETTLE_MS);
    return new Map(latest);
  };
  const newborn = await readAt('newborn');
  const adult = await readAt('adult');
  const moved = (ch: number) => Math.abs((adult.get(ch) ?? 0) - (newborn.get(ch) ?? 0));
  const name = 'Age dial';
  const a = age.analog;
  if (moved(a) < MIN_MOVE) {
    const best = channels.reduce((x, y) => (moved(y) > moved(x) ? y : x), a);
    if (best !== a && moved(best) >= MIN_MOVE) {
      ctx.report({
        name, ok: false,
        message: `The Age dial is wired to A${best}, the exhibit says A${a}.`,
        fix: `Move the dial's middle wire from A${best} to A${a}, or set controls.age.analog to ${best} in the exhibit file.`,
      });
    } else {
      ctx.report({
        name, ok: false,
        message: `Turning the Age dial did not change A${a} (it stayed near ${pct(adult.get(a) ?? 0)}), nor any other analog pin.`,
        fix: `Check the dial's three wires: the middle one to A${a}, the outer ones to 5V and GND. A loose middle wire or a broken dial reads a fixed value.`,
      });
    }
    return;
  }
  const nb = newborn.get(a) ?? 0;
  const ad = adult.get(a) ?? 0;
  const lo = Math.min(nb, ad);
  const hi = Math.max(nb, ad);
  const problems: string[] = [];
  const fixes: string[] = [];
  if (ad < nb) {
    problems.push(`it turns the wrong way (newborn reads ${pct(nb)}, adult ${pct(ad)})`);
    fixes.push('Swap the dial\'s two outer wires (5V and GND).');
  }
  if (hi < ADC_MAX * (1 - END_MARGIN)) {
    problems.push(`it reaches only ${pct(hi)} at its top end`);
    fixes.push('Its top end may be wired to 3.3V: move that outer wire to the 5V pin (and turn the dial fully to each end when asked).');
  }
  if (lo > ADC_MAX * END_MARGIN) {
    problems.push(`its bottom end reads ${pct(lo)}, not near 0%`);
    fixes.push('Its bottom end should go to GND: check that outer wire.');
  }
  if (problems.length === 0) {
    ctx.report({ name, ok: true, message: `The Age dial on A${a} goes from ${pct(nb)} (newborn) to ${pct(ad)} (adult).` });
  } else {
    ctx.report({ name, ok: false, message: `The Age dial on A${a} reads ${pct(lo)}–${pct(hi)}: ${problems.join('; ')}.`, fix: fixes.join(' ') });
  }
}
