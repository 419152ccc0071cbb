import type { Exhibit } from '../exhibit/index.js';
import type { ModelEvent } from '../model/index.js';
import { gainForAge } from '../runtime/exhibit-model.js';
import type { Caption, Sample } from './protocol.js';

/** Efficacy is re-told each time it moves by another 10 % of where it started. */
const EFFICACY_STEP = 0.1;
/** …but at most once per this much board time per synapse, so a tetanus does not flood the page. */
const EFFICACY_QUIET_MS = 1500;
/** The age dial is told once it has rested this long (board ms): turning it is many small moves. */
const AGE_SETTLE_MS = 300;

const percent = (x: number) => `${Math.round(Math.abs(x) * 100)}%`;

function stageWord(age: number): string {
  if (age < 0.2) return 'newborn';
  if (age < 0.6) return 'juvenile';
  return 'adult';
}

/**
 * Plain-words captions of what just happened in the exhibit, for the docent dashboard:
 * "the A→C synapse (Touch → Move) was potentiated: each action potential now causes a 40% larger
 * response than at the start". Fed with runtime events and periodic samples; pure, board time.
 */
export class Narrator {
  private readonly labels = new Map<string, string>();
  private readonly startEfficacy = new Map<string, number>();
  private readonly toldStep = new Map<string, number>();
  private readonly toldAtMs = new Map<string, number>();
  private readonly contacts = new Map<string, number>();
  private pendingAge: { age: number; atMs: number } | null = null;

  constructor(exhibit: Exhibit) {
    for (const n of exhibit.neurons) this.labels.set(n.id, n.label);
  }

  private neuron(id: string): string {
    return this.labels.get(id) ?? id;
  }

  /** "the A→C synapse (Touch → Move)". */
  private synapse(id: string): string {
    const [from = id, to = ''] = id.split('->');
    return `the ${from}→${to} synapse (${this.neuron(from)} → ${this.neuron(to)})`;
  }

  onModelEvent(e: ModelEvent): Caption | null {
    const tMs = e.tMs;
    switch (e.kind) {
      case 'spike':
        return null;
      case 'formed':
        this.startEfficacy.delete(e.synapse);
        return { tMs, text: `A new connection grew: ${this.synapse(e.synapse)}, because these neurons fired together.` };
      case 'pruned':
        return { tMs, text: `${capital(this.synapse(e.synapse))} was pruned: its last ${e.contacts === 1 ? 'contact is' : `${e.contacts} contacts are`} gone.` };
      case 'cut':
        return null;
      case 'contacts': {
        const before = this.contacts.get(e.synapse);
        this.contacts.set(e.synapse, e.contacts);
        const change = before === undefined ? '' : e.contacts > before ? ' (it sprouted a new one)' : e.contacts < before ? ' (one was removed)' : '';
        return { tMs, text: `${capital(this.synapse(e.synapse))} now has ${e.contacts} contact${e.contacts === 1 ? '' : 's'}${change}.` };
      }
      case 'lost':
        return e.cause === 'lesion'
          ? { tMs, text: `${this.neuron(e.neuron)} was destroyed by a lesion: its light goes dark.` }
          : { tMs, text: `${this.neuron(e.neuron)} stayed silent too long while the brain was developing and was lost: its light goes dark.` };
    }
  }

  onCut(synapses: readonly string[], atMs: number): Caption {
    const what = synapses.map((s) => this.synapse(s)).join(' and ');
    return { tMs: atMs, text: `Injury: ${what} was cut. Plasticity is boosted for a while as the network reroutes.` };
  }

  onAge(age: number, atMs: number): void {
    this.pendingAge = { age, atMs };
  }

  /** Compares a new sample with what was told before; returns what is worth saying now. */
  onSample(sample: Sample): Caption[] {
    const out: Caption[] = [];
    if (this.pendingAge && sample.tMs - this.pendingAge.atMs >= AGE_SETTLE_MS) {
      const { age } = this.pendingAge;
      this.pendingAge = null;
      out.push({ tMs: sample.tMs, text: `Age set to ${stageWord(age)}: synapses change ${gainForAge(age).toFixed(1)}× as much as in an adult.` });
    }
    for (const [id, s] of Object.entries(sample.synapses)) {
      if (!this.contacts.has(id)) this.contacts.set(id, s.contacts);
      if (!s.exists) continue;
      const start = this.startEfficacy.get(id);
      if (start === undefined) {
        if (s.efficacy > 0) this.startEfficacy.set(id, s.efficacy);
        continue;
      }
      const change = s.efficacy / start - 1;
      // Whole percent first: 0.7 / 0.5 − 1 is 0.3999…, which must count as the 40% step it reads as.
      const step = Math.trunc(Math.round(change * 100) / (EFFICACY_STEP * 100));
      const told = this.toldStep.get(id) ?? 0;
      if (step === told || sample.tMs - (this.toldAtMs.get(id) ?? -Infinity) < EFFICACY_QUIET_MS) continue;
      this.toldStep.set(id, step);
      this.toldAtMs.set(id, sample.tMs);
      let text: string;
      if (step === 0) text = `${capital(this.synapse(id))} is back near where it started.`;
      else if (change > 0) text = `${capital(this.synapse(id))} was potentiated: each action potential now causes a ${percent(change)} larger response than at the start.`;
      else text = `${capital(this.synapse(id))} was depressed: each action potential now causes a ${percent(change)} smaller response than at the start.`;
      out.push({ tMs: sample.tMs, text });
    }
    return out;
  }
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
