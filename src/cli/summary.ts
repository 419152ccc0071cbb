import type { SimulationResult } from '../experiment/simulate.js';
import { formatDuration } from '../experiment/duration.js';

/** A relative change as a signed whole percentage ("+12%", "-3%", "0%"). */
function pct(x: number): string {
  const r = Math.round(x * 100);
  return `${r > 0 ? '+' : ''}${r}%`;
}

/** Plain-words account of a simulation, for a teacher reading a terminal. */
export function summarise(result: SimulationResult, compression: number): string[] {
  const first = result.samples[0]!;
  const last = result.samples.at(-1)!;
  const lines: string[] = [];
  const slow = formatDuration(last.slowT * 1000);
  const span = formatDuration(result.until * 1000);
  lines.push(compression === 1 && Math.abs(last.slowT - result.until) < 1e-6 * result.until
    ? `Simulated ${span} of activity.`
    : `Simulated ${span} of activity; slow processes (consolidation, scaling, growth) covered ${slow}.`);
  const fired = Object.entries(result.spikes).map(([id, n]) => `${id} ${n}`).join(', ');
  lines.push(`Action potentials fired: ${fired}.`);
  for (const [id, end] of Object.entries(last.synapses)) {
    const start = first.synapses[id];
    const name = `Synapse ${id}`;
    if (!start) {
      lines.push(end.exists
        ? `${name} is new: the two neurons fired together and grew a connection (${end.contacts} contact${end.contacts === 1 ? '' : 's'}).`
        : `${name} grew and was pruned again.`);
      continue;
    }
    if (!end.exists) {
      lines.push(`${name} was pruned: it stayed weak or unused and lost all its contacts.`);
      continue;
    }
    const change = start.efficacy > 0 ? end.efficacy / start.efficacy - 1 : 0;
    const verdict = change > 0.02 ? 'potentiated' : change < -0.02 ? 'depressed' : 'about unchanged';
    // Say what a visitor would see: the same response, or one so much larger or smaller.
    const size = verdict === 'about unchanged' ? 'about the same response as before' : `a response ${Math.abs(Math.round(change * 100))}% ${change > 0 ? 'larger' : 'smaller'} than before`;
    let line = `${name} ${verdict}: one action potential now causes ${size} (efficacy ${start.efficacy.toFixed(3)} → ${end.efficacy.toFixed(3)})`;
    const parts: string[] = [];
    if (Math.abs(end.release / start.release - 1) > 0.01) parts.push(`release ${pct(end.release / start.release - 1)}`);
    if (Math.abs(end.receptors / start.receptors - 1) > 0.01) parts.push(`receptors ${pct(end.receptors / start.receptors - 1)}`);
    if (end.contacts !== start.contacts) parts.push(`contacts ${start.contacts} → ${end.contacts}`);
    if (parts.length) line += `; ${parts.join(', ')}`;
    const total = end.early + end.late;
    if (Math.abs(total) > 0.02) line += `; ${Math.round((Math.abs(end.late) / (Math.abs(end.early) + Math.abs(end.late))) * 100)}% of the long-term change is consolidated`;
    lines.push(`${line}.`);
  }
  for (const line of responseLines(result)) lines.push(line);
  for (const [id, n] of Object.entries(last.neurons)) {
    if (!n.alive) lines.push(`Neuron ${id} was lost: it stayed silent too long.`);
  }
  return lines;
}

/** For short protocols, each synapse's responses relative to its first: facilitation or depression. */
function responseLines(result: SimulationResult): string[] {
  const bySynapse = new Map<string, number[]>();
  for (const r of result.responses) {
    const list = bySynapse.get(r.synapse) ?? [];
    list.push(r.amplitude);
    bySynapse.set(r.synapse, list);
  }
  const lines: string[] = [];
  for (const [id, amps] of bySynapse) {
    if (amps.length < 2 || amps.length > 40 || !(amps[0]! > 0)) continue;
    const rel = amps.map((a) => (a / amps[0]!).toFixed(2)).join(', ');
    lines.push(`Responses of ${id}, relative to the first: ${rel}.`);
  }
  return lines;
}
