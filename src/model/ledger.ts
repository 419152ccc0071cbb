import type { Synapse } from './synapse.js';

/**
 * Every mechanism the model books a change of a synapse to, as it makes the change. The timing terms
 * are those of the triplet rule (Pfister & Gerstner 2006): `pre-before-post` its pair term A2+·r1 (a
 * postsynaptic spike after presynaptic ones), `triplet` its triplet term A3+·r1·o2 (the same, when the
 * target also fired within the last tens of ms: what makes fast firing potentiate whatever the order),
 * `post-before-pre` its depression term A2−·o1 (a presynaptic spike after postsynaptic ones).
 */
export const CAUSES = [
  'pre-before-post',
  'triplet',
  'post-before-pre',
  /** The early (not consolidated) part of a long-term change fading (Frey & Morris 1997). */
  'early-decay',
  /** The early change captured into the late phase (tag and capture: Clopath et al. 2008). */
  'consolidation',
  /** The late phase fading (over a year). */
  'late-decay',
  /** Homeostatic synaptic scaling of the target's receptors, driven by its activity against its set point (Turrigiano et al. 1998). */
  'scaling',
  /** The same scaling easing back toward none: the leak that bounds it (scaling saturates in the data). */
  'scaling-saturation',
  /** A contact grown by a target below its set point (Butz & van Ooyen 2013). */
  'growth',
  /** A contact withdrawn by a target above its set point, from the input that least led its spikes. */
  'retraction',
  /** A contact of a strongly depressed synapse shrinking away (Zhou, Homma & Poo 2004). */
  'weak-removal',
  /** A new connection grown between cells that fire together, or a lost one grown back. */
  'formation',
  /** Cut by an injury. */
  'cut',
  /** Gone with its neuron (a lesion, or a neuron lost in development). */
  'lost',
] as const;
export type Cause = (typeof CAUSES)[number];

/** The factors of a synapse whose changes are booked: efficacy = contacts × release × receptors. */
export const FACTORS = ['efficacy', 'release', 'receptors', 'contacts', 'early', 'late'] as const;
export type Factor = (typeof FACTORS)[number];

/** Changes of each factor, as booked to one cause. */
export type FactorChanges = Record<Factor, number>;

/** Causes a contact is gained or lost by (a model event names it). */
export type ContactCause = 'growth' | 'retraction' | 'weak-removal';

const NC = CAUSES.length;
const NF = FACTORS.length;
const CAUSE_INDEX = new Map<Cause, number>(CAUSES.map((c, i) => [c, i]));

/** Index of a cause in a ledger row. */
export function causeIndex(cause: Cause): number {
  return CAUSE_INDEX.get(cause)!;
}

/**
 * Where a synapse's factors are read from: the model supplies the target's scaling (it is the
 * neuron's, not the synapse's).
 */
export type ReadFactors = (syn: Synapse, out: Float64Array) => void;

/**
 * The ledger of causes: for each synapse and each cause, the total change of each factor booked to that
 * cause since the network was built. A change is booked as the difference of the factors just before
 * and just after the model made it, so a synapse's entries sum, over causes, to its whole change
 * (to rounding). Readers take differences of two readings for any window they want (since the start of
 * a visit, since the last caption, between two samples). Pure and deterministic; kept in snapshots.
 */
export class Ledger {
  private readonly rows: Float64Array[] = [];
  private readonly before = new Float64Array(NF);
  private readonly after = new Float64Array(NF);

  constructor(private readonly read: ReadFactors) {}

  /** Adds a row for a synapse (index = its place in the network's list). */
  addRow(): void {
    this.rows.push(new Float64Array(NC * NF));
  }

  /** Captures a synapse's factors before a change (then call `close`). */
  open(syn: Synapse): void {
    this.read(syn, this.before);
  }

  /** Books the change since `open` to one cause. */
  close(index: number, syn: Synapse, cause: Cause): void {
    this.read(syn, this.after);
    const row = this.rows[index]!;
    const base = causeIndex(cause) * NF;
    for (let f = 0; f < NF; f++) row[base + f] = row[base + f]! + this.after[f]! - this.before[f]!;
  }

  /** Books the change since `open` to two causes, `share` of it to the first. */
  closeSplit(index: number, syn: Synapse, first: Cause, second: Cause, share: number): void {
    this.read(syn, this.after);
    const row = this.rows[index]!;
    const a = causeIndex(first) * NF;
    const b = causeIndex(second) * NF;
    for (let f = 0; f < NF; f++) {
      const d = this.after[f]! - this.before[f]!;
      const part = d * share;
      row[a + f] = row[a + f]! + part;
      row[b + f] = row[b + f]! + d - part;
    }
  }

  /** Books a change known as two readings (the model changed something the synapse reads, like scaling). */
  bookReadings(index: number, cause: Cause, before: Float64Array, after: Float64Array): void {
    const row = this.rows[index]!;
    const base = causeIndex(cause) * NF;
    for (let f = 0; f < NF; f++) row[base + f] = row[base + f]! + after[f]! - before[f]!;
  }

  /** Books a change known as two readings to two causes, `share` of it to the first. */
  bookSplitReadings(index: number, first: Cause, second: Cause, share: number, before: Float64Array, after: Float64Array): void {
    const row = this.rows[index]!;
    const a = causeIndex(first) * NF;
    const b = causeIndex(second) * NF;
    for (let f = 0; f < NF; f++) {
      const d = after[f]! - before[f]!;
      const part = d * share;
      row[a + f] = row[a + f]! + part;
      row[b + f] = row[b + f]! + d - part;
    }
  }

  /** The change of `factor` booked to each cause so far, in CAUSES order (a copy). */
  totals(index: number, factor: Factor = 'efficacy'): Float64Array {
    const row = this.rows[index]!;
    const f = FACTORS.indexOf(factor);
    const out = new Float64Array(NC);
    for (let c = 0; c < NC; c++) out[c] = row[c * NF + f]!;
    return out;
  }

  /** Every factor's change by cause so far, causes with no change left out. */
  entries(index: number): Partial<Record<Cause, FactorChanges>> {
    const row = this.rows[index]!;
    const out: Partial<Record<Cause, FactorChanges>> = {};
    for (let c = 0; c < NC; c++) {
      let any = false;
      for (let f = 0; f < NF; f++) if (row[c * NF + f] !== 0) any = true;
      if (!any) continue;
      const changes = {} as FactorChanges;
      FACTORS.forEach((name, f) => (changes[name] = row[c * NF + f]!));
      out[CAUSES[c]!] = changes;
    }
    return out;
  }

  /** The whole ledger as plain data (a snapshot keeps it). */
  save(): number[][] {
    return this.rows.map((r) => Array.from(r));
  }

  /** Puts back what `save` gave; rows missing (an older snapshot) start at zero. */
  load(rows: unknown): void {
    if (rows === undefined) return;
    if (!Array.isArray(rows) || rows.length > this.rows.length) throw new RangeError('snapshot ledger: expected a row per synapse');
    rows.forEach((r, i) => {
      if (!Array.isArray(r) || r.length !== NC * NF || r.some((v) => typeof v !== 'number')) throw new RangeError(`snapshot ledger[${i}]: expected ${NC * NF} numbers`);
      this.rows[i]!.set(r as number[]);
    });
  }
}
