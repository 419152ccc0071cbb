import type { Exhibit } from '../exhibit/types.js';
// From the module itself: the exhibit index also re-exports the file loader, which needs Node.
import { remoteLabel, remoteNeuronIds } from '../exhibit/remote.js';
import type { ModelEvent } from '../model/index.js';
import { gainForAge } from '../runtime/exhibit-model.js';
import type { ResetReason } from '../runtime/events.js';
import type { Caption, CaptionKind } from './protocol.js';

/** A reset in words: the precise caption, and the plain sentence for a visitor. */
const RESET_WORDS: Record<ResetReason, [string, string]> = {
  docent: ['The exhibit was reset: every synapse, contact and neuron is back as it started, and the lights ease back to it.', 'The exhibit starts afresh.'],
  idle: ['Nobody pressed for a while, so the exhibit went back to how it started, ready for the next visitor.', 'The exhibit is back at its start, ready for you.'],
  opening: ['The exhibit opened afresh: every synapse is back as it started.', 'The exhibit starts afresh.'],
  restart: ['The exhibit restarted mid-visit, so it went back to how it started.', 'The exhibit starts afresh.'],
};

/** Efficacy is re-told each time it moves by another 10 % of where it started. */
const EFFICACY_STEP = 0.1;
/** …but at most once per this much board time per synapse, so a tetanus does not flood the page. */
const EFFICACY_QUIET_MS = 1500;
/** The age dial is told once it has rested this long (board ms): turning it is many small moves. */
const AGE_SETTLE_MS = 300;
/**
 * After a press, for this long (board ms) the captions stay on what the visitor did: changes of
 * synapses that do not touch the pressed neuron wait until the visitor pauses.
 */
export const FOCUS_MS = 8000;
/** A press is told again only after the visitor left that button alone this long (board ms). */
const PRESS_RETELL_MS = 5000;
/**
 * Multiplier below which the model removes a synapse's contacts as weak (model STRUCTURE.weakMultiplier,
 * Zhou, Homma & Poo 2004): a synapse pruned below it went because it was depressed, above it for disuse.
 */
const WEAK_MULTIPLIER = 0.6;
/** Changes smaller than this (of the start) read as "about where it started". */
const NEAR_START = 0.05;

/** What the narrator reads from the model at one board time (the feed takes it from the runtime). */
export interface NarratorSample {
  tMs: number;
  synapses: Record<string, {
    efficacy: number;
    contacts: number;
    exists: boolean;
    /** Long-term multiplier 1 + early + late (1 = unchanged by LTP/LTD). */
    multiplier: number;
    /** The early, not yet consolidated part of the long-term change. */
    early: number;
  }>;
  /** Homeostatic scaling of each neuron's inputs (1 = unchanged). */
  scaling: Record<string, number>;
}

interface Told {
  step: number;
  atMs: number;
  multiplier: number;
  scaling: number;
  contacts: number;
}

const percent = (x: number) => `${Math.round(Math.abs(x) * 100)}%`;
const contactsWord = (n: number) => `${n} contact${n === 1 ? '' : 's'}`;

function stageWord(age: number): string {
  if (age < 0.2) return 'newborn';
  if (age < 0.6) return 'juvenile';
  return 'adult';
}

/** "40% larger than at the start": the response now, relative to where the synapse started. */
function response(change: number): string {
  if (Math.abs(change) < NEAR_START) return 'about the same as at the start';
  return `${percent(change)} ${change > 0 ? 'larger' : 'smaller'} than at the start`;
}

/**
 * Plain-words captions of what just happened in the exhibit. Each one comes from what the model did
 * (a model event, or a change of state it attributes to its cause: timed firing, fading, homeostatic
 * scaling), names synapses the way the kit labels them ("the Touch → Move synapse"), gives numbers
 * for the state now and the direction it is moving, and puts what the visitor just did first.
 * Pure, board time.
 */
export class Narrator {
  private readonly labels = new Map<string, string>();
  private readonly exists = new Map<string, boolean>();
  private readonly everExisted = new Set<string>();
  private readonly contacts = new Map<string, number>();
  private readonly multiplier = new Map<string, number>();
  private readonly lostNeurons = new Set<string>();
  private readonly start = new Map<string, { efficacy: number }>();
  private readonly told = new Map<string, Told>();
  private readonly lastPress = new Map<string, number>();
  private focus: { neuron: string; atMs: number } | null = null;
  private pendingAge: { age: number; atMs: number } | null = null;

  constructor(private readonly exhibit: Exhibit) {
    for (const n of exhibit.neurons) this.labels.set(n.id, n.label);
    for (const id of remoteNeuronIds(exhibit)) this.labels.set(id, remoteLabel(id));
    this.startingState();
  }

  /** What the narrator knows of the network as the exhibit starts: what exists, with how many contacts. */
  private startingState(): void {
    for (const s of [...this.exhibit.synapses, ...this.exhibit.remote]) {
      const id = `${s.from}->${s.to}`;
      this.exists.set(id, true);
      this.everExisted.add(id);
      this.contacts.set(id, s.contacts ?? 1);
    }
    for (const [a, b] of this.exhibit.candidates) this.exists.set(`${a}->${b}`, false);
  }

  /**
   * The exhibit went back to its starting state (events.ts `reset`): says so, and forgets what it told
   * of the model before, so that the way back is not told as depression and pruning.
   */
  onReset(reason: ResetReason, atMs: number): Caption {
    for (const map of [this.exists, this.contacts, this.multiplier, this.start, this.told, this.lastPress]) map.clear();
    this.everExisted.clear();
    this.lostNeurons.clear();
    this.focus = null;
    this.startingState();
    const [text, plain] = RESET_WORDS[reason];
    return this.say('reset', atMs, text, plain);
  }

  private neuron(id: string): string {
    return this.labels.get(id) ?? id;
  }

  private ends(id: string): [string, string] {
    const [from = id, to = ''] = id.split('->');
    return [from, to];
  }

  /** "the Touch → Move synapse": the kit's own labels. */
  private synapse(id: string): string {
    return `the ${this.link(id)} synapse`;
  }

  /** "Touch → Move": a synapse as the visitor view names it. */
  private link(id: string): string {
    const [from, to] = this.ends(id);
    return `${this.neuron(from)} → ${this.neuron(to)}`;
  }

  /**
   * A caption about `subject` (a synapse or neuron id, or what the visitor pressed): the precise
   * `text`, and the `plain` sentence a visitor reads on the visitor view.
   */
  private say(kind: CaptionKind, tMs: number, text: string, plain: string, subject?: string): Caption {
    const upper = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);
    return { tMs, kind, text: upper(text), plain: upper(plain), ...(subject !== undefined ? { subject } : {}) };
  }

  /** A visitor pressed a neuron's button (not the injury button: its cuts are told from the model). */
  onPress(neuronId: string, atMs: number): Caption | null {
    this.focus = { neuron: neuronId, atMs };
    const last = this.lastPress.get(neuronId);
    this.lastPress.set(neuronId, atMs);
    if (last !== undefined && atMs - last < PRESS_RETELL_MS) return null;
    const targets = [...this.exists].filter(([id, on]) => on && this.ends(id)[0] === neuronId).map(([id]) => this.neuron(this.ends(id)[1]));
    const label = this.neuron(neuronId);
    if (this.lostNeurons.has(neuronId)) return this.say('press', atMs, `You pressed ${label}, but ${label} was lost: it cannot fire any more.`, `${label} was lost: it cannot fire any more.`, neuronId);
    const onward = targets.length > 0 ? `its action potential runs along its axon to ${targets.join(' and ')}` : 'it has no connection left to pass its action potential on';
    const plain = targets.length > 0 ? `You fired ${label}: watch the light run to ${targets.join(' and ')}.` : `You fired ${label}, but it has no connection left.`;
    return this.say('press', atMs, `You fired ${label}: ${onward}.`, plain, neuronId);
  }

  /**
   * The injury button was pressed and asked to cut `cuts`. The cuts themselves are told from the
   * model's `cut` events; this tells only the case where there was nothing left to cut.
   */
  onInjury(cuts: readonly string[], atMs: number): Caption | null {
    this.focus = { neuron: 'injury', atMs };
    if (cuts.some((id) => this.exists.get(id))) return null;
    const what = cuts.map((id) => this.synapse(id)).join(' and ');
    const links = cuts.map((id) => this.link(id)).join(' and ');
    return this.say('injury', atMs, `Injury: ${what} ${cuts.length === 1 ? 'was' : 'were'} already cut, but plasticity is boosted again for a while.`,
      `${links} ${cuts.length === 1 ? 'is' : 'are'} already cut. The rest can still rewire.`);
  }

  onModelEvent(e: ModelEvent): Caption | null {
    const tMs = e.tMs;
    switch (e.kind) {
      case 'spike':
        return null;
      case 'formed': {
        const again = this.everExisted.has(e.synapse);
        this.exists.set(e.synapse, true);
        this.everExisted.add(e.synapse);
        this.contacts.set(e.synapse, 1);
        this.start.delete(e.synapse);
        this.told.delete(e.synapse);
        const [from, to] = this.ends(e.synapse);
        return again
          ? this.say('regrown', tMs, `${this.synapse(e.synapse)} grew back with one contact: the network is rewiring.`, `${this.link(e.synapse)} grew back: the network is rewiring.`, e.synapse)
          : this.say('formed', tMs, `A new connection grew: ${this.synapse(e.synapse)}, because ${this.neuron(from)} and ${this.neuron(to)} fired together.`,
            `A new connection grew: ${this.link(e.synapse)}. They fired together!`, e.synapse);
      }
      case 'cut': {
        this.gone(e.synapse);
        return this.say('cut', tMs, `Injury: ${this.synapse(e.synapse)} was cut (its ${contactsWord(e.contacts)} gone at once). Plasticity is boosted for a while as the network reroutes.`,
          `${this.link(e.synapse)} was cut. Watch ${this.neuron(this.ends(e.synapse)[1])} use what is left.`, e.synapse);
      }
      case 'pruned': {
        const [from, to] = this.ends(e.synapse);
        const m = this.multiplier.get(e.synapse) ?? 1;
        this.gone(e.synapse);
        const dead = [from, to].find((n) => this.lostNeurons.has(n));
        const link = this.link(e.synapse);
        if (dead !== undefined) return this.say('pruned-lost', tMs, `${this.synapse(e.synapse)} went with ${this.neuron(dead)}, which was lost.`, `${link} is gone: ${this.neuron(dead)} was lost.`, e.synapse);
        if (m < WEAK_MULTIPLIER) return this.say('pruned-weak', tMs, `${this.synapse(e.synapse)} was pruned: it had been depressed so far that its last contact withdrew. Its light fades out.`, `${link} got so weak that it was removed.`, e.synapse);
        return this.say('pruned-disuse', tMs, `${this.synapse(e.synapse)} was pruned for disuse: it did little to make ${this.neuron(to)} fire, so ${this.neuron(to)} withdrew its last contact. Its light fades out.`,
          `${link} was hardly used, so it was removed.`, e.synapse);
      }
      case 'contacts': {
        const before = this.contacts.get(e.synapse) ?? e.contacts;
        this.contacts.set(e.synapse, e.contacts);
        const [from, to] = this.ends(e.synapse);
        if (e.contacts > before) {
          return this.say('contact-gained', tMs, `${this.synapse(e.synapse)} grew a new contact (${e.contacts} now): ${this.neuron(to)} was firing less than its usual rate and took more input from ${this.neuron(from)}.`,
            `${this.link(e.synapse)} grew a new contact: one more light.`, e.synapse);
        }
        if (e.contacts < before) {
          const why = (this.multiplier.get(e.synapse) ?? 1) < WEAK_MULTIPLIER ? 'it is so depressed that a contact withdrew' : `${this.neuron(to)} was firing more than its usual rate and withdrew a contact it used least`;
          return this.say('contact-lost', tMs, `${this.synapse(e.synapse)} lost a contact (${e.contacts} left): ${why}.`, `${this.link(e.synapse)} lost a contact: one light fewer.`, e.synapse);
        }
        return null;
      }
      case 'lost':
        this.lostNeurons.add(e.neuron);
        return e.cause === 'lesion'
          ? this.say('lost-lesion', tMs, `${this.neuron(e.neuron)} was destroyed by a lesion: its light goes dark.`, `${this.neuron(e.neuron)} was destroyed: its light goes dark.`, e.neuron)
          : this.say('lost-development', tMs, `${this.neuron(e.neuron)} stayed silent too long while the brain was still developing and was lost: its light goes dark.`,
            `${this.neuron(e.neuron)} was too quiet while young, so it was lost.`, e.neuron);
    }
  }

  private gone(id: string): void {
    this.exists.set(id, false);
    this.contacts.set(id, 0);
    this.start.delete(id);
    this.told.delete(id);
  }

  onAge(age: number, atMs: number): void {
    this.pendingAge = { age, atMs };
  }

  /** Whether captions about `synapse` must wait: the visitor is busy with a neuron it does not touch. */
  private outOfFocus(synapse: string, tMs: number): boolean {
    if (!this.focus || tMs - this.focus.atMs >= FOCUS_MS) return false;
    return !this.ends(synapse).includes(this.focus.neuron);
  }

  /** Compares the model now with what was told before; returns what is worth saying now. */
  onSample(sample: NarratorSample): Caption[] {
    const out: Caption[] = [];
    if (this.pendingAge && sample.tMs - this.pendingAge.atMs >= AGE_SETTLE_MS) {
      const { age } = this.pendingAge;
      this.pendingAge = null;
      const gain = gainForAge(age);
      // An adult dial reads 1.0×: there is nothing faster to say.
      const plain = gain >= 1.05 ? `Age: ${stageWord(age)}. A young brain changes faster than an adult's.` : `Age: ${stageWord(age)}. Changes now come slower.`;
      out.push(this.say('age', sample.tMs, `Age set to ${stageWord(age)}: synapses change ${gain.toFixed(1)}× as much as in an adult.`, plain));
    }
    for (const [id, s] of Object.entries(sample.synapses)) {
      this.multiplier.set(id, s.multiplier);
      if (!s.exists) continue;
      const scaling = sample.scaling[this.ends(id)[1]] ?? 1;
      const start = this.start.get(id);
      if (start === undefined) {
        if (s.efficacy > 0) {
          this.start.set(id, { efficacy: s.efficacy });
          this.told.set(id, { step: 0, atMs: -Infinity, multiplier: s.multiplier, scaling, contacts: s.contacts });
        }
        continue;
      }
      const told = this.told.get(id)!;
      const change = s.efficacy / start.efficacy - 1;
      // Whole percent first: 0.7 / 0.5 − 1 is 0.3999…, which must count as the 40% step it reads as.
      const step = Math.trunc(Math.round(change * 100) / (EFFICACY_STEP * 100));
      if (step === told.step || sample.tMs - told.atMs < EFFICACY_QUIET_MS || this.outOfFocus(id, sample.tMs)) continue;
      const caption = this.change(id, sample.tMs, change, step > told.step, s, scaling, told);
      this.told.set(id, { step, atMs: sample.tMs, multiplier: s.multiplier, scaling, contacts: s.contacts });
      if (caption) out.push(caption);
    }
    return out;
  }

  /**
   * A synapse's response moved by another step: says why, from which of its factors moved most since
   * it was last told (contacts are told by their own events, so a change they carry is not re-told).
   */
  private change(id: string, tMs: number, change: number, rising: boolean, s: NarratorSample['synapses'][string], scaling: number, told: Told): Caption | null {
    const [from, to] = this.ends(id);
    const byContacts = Math.abs(Math.log(Math.max(s.contacts, 1e-9) / Math.max(told.contacts, 1e-9)));
    const byMultiplier = Math.abs(Math.log(s.multiplier / told.multiplier));
    const byScaling = Math.abs(Math.log(scaling / told.scaling));
    if (byContacts >= byMultiplier && byContacts >= byScaling) return null;
    const now = `each action potential now causes a response ${response(change)}, and ${rising ? 'rising' : 'falling'}`;
    const syn = this.synapse(id);
    const link = this.link(id);
    if (byScaling > byMultiplier) {
      return scaling > told.scaling
        ? this.say('scaled-up', tMs, `${this.neuron(to)} was firing less than its usual rate, so homeostasis scaled up all its inputs: through ${syn} ${now}.`,
          `${this.neuron(to)} was too quiet, so all its inputs got stronger.`, id)
        : this.say('scaled-down', tMs, `${this.neuron(to)} was firing more than its usual rate, so homeostasis scaled down all its inputs: through ${syn} ${now}.`,
          `${this.neuron(to)} was too busy, so all its inputs got weaker.`, id);
    }
    if (s.multiplier > told.multiplier) {
      return s.early < 0
        ? this.say('recovering', tMs, `${syn} is recovering from its depression: ${now}.`, `${link} is getting stronger again.`, id)
        : this.say('potentiated', tMs, `${syn} was potentiated: ${this.neuron(from)} fired just before ${this.neuron(to)}, so ${now}.`,
          `${link} got stronger: ${this.neuron(from)} helped ${this.neuron(to)} fire.`, id);
    }
    // "What you did" only where a visitor pressed one of its neurons: the exhibit's own background
    // firing potentiates too, and the first visitor of the day did nothing yet.
    const byVisitor = this.lastPress.has(from) || this.lastPress.has(to);
    return s.early > 0
      ? this.say('fading', tMs, `${syn} is losing the potentiation it has not consolidated: ${now}.`,
        byVisitor ? `${link} is getting weaker again: what you did is fading.` : `${link} is getting weaker again: the change is fading.`, id)
      : this.say('depressed', tMs, `${syn} was depressed: ${this.neuron(from)} fired just after ${this.neuron(to)}, not before, so ${now}.`,
        `${link} got weaker: ${this.neuron(from)} fired just after ${this.neuron(to)}.`, id);
  }
}
