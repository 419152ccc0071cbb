import type { Exhibit } from '../exhibit/index.js';
import { terminalText } from '../safe-text.js';

/**
 * Names in the terminal as on the kit and its pages: a visitor knows "Touch", a script or an exhibit
 * file says "A", so a neuron is "Touch (A)" and a synapse "Touch → Move". An id the exhibit does not
 * label (another kit's neuron, "kit-2/C") is shown as it is.
 */
export function neuronLabel(exhibit: Pick<Exhibit, 'neurons'>, id: string): string {
  if (id === 'injury') return 'Injury';
  const label = exhibit.neurons.find((n) => n.id === id)?.label;
  return label === undefined || label === id ? terminalText(id) : `${terminalText(label)} (${terminalText(id)})`;
}

/** A synapse id ("A->C") as the kit labels it: "Touch → Move". */
export function synapseLabel(exhibit: Pick<Exhibit, 'neurons'>, id: string): string {
  const [from = id, to = ''] = id.split('->');
  const name = (n: string) => terminalText(exhibit.neurons.find((x) => x.id === n)?.label ?? n);
  return `${name(from)} → ${name(to)}`;
}
