import type { Exhibit } from '../exhibit/types.js';
// From the module itself: the exhibit index also re-exports the file loader, which needs Node.
import { remoteLabel, remoteNeuronIds } from '../exhibit/remote.js';
import type { Cause, ModelEvent } from '../model/index.js';
import { gainForAge } from '../runtime/exhibit-model.js';
import type { ResetReason } from '../runtime/events.js';
import type { Caption, CaptionKind } from '../web/messages.js';
import { direction, signedPercent, type Direction } from './strength.js';
import { mainCause, relativeOf, type StorySynapse, type StoryView } from './view.js';

/** A reset in words: the precise caption, and the plain sentence for a visitor. */
const RESET_WORDS: Record<ResetReason, [string, string]> = {
  docent: ['The exhibit was reset: every synapse, contact and neuron is back as it started, and the lights ease back to it.', 'The exhibit starts afresh.'],
  idle: ['Nobody pressed for a while, so the exhibit went back to how it started, ready for the next visitor.', 'The exhibit is back at its start, ready for you.'],
  opening: ['The exhibit opened afresh: every synapse is back as it started.', 'The exhibit starts afresh.'],
  restart: ['The exhibit restarted mid-visit, so it went back to how it started.', 'The exhibit starts afresh.'],
};

/** Strength is re-told each time it moves by another 10% of its reference. */
const STEP = 0.1;
/** …but at most once per this much board time per synapse, so a tetanus does not flood the page. */
const QUIET_MS = 1500;
/** The age dial is told once it has rested this long (board ms): turning it is many small moves. */
const AGE_SETTLE_MS = 300;
/**
 * After a press, for this long (board ms) the captions stay on what the visitor did: changes of
 * synapses that do not touch the pressed neuron wait until the visitor pauses.
 */
export const FOCUS_MS = 8000;
/** A press is told again only after the visitor left that button alone this long (board ms). */
const PRESS_RETELL_MS = 5000;
/** Causes told by a model event of their own (a contact, a formation, a cut): not told again as strength. */
const TOLD_BY_EVENTS: ReadonlySet<Cause> = new Set(['growth', 'retraction', 'weak-removal', 'formation', 'cut', 'lost']);

const contactsWord = (n: number) => `${n} contact${n === 1 ? '' : 's'}`;

function stageWord(age: number): string {
  if (age < 0.2) return 'newborn';
  if (age < 0.6) return 'juvenile';
  return 'adult';
}

/** "23% stronger than at the start": where a synapse is now against its reference, in words and a signed number. */
function level(relative: number): string {
  const d = direction(relative);
  if (d === 'same') return 'about as strong as at the start';
  return `${Math.abs(signedPercent(relative))}% ${d} than at the start`;
}

interface Told {
  step: number;
  atMs: number;
  /** The ledger's reading then (efficacy per cause since the reference). */
  causes: number[];
}

/**
 * Plain-words captions of what just happened in the exhibit. Each one comes from what the model itself
 * recorded: a model event (which names its cause), or the ledger of causes (which mechanism moved a
 * synapse's efficacy, and which way). Strength is always the one quantity of story/strength.ts: a
 * synapse's efficacy against its reference, so the words agree with the hue on the strip. Names
 * synapses the way the kit labels them ("the Touch → Move synapse") and puts what the visitor just did
 * first. Pure, board time.
 */
export class Narrator {
  private readonly labels = new Map<string, string>();
  private readonly exists = new Map<string, boolean>();
  private readonly everExisted = new Set<string>();
  private readonly contacts = new Map<string, number>();
  private readonly lostNeurons = new Set<string>();
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
    for (const map of [this.exists, this.contacts, this.told, this.lastPress]) map.clear();
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
  private say(kind: CaptionKind, tMs: number, text: string, plain: string, subject?: string, more: Partial<Caption> = {}): Caption {
    const upper = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);
    return { tMs, kind, text: upper(text), plain: upper(plain), ...(subject !== undefined ? { subject } : {}), ...more };
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
        this.told.delete(e.synapse);
        const [from, to] = this.ends(e.synapse);
        return again
          ? this.say('regrown', tMs, `${this.synapse(e.synapse)} grew back with one contact: the network is rewiring.`, `${this.link(e.synapse)} grew back: the network is rewiring.`, e.synapse, { cause: 'formation' })
          : this.say('formed', tMs, `A new connection grew: ${this.synapse(e.synapse)}, because ${this.neuron(from)} and ${this.neuron(to)} fired together.`,
            `A new connection grew: ${this.link(e.synapse)}. They fired together!`, e.synapse, { cause: 'formation' });
      }
      case 'cut': {
        this.gone(e.synapse);
        return this.say('cut', tMs, `Injury: ${this.synapse(e.synapse)} was cut (its ${contactsWord(e.contacts)} gone at once). Plasticity is boosted for a while as the network reroutes.`,
          `${this.link(e.synapse)} was cut. Watch ${this.neuron(this.ends(e.synapse)[1])} use what is left.`, e.synapse, { cause: 'cut' });
      }
      case 'pruned': {
        const [from, to] = this.ends(e.synapse);
        this.gone(e.synapse);
        const dead = [from, to].find((n) => this.lostNeurons.has(n));
        const link = this.link(e.synapse);
        if (dead !== undefined) return this.say('pruned', tMs, `${this.synapse(e.synapse)} went with ${this.neuron(dead)}, which was lost.`, `${link} is gone: ${this.neuron(dead)} was lost.`, e.synapse, { cause: 'lost' });
        if (e.cause === 'weak-removal') return this.say('pruned', tMs, `${this.synapse(e.synapse)} was pruned: it had been depressed so far that its last contact shrank away. Its light fades out.`, `${link} got so weak that it was removed.`, e.synapse, { cause: e.cause });
        return this.say('pruned', tMs, `${this.synapse(e.synapse)} was pruned: ${this.neuron(to)}, firing above its set point, withdrew its last contact, from the input that did least to make it fire. Its light fades out.`,
          `${link} was hardly used, so it was removed.`, e.synapse, { cause: e.cause });
      }
      case 'contacts': {
        this.contacts.set(e.synapse, e.contacts);
        const to = this.ends(e.synapse)[1];
        if (e.cause === 'growth') {
          return this.say('contact-gained', tMs, `${this.synapse(e.synapse)} grew a new contact (${e.contacts} now): ${this.neuron(to)}, firing below its set point, grew one onto the input that fired with it most.`,
            `${this.link(e.synapse)} grew a new contact: one more light.`, e.synapse, { cause: e.cause });
        }
        const why = e.cause === 'weak-removal' ? 'it is so depressed that a contact shrank away' : `${this.neuron(to)}, firing above its set point, withdrew a contact from the input that did least to make it fire`;
        return this.say('contact-lost', tMs, `${this.synapse(e.synapse)} lost a contact (${e.contacts} left): ${why}.`, `${this.link(e.synapse)} lost a contact: one light fewer.`, e.synapse, { cause: e.cause });
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

  /** Reads the model now (its story view); returns what is worth saying. */
  onSample(view: StoryView): Caption[] {
    const out: Caption[] = [];
    if (this.pendingAge && view.tMs - this.pendingAge.atMs >= AGE_SETTLE_MS) {
      const { age } = this.pendingAge;
      this.pendingAge = null;
      const gain = gainForAge(age);
      // An adult dial reads 1.0×: there is nothing faster to say.
      const plain = gain >= 1.05 ? `Age: ${stageWord(age)}. A young brain changes faster than an adult's.` : `Age: ${stageWord(age)}. Changes now come slower.`;
      out.push(this.say('age', view.tMs, `Age set to ${stageWord(age)}: synapses change ${gain.toFixed(1)}× as much as in an adult.`, plain));
    }
    for (const [id, s] of Object.entries(view.synapses)) {
      if (!s.exists || !(s.reference > 0)) continue;
      const told = this.told.get(id);
      const relative = relativeOf(s);
      // Whole percent first: 0.7 / 0.5 − 1 is 0.3999…, which must count as the 40% step it reads as.
      const step = Math.trunc(Math.round((relative - 1) * 100) / (STEP * 100));
      if (!told) {
        this.told.set(id, { step, atMs: -Infinity, causes: Array.from(s.causes) });
        continue;
      }
      if (step === told.step || view.tMs - told.atMs < QUIET_MS || this.outOfFocus(id, view.tMs)) continue;
      const caption = this.strength(id, view.tMs, s, relative, step > told.step ? 1 : -1, told);
      this.told.set(id, { step, atMs: view.tMs, causes: Array.from(s.causes) });
      if (caption) out.push(caption);
    }
    return out;
  }

  /**
   * A synapse's strength moved by another step (`trend` +1 up, −1 down, since it was last told): says
   * where it is against its reference, which way it is moving, and the mechanism the ledger booked
   * the largest share of that movement to. A movement carried by contacts is told by their own events.
   */
  private strength(id: string, tMs: number, s: StorySynapse, relative: number, trend: number, told: Told): Caption | null {
    const main = mainCause(s.causes, told.causes, trend);
    if (!main || TOLD_BY_EVENTS.has(main.cause)) return null;
    const [from, to] = this.ends(id);
    const at = direction(relative);
    const because = reason(main.cause, trend, this.neuron(from), this.neuron(to));
    const moving = trend > 0 ? 'rising' : 'falling';
    const text = `${this.synapse(id)} is now ${level(relative)}, and ${moving}: ${because.text}.`;
    const plain = plainStrength(this.link(id), at, trend, because.plain);
    const kind: CaptionKind = at === 'stronger' ? 'stronger' : at === 'weaker' ? 'weaker' : 'same';
    return this.say(kind, tMs, text, plain, id, { cause: main.cause, strength: { percent: signedPercent(relative), direction: at, trend: trend > 0 ? 'rising' : 'falling' } });
  }
}

/**
 * What a visitor reads of a change of strength: where the synapse is against the start (the hue says
 * the same), and, when the movement goes the same way, why.
 */
function plainStrength(link: string, at: Direction, trend: number, because: string): string {
  if (at === 'same') return `${link} is back to about where it started.`;
  const agrees = (at === 'stronger') === trend > 0;
  if (agrees) return `${link} got ${at}: ${because}.`;
  return at === 'stronger' ? `${link} is still stronger, but fading back.` : `${link} is still weaker, but recovering.`;
}

/** Why a synapse moved (`trend` +1 up, −1 down) by `cause`, precisely and in plain words. */
function reason(cause: Cause, trend: number, from: string, to: string): { text: string; plain: string } {
  switch (cause) {
    case 'pre-before-post':
      return { text: `${from} fired just before ${to}, again and again (spike-timing-dependent potentiation)`, plain: `${from} fired just before ${to}` };
    case 'triplet':
      return { text: `${to} fired in quick succession while ${from} was firing (at high rates the timing rule potentiates whichever fires first)`, plain: `${to} fired fast while ${from} fired` };
    case 'post-before-pre':
      return { text: `${from} fired just after ${to}, not before (spike-timing-dependent depression)`, plain: `${from} fired just after ${to}` };
    case 'early-decay':
      return trend < 0
        ? { text: 'the part of its change that was not consolidated is fading', plain: 'the change is fading' }
        : { text: 'the part of its depression that was not consolidated is wearing off', plain: 'the weakening wears off' };
    case 'consolidation':
      return { text: 'its change was consolidated into the late phase', plain: 'the change was made lasting' };
    case 'late-decay':
      return { text: 'its consolidated change is slowly fading', plain: 'the lasting change fades' };
    case 'scaling':
      return trend < 0
        ? { text: `${to} has been firing above its set point, so homeostasis scaled down all its inputs (tolerance)`, plain: `${to} fired more than usual` }
        : { text: `${to} has been firing below its set point, so homeostasis scaled up all its inputs`, plain: `${to} fired less than usual` };
    case 'scaling-saturation':
      return { text: `${to}'s homeostatic scaling is easing back toward none`, plain: `${to} is settling back` };
    default:
      return { text: cause, plain: cause };
  }
}
