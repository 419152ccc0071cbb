import type { ExhibitSummary } from '../messages.js';

/** A neuron as the kit labels it ("Touch"). */
export function neuronName(exhibit: ExhibitSummary, id: string): string {
  return exhibit.neurons.find((n) => n.id === id)?.label ?? id;
}

/** A synapse as the kit labels it ("Touch → Move"), never by its ids. */
export function synapseName(exhibit: ExhibitSummary, id: string): string {
  const [from = id, to = ''] = id.split('->');
  return `${neuronName(exhibit, from)} → ${neuronName(exhibit, to)}`;
}

/** What a segment shows, in the kit's words: "Move", "Touch → Move axon", "Touch → Move synapse". */
export function segmentName(exhibit: ExhibitSummary, seg: ExhibitSummary['segments'][number]): string {
  if (seg.shows === 'soma') return neuronName(exhibit, seg.of);
  const what = seg.of.includes('->') ? synapseName(exhibit, seg.of) : neuronName(exhibit, seg.of);
  return `${what} ${seg.shows}`;
}

/** What the visitor view says before the exhibit says anything of its own. */
export const DEFAULT_INVITATION = 'Press a button and watch the lights: synapses that are used grow stronger and warmer.';
/** A first sentence of `about` longer than this is not a headline (the exhibit's `invitation` is limited alike). */
export const HEADLINE_CHARS = 90;

/**
 * The visitor view's headline and what it keeps for "more": the exhibit's `invitation` if it has one,
 * else the first sentence of its `about` when that is short enough, else a general invitation. `more`
 * is the rest of `about` (all of it when none of it became the headline), or null.
 */
export function visitorHeadline(exhibit: Pick<ExhibitSummary, 'about' | 'invitation'>): { headline: string; more: string | null } {
  const about = exhibit.about?.trim() || null;
  if (exhibit.invitation) return { headline: exhibit.invitation, more: about };
  if (!about) return { headline: DEFAULT_INVITATION, more: null };
  const end = /[.!?](\s|$)/.exec(about);
  const first = end ? about.slice(0, end.index + 1) : about;
  if ([...first].length > HEADLINE_CHARS) return { headline: DEFAULT_INVITATION, more: about };
  return { headline: first, more: about.slice(first.length).trim() || null };
}
