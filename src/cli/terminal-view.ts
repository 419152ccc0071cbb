import { wireToRgb } from '../wire/index.js';
import type { Exhibit } from '../exhibit/index.js';
import { boardOf } from '../exhibit/types.js';
import { LED_GAMMA } from '../render/index.js';
import { TAP_MS } from '../runtime/script.js';
import type { Session } from '../runtime/session.js';
import { terminalText } from '../safe-text.js';
import { neuronLabel, synapseLabel } from './labels.js';

/** Redraw period of the live view, wall-clock ms (a terminal cannot show more). */
const REDRAW_MS = 100;

const block = ([r, g, b]: readonly number[]) => `\x1b[48;2;${r};${g};${b}m \x1b[0m`;
/** A value on the LED wire back to the logical value a screen shows alike (undo the LEDs' gamma). */
const onScreen = (wire: number) => Math.round(255 * Math.pow(wire / 255, 1 / LED_GAMMA));

/** The live view's counts, named as on the kit: action potentials per neuron, each synapse's efficacy and contacts. */
export function countLines(
  exhibit: Pick<Exhibit, 'neurons'>,
  spikes: Readonly<Record<string, number>>,
  synapses: Readonly<Record<string, { exists: boolean; efficacy: number; contacts: number }>>,
): string[] {
  return [
    `action potentials  ${Object.entries(spikes).map(([k, v]) => `${neuronLabel(exhibit, k)} ${v}`).join('   ')}`,
    `synapses  ${Object.entries(synapses).map(([k, s]) => `${synapseLabel(exhibit, k)} ${s.exists ? `${s.efficacy.toFixed(2)} ×${s.contacts}` : 'gone'}`).join('   ')}`,
  ];
}

/**
 * The live view's first line. Its board time counts from the exhibit's start, as the summary's "Ran
 * … s of board time" does (the board's own clock also counts the second it took to boot).
 */
export function headerLine(exhibit: Pick<Exhibit, 'name' | 'compression'>, runningMs: number, age: number): string {
  return `\x1b[1m${terminalText(exhibit.name)}\x1b[0m — board time ${(runningMs / 1000).toFixed(1)} s — time-lapse ×${exhibit.compression}, age ${age.toFixed(2)}`;
}

/**
 * The live terminal view of `neuron-kit run` on a TTY: every strip as coloured blocks (decoded from
 * the twin's data pins; on a real board, the frames sent), spike counts, efficacies (named as on the kit) and the
 * time-lapse factor, and `notes` (e.g. the page's address, filled in once it is known). Keys 1–9 tap
 * the neurons' buttons through the session's visitor inputs; q or Ctrl-C stops.
 */
export function attachTerminalView(session: Session, exhibit: Exhibit, stop: () => void, notes: readonly string[] = []): void {
  const { runtime, side, kit } = session;
  const stdout = process.stdout;
  const pressable = exhibit.neurons.filter((n) => n.button !== undefined);
  const draw = () => {
    const lines: string[] = [];
    lines.push(headerLine(exhibit, kit.clock.now() - runtime.startMs, runtime.model.age));
    exhibit.strips.forEach((s) => {
      const shown = side.leds.lastFrame(s.pin, boardOf(s));
      const pixels: number[][] = shown ? wireToRgb(shown.bytes, s.order) : Array.from({ length: s.length }, () => [0, 0, 0]);
      lines.push(`strip ${exhibit.boards ? `${exhibit.boards[boardOf(s)]!.id} ` : ''}D${s.pin} ${pixels.map((p) => block(p.map(onScreen))).join('')}`);
    });
    lines.push(...countLines(exhibit, runtime.model.spikes, runtime.model.view().synapses));
    lines.push(...notes);
    lines.push(`keys: ${pressable.map((n, i) => `${i + 1} = ${terminalText(n.label)}`).join(', ')}${exhibit.controls.injury ? ', i = injury' : ''}; q quits`);
    stdout.write(`\x1b[H\x1b[2J${lines.join('\n')}\n`);
  };
  const timer = setInterval(draw, REDRAW_MS);
  const stdin = process.stdin;
  const tap = (target: string, pin: number) => {
    side.inputs.press(target, pin);
    kit.clock.schedule(kit.clock.now() + TAP_MS, () => side.inputs.release(target, pin));
  };
  if (stdin.isTTY) {
    stdin.setRawMode(true);
    stdin.resume();
    // Keys typed together (two hands, or while the emulator held the thread) arrive in one chunk: each counts.
    stdin.on('data', (data: Buffer) => {
      for (const key of data.toString()) {
        if (key === 'q' || key === '\u0003') return stop();
        const n = Number(key);
        if (Number.isInteger(n) && n >= 1 && n <= pressable.length) tap(pressable[n - 1]!.id, pressable[n - 1]!.button!);
        if (key === 'i' && exhibit.controls.injury) tap('injury', exhibit.controls.injury.button);
      }
    });
  }
  kit.once('disconnect', () => clearInterval(timer));
  runtime.once('stopped', () => {
    clearInterval(timer);
    if (stdin.isTTY) {
      stdin.setRawMode(false);
      stdin.pause();
    }
  });
}
