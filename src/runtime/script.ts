import type { Exhibit } from '../exhibit/index.js';
import { checkDocumentLimits } from '../experiment/limits.js';
import { Problems } from '../experiment/problems.js';

/** How long a `tap` holds the button down (specs/run.md). */
export const TAP_MS = 50;
/** Most button and dial actions a script may expand to (10 taps a second for almost three hours). */
export const MAX_SCRIPT_ACTIONS = 200_000;

/** One thing a scripted visitor does to the board at a board time. */
export type VisitorAction =
  | { atMs: number; kind: 'button'; pin: number; pressed: boolean; target: string }
  | { atMs: number; kind: 'dial'; channel: number; fraction: number; target: string };

/**
 * Validates a visitor script (specs/run.md `--script`) against an exhibit and expands it into
 * button and dial actions in board-time order. Throws InvalidDocumentError naming every problem.
 */
export function readScript(doc: unknown, exhibit: Exhibit): VisitorAction[] {
  checkDocumentLimits(doc, 'The visitor script');
  const problems = new Problems();
  const actions = readScriptInto(doc, exhibit, problems);
  problems.throwIfAny('The visitor script');
  return actions;
}

/**
 * Reads a visitor script into `problems` (paths under `root`, e.g. `attract.script`): the actions in
 * board-time order, or [] when there were problems. Only the exhibit's buttons and dial are read, so an
 * exhibit's own script (its attract demo) can be read while the exhibit is.
 */
export function readScriptInto(doc: unknown, exhibit: Pick<Exhibit, 'neurons' | 'controls'>, problems: Problems, root = '', maxActions = MAX_SCRIPT_ACTIONS): VisitorAction[] {
  const before = problems.list.length;
  const buttons = new Map<string, number>();
  for (const n of exhibit.neurons) if (n.button !== undefined) buttons.set(n.id, n.button);
  if (exhibit.controls.injury) buttons.set('injury', exhibit.controls.injury.button);
  const dials = new Map<string, number>();
  if (exhibit.controls.age) dials.set('age', exhibit.controls.age.analog);
  const known = [...buttons.keys()].join(', ') || '(this exhibit has no buttons)';

  const button = (value: unknown, path: string): [string, number] | undefined => {
    const target = problems.string(value, path);
    if (target === undefined) return undefined;
    const pin = buttons.get(target);
    if (pin === undefined) {
      // A script names buttons by id, but a visitor knows them by the labels on the kit.
      const labelled = exhibit.neurons.find((n) => n.button !== undefined && n.label.toLowerCase() === target.toLowerCase());
      if (labelled) return void problems.add(path, `"${target}" is a label, not a button id; ${labelled.label} is the button of neuron ${labelled.id}: use "${labelled.id}" (buttons: ${known})`);
      return void problems.add(path, `"${target}" has no button in this exhibit; buttons: ${known}`);
    }
    return [target, pin];
  };

  const actions: VisitorAction[] = [];
  const tap = (atMs: number, [target, pin]: [string, number]) => {
    actions.push({ atMs, kind: 'button', pin, pressed: true, target });
    actions.push({ atMs: atMs + TAP_MS, kind: 'button', pin, pressed: false, target });
  };
  (problems.array(doc, root || '(script)') ?? []).forEach((item, i) => {
    const path = `${root}[${i}]`;
    const o = problems.object(item, path);
    if (!o) return;
    const kinds = ['tap', 'press', 'release', 'repeat', 'turn'].filter((k) => k in o);
    if (kinds.length !== 1) return problems.add(path, kinds.length ? `has both ${kinds.join(' and ')}; one action per entry` : 'needs one of tap, press, release, repeat, turn');
    const kind = kinds[0]!;
    problems.onlyKeys(o, path, ['at', kind, ...(kind === 'turn' ? ['to'] : [])]);
    const atMs = problems.duration(o.at, `${path}.at`, 'nonNegative');
    if (kind === 'tap' || kind === 'press' || kind === 'release') {
      const b = button(o[kind], `${path}.${kind}`);
      if (!b || atMs === undefined) return;
      if (kind === 'tap') tap(atMs, b);
      else actions.push({ atMs, kind: 'button', pin: b[1], pressed: kind === 'press', target: b[0] });
    } else if (kind === 'repeat') {
      const r = problems.object(o.repeat, `${path}.repeat`);
      if (!r) return;
      problems.onlyKeys(r, `${path}.repeat`, ['tap', 'hz', 'count']);
      const b = button(r.tap, `${path}.repeat.tap`);
      const maxHz = 1000 / (2 * TAP_MS);
      const hz = problems.number(r.hz, `${path}.repeat.hz`, { min: 0, exclusiveMin: true, max: maxHz });
      const count = problems.number(r.count, `${path}.repeat.count`, { min: 1, integer: true });
      if (!b || hz === undefined || count === undefined || atMs === undefined) return;
      if (actions.length + 2 * count > maxActions) return problems.add(`${path}.repeat.count`, `a script may press buttons at most ${maxActions / 2} times in all; split a long run into shorter ones`);
      for (let k = 0; k < count; k++) tap(atMs + (k * 1000) / hz, b);
    } else {
      const target = problems.string(o.turn, `${path}.turn`);
      const channel = target === undefined ? undefined : dials.get(target);
      if (target !== undefined && channel === undefined) problems.add(`${path}.turn`, `"${target}" is not a dial of this exhibit; dials: ${[...dials.keys()].join(', ') || '(none)'}`);
      const fraction = problems.number(o.to, `${path}.to`, { min: 0, max: 1 });
      if (channel === undefined || fraction === undefined || atMs === undefined || target === undefined) return;
      actions.push({ atMs, kind: 'dial', channel, fraction, target });
    }
  });
  if (actions.length > maxActions) problems.add(root || '(script)', `a script may hold at most ${maxActions} button and dial actions, got ${actions.length}`);
  if (problems.list.length > before) return [];
  return actions.sort((a, b) => a.atMs - b.atMs);
}
