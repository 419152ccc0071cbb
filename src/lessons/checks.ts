import { CAUSES, type Cause } from '../model/ledger.js';
import { describe } from '../experiment/duration.js';
import type { Problems } from '../experiment/problems.js';
import { relativeEfficacy, SAME_WITHIN } from '../story/strength.js';
import { mainCause, relativeOf, type StoryView } from '../story/view.js';

/**
 * Something a lesson step says is true of the exhibit, checked on the model's story view (its state
 * against each synapse's reference, story/strength.ts) — never an event, never a time.
 */
export type Check =
  /**
   * Efficacy at least `stronger` % above its reference (or `weaker` % below), its change mostly booked
   * to one of `mostlyBy`. With `since: "action"` (an action's `then` only), against its efficacy just
   * before the action instead: what the action itself did, whatever came before it.
   */
  | { synapse: string; stronger: number; mostlyBy?: Cause[]; since?: Since }
  | { synapse: string; weaker: number; mostlyBy?: Cause[]; since?: Since }
  /** Efficacy within ±`byPercent` % of its reference, or of just before the action (±5%, the legend's "about the same", when not given). */
  | { synapse: string; same: true; byPercent?: number; since?: Since }
  /** Its relative change at least `byPercent` % above another synapse's. */
  | { synapse: string; strongerThan: string; byPercent: number }
  /** More or fewer contacts than at its reference (and still there). */
  | { synapse: string; contacts: 'more' | 'fewer' }
  /** Gone (pruned, cut) or there (formed, grown back). */
  | { synapse: string; gone: true }
  | { synapse: string; present: true }
  /** The neuron was lost. */
  | { neuron: string; lost: true }
  /**
   * One side of the synapse against its reference: its release probability (presynaptic) or its
   * receptors (postsynaptic) per contact `higher` or `lower` by more than ±5%, or the `same` within it.
   */
  | { synapse: string; release: Side }
  | { synapse: string; receptors: Side }
  /**
   * The last action potential at the synapse caused a response at least `byPercent` % larger than the
   * one before (`larger`), or within `byPercent` % of it (`same`): short-term plasticity.
   */
  | { synapse: string; response: 'larger' | 'same'; byPercent: number };

/** What a change is measured from: the synapse's reference (the default), or just before the step's action. */
export type Since = 'action';

export type Side = 'higher' | 'lower' | 'same';
const SIDES: readonly Side[] = ['higher', 'lower', 'same'];

function sideHolds(side: Side, now: number, reference: number): boolean {
  if (!(reference > 0)) return false;
  const change = now / reference - 1;
  return side === 'same' ? Math.abs(change) < SAME_WITHIN : side === 'higher' ? change >= SAME_WITHIN : change <= -SAME_WITHIN;
}

/**
 * Whether `check` holds now; `before` is the view just before the action, for checks `since` it (they
 * do not hold without it).
 */
export function holds(check: Check, view: StoryView, before?: StoryView): boolean {
  if ('neuron' in check) return view.neurons[check.neuron]?.alive === false;
  const s = view.synapses[check.synapse];
  if ('gone' in check) return !s?.exists;
  if (!s?.exists) return false;
  if ('present' in check) return true;
  if ('release' in check) return sideHolds(check.release, s.release, s.referenceRelease);
  if ('receptors' in check) return sideHolds(check.receptors, s.receptors, s.referenceReceptors);
  if ('contacts' in check) return check.contacts === 'more' ? s.contacts > s.referenceContacts : s.contacts < s.referenceContacts;
  if ('response' in check) {
    const r = s.responses;
    if (!r || !(r.previous > 0)) return false;
    const ratio = r.last / r.previous - 1;
    return check.response === 'larger' ? ratio >= check.byPercent / 100 : Math.abs(ratio) <= check.byPercent / 100;
  }
  let relative = relativeOf(s);
  let causesBefore: ArrayLike<number> | null = null;
  if ('since' in check && check.since === 'action') {
    const b = before?.synapses[check.synapse];
    if (!b?.exists) return false;
    relative = relativeEfficacy(s.efficacy, b.efficacy);
    causesBefore = b.causes;
  }
  if ('same' in check) return Math.abs(relative - 1) < (check.byPercent === undefined ? SAME_WITHIN : check.byPercent / 100);
  if ('strongerThan' in check) {
    const other = view.synapses[check.strongerThan];
    const otherRelative = other?.exists ? relativeOf(other) : 0;
    return relative >= otherRelative * (1 + check.byPercent / 100);
  }
  const up = 'stronger' in check;
  const amount = up ? check.stronger : check.weaker;
  if (up ? relative < 1 + amount / 100 : relative > 1 - amount / 100) return false;
  if (!check.mostlyBy) return true;
  const main = mainCause(s.causes, causesBefore, up ? 1 : -1);
  return main !== null && check.mostlyBy.includes(main.cause);
}

/** The causes a `mostlyBy` may name. */
export const CHECK_CAUSES: readonly Cause[] = CAUSES;

/** What a check claims, in the words a notice uses for it (the notice must use none it does not back). */
export type Claim =
  | 'stronger' | 'weaker' | 'gone' | 'present' | 'more-contacts' | 'fewer-contacts' | 'lost' | 'larger-response' | 'same'
  | 'release-higher' | 'release-lower' | 'release-same' | 'receptors-higher' | 'receptors-lower' | 'receptors-same';

/** What each check claims. */
export function claimOf(check: Check): Claim {
  if ('neuron' in check) return 'lost';
  if ('gone' in check) return 'gone';
  if ('present' in check) return 'present';
  if ('contacts' in check) return check.contacts === 'more' ? 'more-contacts' : 'fewer-contacts';
  if ('release' in check) return `release-${check.release}`;
  if ('receptors' in check) return `receptors-${check.receptors}`;
  if ('response' in check) return check.response === 'larger' ? 'larger-response' : 'same';
  if ('same' in check) return 'same';
  if ('strongerThan' in check || 'stronger' in check) return 'stronger';
  return 'weaker';
}

/**
 * The words of a notice that claim something about the exhibit's state, and the claims each may stand
 * for. A notice may say only what its step's checks back: "turns warm" needs a check that the synapse
 * is stronger, "goes dark" one that it is gone or its neuron lost.
 */
export const CLAIM_WORDS: ReadonlyArray<{ words: RegExp; claims: readonly Claim[] }> = [
  { words: /\b(stronger|warm|warmer|brighter)\b/i, claims: ['stronger', 'larger-response', 'more-contacts', 'present'] },
  { words: /\b(weaker|dim|dims|dimmer|cool|cools|cooler|fades?)\b/i, claims: ['weaker', 'fewer-contacts', 'gone', 'lost'] },
  { words: /\b(dark|pruned|gone|removed)\b/i, claims: ['gone', 'lost'] },
  { words: /\b(new connection|grows in|grew in|grows back|grew back)\b/i, claims: ['present'] },
  { words: /\b(loses a light|one light fewer|lost a contact|loses a contact|contacts? (is|are) gone)\b/i, claims: ['fewer-contacts', 'gone'] },
  { words: /\b(another light|new contact|grows a contact|one more light)\b/i, claims: ['more-contacts', 'present'] },
  { words: /\b(same size|about the same|as at the start|back where|hardly changes|hardly changed|comes back)\b/i, claims: ['same'] },
  { words: /\b(releases? more|more transmitter|release (rises|rose|goes up|went up))\b/i, claims: ['release-higher'] },
  { words: /\b(releases? less|less transmitter|release (falls|fell|goes down|went down))\b/i, claims: ['release-lower'] },
  { words: /\brelease (does not|doesn't|did not) change|release stays\b/i, claims: ['release-same'] },
  { words: /\b(more receptors|receptors (rise|rose|go up|went up))\b/i, claims: ['receptors-higher'] },
  { words: /\b(fewer receptors|receptors (fall|fell|go down|went down))\b/i, claims: ['receptors-lower'] },
  { words: /\breceptors (do not|don't|did not) change|receptors stay\b/i, claims: ['receptors-same'] },
];

/** The claim words of `notice` that none of `checks` backs (empty: the notice says nothing unchecked). */
export function unbackedWords(notice: string, checks: readonly Check[]): string[] {
  const claims = new Set(checks.map(claimOf));
  return CLAIM_WORDS.flatMap(({ words, claims: backing }) => {
    const m = notice.match(words);
    return m && !backing.some((c) => claims.has(c)) ? [m[0]] : [];
  });
}

/** What checks may name: the exhibit's synapses (candidates too) and neurons; and whether they follow an action. */
export interface CheckContext {
  synapses: readonly string[];
  neurons: readonly string[];
  /** The checks are an action's `then` (or a claim's, after what its visitor did): `since: "action"` may be used. */
  afterAction?: boolean;
}

function readSince(value: unknown, path: string, ctx: CheckContext, problems: Problems): Since | undefined {
  if (value === undefined) return undefined;
  if (value !== 'action') return void problems.add(path, `must be "action" (measured from just before the action), got ${describe(value)}`);
  if (!ctx.afterAction) return void problems.add(path, 'may only be used in an action\'s "then": a state has no action to measure from');
  return 'action';
}

function readCheck(value: unknown, path: string, ctx: CheckContext, problems: Problems): Check | undefined {
  const o = problems.object(value, path);
  if (!o) return undefined;
  if ('neuron' in o) {
    problems.onlyKeys(o, path, ['neuron', 'lost']);
    const neuron = problems.string(o.neuron, `${path}.neuron`);
    if (neuron !== undefined && !ctx.neurons.includes(neuron)) problems.add(`${path}.neuron`, `"${neuron}" is not a neuron of the exhibit; use one of ${ctx.neurons.join(', ')}`);
    if (o.lost !== true) problems.add(`${path}.lost`, 'must be true (a check that the neuron was lost)');
    return neuron !== undefined ? { neuron, lost: true } : undefined;
  }
  const synapse = problems.string(o.synapse, `${path}.synapse`);
  if (synapse !== undefined && !ctx.synapses.includes(synapse)) problems.add(`${path}.synapse`, `"${synapse}" is not a synapse of the exhibit (nor a candidate); use one of ${ctx.synapses.join(', ')}`);
  const percent = (v: unknown, p: string) => problems.number(v, p, { min: 0, max: 1000, exclusiveMin: true });
  const kinds = ['stronger', 'weaker', 'same', 'strongerThan', 'contacts', 'gone', 'present', 'response', 'release', 'receptors'].filter((k) => k in o);
  if (kinds.length !== 1) {
    problems.add(path, kinds.length ? `has both ${kinds.join(' and ')}; one check per entry` : 'needs one of stronger, weaker, same, strongerThan, contacts, gone, present, response, release, receptors (or neuron with lost)');
    return undefined;
  }
  const kind = kinds[0]!;
  if (synapse === undefined) return undefined;
  if (kind === 'stronger' || kind === 'weaker') {
    problems.onlyKeys(o, path, ['synapse', kind, 'mostlyBy', 'since']);
    const since = readSince(o.since, `${path}.since`, ctx, problems);
    const amount = percent(o[kind], `${path}.${kind}`);
    let mostlyBy: Cause[] | undefined;
    if (o.mostlyBy !== undefined) {
      const list = problems.array(o.mostlyBy, `${path}.mostlyBy`) ?? [];
      mostlyBy = list.filter((c, i): c is Cause => {
        const ok = CHECK_CAUSES.includes(c as Cause);
        if (!ok) problems.add(`${path}.mostlyBy[${i}]`, `unknown cause ${describe(c)}; the causes: ${CHECK_CAUSES.join(', ')}`);
        return ok;
      });
    }
    if (amount === undefined) return undefined;
    const base = kind === 'stronger' ? { synapse, stronger: amount } : { synapse, weaker: amount };
    return { ...base, ...(mostlyBy ? { mostlyBy } : {}), ...(since ? { since } : {}) };
  }
  if (kind === 'strongerThan') {
    problems.onlyKeys(o, path, ['synapse', 'strongerThan', 'byPercent']);
    const other = problems.string(o.strongerThan, `${path}.strongerThan`);
    if (other !== undefined && !ctx.synapses.includes(other)) problems.add(`${path}.strongerThan`, `"${other}" is not a synapse of the exhibit; use one of ${ctx.synapses.join(', ')}`);
    const byPercent = o.byPercent === undefined ? 0 : problems.number(o.byPercent, `${path}.byPercent`, { min: 0, max: 1000 });
    return other !== undefined && byPercent !== undefined ? { synapse, strongerThan: other, byPercent } : undefined;
  }
  if (kind === 'contacts') {
    problems.onlyKeys(o, path, ['synapse', 'contacts']);
    if (o.contacts !== 'more' && o.contacts !== 'fewer') return void problems.add(`${path}.contacts`, `must be "more" or "fewer", got ${describe(o.contacts)}`);
    return { synapse, contacts: o.contacts };
  }
  if (kind === 'release' || kind === 'receptors') {
    problems.onlyKeys(o, path, ['synapse', kind]);
    const side = o[kind];
    if (!SIDES.includes(side as Side)) return void problems.add(`${path}.${kind}`, `must be "higher", "lower" or "same", got ${describe(side)}`);
    return kind === 'release' ? { synapse, release: side as Side } : { synapse, receptors: side as Side };
  }
  if (kind === 'response') {
    problems.onlyKeys(o, path, ['synapse', 'response', 'byPercent']);
    if (o.response !== 'larger' && o.response !== 'same') return void problems.add(`${path}.response`, `must be "larger" or "same", got ${describe(o.response)}`);
    const byPercent = percent(o.byPercent, `${path}.byPercent`);
    return byPercent !== undefined ? { synapse, response: o.response, byPercent } : undefined;
  }
  if (kind === 'same') {
    problems.onlyKeys(o, path, ['synapse', 'same', 'byPercent', 'since']);
    if (o.same !== true) problems.add(`${path}.same`, 'must be true');
    const since = readSince(o.since, `${path}.since`, ctx, problems);
    const byPercent = o.byPercent === undefined ? undefined : percent(o.byPercent, `${path}.byPercent`);
    if (o.byPercent !== undefined && byPercent === undefined) return undefined;
    return { synapse, same: true, ...(byPercent !== undefined ? { byPercent } : {}), ...(since ? { since } : {}) };
  }
  problems.onlyKeys(o, path, ['synapse', kind]);
  if (o[kind] !== true) problems.add(`${path}.${kind}`, 'must be true');
  return kind === 'gone' ? { synapse, gone: true } : { synapse, present: true };
}

export function readChecks(value: unknown, path: string, ctx: CheckContext, problems: Problems): Check[] | undefined {
  const list = problems.array(value, path);
  if (!list) return undefined;
  if (list.length === 0) problems.add(path, 'needs at least one check');
  const checks = list.map((c, i) => readCheck(c, `${path}[${i}]`, ctx, problems));
  return checks.every((c) => c !== undefined) ? (checks as Check[]) : undefined;
}

