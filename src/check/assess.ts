import type { Exhibit } from '../exhibit/types.js';
import { holds } from '../lessons/checks.js';
import { direction, relativeEfficacy } from '../story/strength.js';
import { mainCause, type StoryView } from '../story/view.js';
import type { Cause } from '../model/ledger.js';
import type { Part } from './plan.js';
import { stripDisagrees, type Look } from './strip.js';
import { compareSegment, type Rgb } from './visibility.js';

/** A look at the whole exhibit during a part: the model's story view, the strips, and which synapses flashed. */
export interface Snapshot {
  view: StoryView;
  /** Per strip, `[r, g, b]` after gamma (null: nothing latched). */
  frames: ReadonlyArray<ReadonlyArray<Rgb> | null>;
  flashing: ReadonlySet<string>;
}

/** What one part of a check recorded. */
export interface PartRecord {
  part: Part;
  start: Snapshot;
  /** When the activity was over, and at the end of the rest. */
  active: Snapshot;
  end: Snapshot;
  /** Per synapse from the part's pressed neuron: its spikes, and how many of them the target followed within 10 ms. */
  firing: Record<string, { pre: number; followed: number }>;
}

/** A synapse's change over a part, on the model and on its segments. */
export interface SynapseFinding {
  synapse: string;
  label: string;
  /** Efficacy at the end of the activity and of the rest, against the part's start (1 = same). */
  activeRelative: number;
  endRelative: number;
  /** The mechanism with the largest share of the change over the part (the ledger), in its direction. */
  cause: Cause | null;
  /** Whether its segment visibly changed (a contact on or off, or ΔE*ab ≥ VISIBLE_DELTA_E) during the activity, or by the end. */
  visibleActive: boolean;
  visibleEnd: boolean;
  /** Whether it exists at the end. */
  exists: boolean;
}

export interface PartFinding {
  kind: Part['kind'];
  subject: string;
  title: string;
  synapses: SynapseFinding[];
  /** Per synapse from the pressed neuron: what fraction of its spikes fired the target. */
  firing: Array<{ synapse: string; label: string; pre: number; followed: number }>;
  /** Whether anything a visitor sees changed (some synapse segment, at either look). */
  visible: boolean;
  /** For a claim: whether each of its checks held, on the model and on the strip, and what disagreed. */
  claim?: Array<{ check: string; model: boolean; strip: string | null }>;
  /** In words, what a visitor would see. */
  summary: string;
}

const label = (exhibit: Exhibit, id: string) => exhibit.neurons.find((n) => n.id === id)?.label ?? id;
const link = (exhibit: Exhibit, id: string) => {
  const [from = id, to = ''] = id.split('->');
  return `${label(exhibit, from)} → ${label(exhibit, to)}`;
};

/** The pixels of every synapse segment of `id` in one look, joined. */
function pixelsOf(exhibit: Exhibit, frames: Snapshot['frames'], id: string): Rgb[] {
  return exhibit.segments.filter((s) => s.shows === 'synapse' && s.of === id).flatMap((s) => Array.from({ length: s.last - s.first + 1 }, (_, k) => frames[s.strip]?.[s.first + k] ?? [0, 0, 0]));
}

function lookAt(exhibit: Exhibit, snap: Snapshot, id: string): Look {
  return { pixels: pixelsOf(exhibit, snap.frames, id), flashing: snap.flashing.has(id) };
}

const percent = (relative: number) => `${relative >= 1 ? '+' : '−'}${Math.abs(Math.round((relative - 1) * 100))}%`;

/** What a part showed, in findings and words. Pure. */
export function assessPart(exhibit: Exhibit, r: PartRecord): PartFinding {
  const ids = exhibit.segments.filter((s) => s.shows === 'synapse').map((s) => s.of).filter((id, i, all) => all.indexOf(id) === i);
  const synapses = ids.map((id): SynapseFinding => {
    const [s0, s1, s2] = [r.start.view.synapses[id], r.active.view.synapses[id], r.end.view.synapses[id]];
    const rel = (s?: StoryView['synapses'][string]) => relativeEfficacy(s?.efficacy ?? 0, s0?.efficacy ?? 0);
    const endRelative = rel(s2);
    const sign = Math.sign(endRelative - 1) || Math.sign(rel(s1) - 1);
    const cause = s0 && s2 && sign !== 0 ? mainCause(s2.causes, s0.causes, sign)?.cause ?? null : null;
    const before = pixelsOf(exhibit, r.start.frames, id);
    return {
      synapse: id, label: link(exhibit, id), activeRelative: rel(s1), endRelative, cause,
      visibleActive: compareSegment(before, pixelsOf(exhibit, r.active.frames, id)).visible,
      visibleEnd: compareSegment(before, pixelsOf(exhibit, r.end.frames, id)).visible,
      exists: s2?.exists ?? false,
    };
  }).filter((f) => r.start.view.synapses[f.synapse]?.exists || f.exists);
  const firing = Object.entries(r.firing).map(([synapse, f]) => ({ synapse, label: link(exhibit, synapse), ...f }));
  const visible = synapses.some((s) => s.visibleActive || s.visibleEnd);
  const finding: PartFinding = { kind: r.part.kind, subject: r.part.subject, title: r.part.title, synapses, firing, visible, summary: '' };
  if (r.part.then) {
    finding.claim = r.part.then.map((check) => {
      const subject = 'neuron' in check ? check.neuron : check.synapse;
      const other = 'strongerThan' in check ? { start: lookAt(exhibit, r.start, check.strongerThan), now: lookAt(exhibit, r.end, check.strongerThan) } : undefined;
      const strip = 'neuron' in check
        ? (somaLit(exhibit, r.end.frames, check.neuron) ? 'its soma is still lit' : null)
        : stripDisagrees(check, lookAt(exhibit, r.start, subject), lookAt(exhibit, r.end, subject), other);
      return { check: JSON.stringify(check), model: holds(check, r.end.view, r.start.view), strip };
    });
  }
  finding.summary = summarise(exhibit, finding);
  return finding;
}

function somaLit(exhibit: Exhibit, frames: Snapshot['frames'], id: string): boolean {
  return exhibit.segments.some((s) => s.shows === 'soma' && s.of === id && Array.from({ length: s.last - s.first + 1 }, (_, k) => frames[s.strip]?.[s.first + k] ?? [0, 0, 0]).some(([a, b, c]) => a + b + c > 0));
}

function summarise(exhibit: Exhibit, f: PartFinding): string {
  if (f.claim) {
    const failed = f.claim.filter((c) => !c.model || c.strip !== null);
    return failed.length === 0 ? `"${f.title}": holds, on the model and on the strip.` : `"${f.title}": does not hold (${failed.map((c) => `${c.check}: ${!c.model ? 'not so on the model' : `the strip disagrees: ${c.strip}`}`).join('; ')}).`;
  }
  const seen = f.synapses.filter((s) => s.visibleActive || s.visibleEnd).map((s) => {
    const rel = s.visibleEnd ? s.endRelative : s.activeRelative;
    const when = s.visibleEnd ? 'and still after a rest' : 'while pressing, gone after a rest';
    if (!s.exists) return `${s.label} is gone`;
    const d = direction(rel);
    return `${s.label} ${d === 'same' ? 'looks different' : `turns visibly ${d}`} (${percent(rel)}${s.cause ? `, mostly ${s.cause}` : ''}, ${when})`;
  });
  const cannot = f.firing.filter((x) => x.pre > 0 && x.followed === 0).map((x) => `${x.label} cannot fire ${x.label.split(' → ')[1]}: none of ${x.pre} action potentials made it fire, so no timing rule can strengthen it`);
  const who = f.kind === 'injury' ? 'Pressing Injury' : f.kind === 'age' ? `With Age at newborn, ${f.title.replace(/^the Age dial at newborn, then /, '')}` : `Pressing ${label(exhibit, f.subject)}`;
  if (seen.length > 0) return `${who}: ${seen.join('; ')}.${cannot.length ? ` ${cannot.join('; ')}.` : ''}`;
  return `${who} changes nothing a visitor can see.${cannot.length ? ` ${cannot.join('; ')}.` : ''}`;
}
