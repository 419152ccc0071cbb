import type { Exhibit } from '../exhibit/types.js';
import { networkSpec } from '../runtime/exhibit-model.js';
import { Network } from '../model/index.js';
import { unbackedWords } from '../lessons/checks.js';
import { VISIT } from './plan.js';

/** A target's spike this soon after an input's counts as that input firing it. */
const FOLLOW_MS = 10;

/** Something about an exhibit a builder should know before a visitor finds it: what, and what to do. */
export interface Warning {
  /** What it is about: a synapse id, a neuron id, or `about`. */
  subject: string;
  text: string;
}

const label = (exhibit: Exhibit, id: string) => exhibit.neurons.find((n) => n.id === id)?.label ?? id;

/**
 * Whether presses of each button fire each of its neuron's targets, on the model alone (no board, no
 * background firing, no plasticity): a visitor's taps at VISIT.tapHz for a few seconds, and a hold
 * when the neuron fires trains. Returns, per synapse from a button, how many of its spikes its target
 * followed.
 */
export function pressFiring(exhibit: Exhibit): Record<string, { pre: number; followed: number }> {
  const out: Record<string, { pre: number; followed: number }> = {};
  for (const n of exhibit.neurons.filter((x) => x.button !== undefined)) {
    const spec = networkSpec(exhibit);
    // Alone and unchanging: no background, the set points where they would be, plasticity off.
    const quiet = { ...spec, neurons: spec.neurons.map((x) => ({ ...x, spontaneousHz: 0, targetHz: (('targetHz' in x ? x.targetHz : undefined) as number | undefined) ?? 1 })) };
    const net = new Network(quiet, { seed: 1 });
    net.blocks.nmda = true;
    const targets = exhibit.synapses.filter((s) => s.from === n.id).map((s) => s.to);
    const last = new Map<string, number>();
    for (const t of targets) out[`${n.id}->${t}`] = { pre: 0, followed: 0 };
    const hold = n.holdHz ? { from: 5000, to: 7000, periodMs: 1000 / n.holdHz } : null;
    for (let t = 0; t < 8000; t++) {
      const tap = t < 5000 && t % Math.round(1000 / VISIT.tapHz) === 0;
      const train = hold !== null && t >= hold.from && t < hold.to && (t - hold.from) % Math.max(1, Math.round(hold.periodMs)) === 0;
      if (tap || train) net.forceSpike(n.id);
      for (const e of net.step()) {
        if (e.kind !== 'spike') continue;
        if (e.neuron === n.id) {
          for (const target of targets) {
            out[`${n.id}->${target}`]!.pre++;
            last.set(target, e.tMs);
          }
        } else if (targets.includes(e.neuron)) {
          const at = last.get(e.neuron);
          if (at !== undefined && e.tMs - at <= FOLLOW_MS) out[`${n.id}->${e.neuron}`]!.followed++;
          last.delete(e.neuron);
        }
      }
    }
  }
  return out;
}

/**
 * What a builder should know about an exhibit before a visitor finds it, found quickly on the model
 * alone: a button whose presses cannot fire its targets (the timing rule then has nothing to work with:
 * those presses change nothing), recurrent excitation with nothing to hold it back, and an `about`
 * that says what none of its `claims` checks. `neuron-kit check` plays the exhibit on the twin for the
 * full story. Pure.
 */
export function exhibitWarnings(exhibit: Exhibit): Warning[] {
  const warnings: Warning[] = [];
  for (const [id, f] of Object.entries(pressFiring(exhibit))) {
    if (f.followed > 0) continue;
    const [from = '', to = ''] = id.split('->');
    warnings.push({
      subject: id,
      text: `${label(exhibit, from)} → ${label(exhibit, to)} cannot fire ${label(exhibit, to)}: none of ${f.pre} presses made it fire, so pressing ${label(exhibit, from)} changes nothing there (give the synapse more "contacts" or "receptors", or pair it with another input: docs/exhibit.md)`,
    });
  }
  warnings.push(...recurrence(exhibit));
  if (exhibit.about) {
    const words = unbackedWords(exhibit.about, exhibit.claims.flatMap((c) => c.then));
    if (words.length > 0) warnings.push({ subject: 'about', text: `"about" says ${words.map((w) => `"${w}"`).join(', ')}, which none of the exhibit's "claims" checks; add a claim (docs/exhibit.md), and \`neuron-kit check\` will play it` });
  }
  return warnings;
}

/** Excitatory loops (a neuron exciting itself through others) with no inhibitory neuron in the exhibit. */
function recurrence(exhibit: Exhibit): Warning[] {
  if (exhibit.neurons.some((n) => n.inhibitory)) return [];
  const out = new Map<string, string[]>();
  for (const s of exhibit.synapses) out.set(s.from, [...(out.get(s.from) ?? []), s.to]);
  for (const [a, b] of exhibit.candidates) out.set(a, [...(out.get(a) ?? []), b]);
  for (const start of exhibit.neurons.map((n) => n.id)) {
    const seen = new Set<string>();
    const stack = [...(out.get(start) ?? [])];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (n === start) {
        return [{ subject: start, text: `${label(exhibit, start)} excites itself through a loop of excitatory synapses, and no neuron is inhibitory: with background firing such loops can run away (cortex holds them back with inhibition); add an "inhibitory" neuron to the loop` }];
      }
      if (seen.has(n)) continue;
      seen.add(n);
      stack.push(...(out.get(n) ?? []));
    }
  }
  return [];
}
