import type { ExhibitSummary } from '../protocol.js';

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
