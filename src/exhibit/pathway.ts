import { DEFAULT_RECEPTORS } from '../model/params.js';
import type { SynapseSpec } from '../model/synapse.js';

/**
 * What an exhibit's synapse is when it does not say. One exhibit neuron stands for a group of cells,
 * and one of its synapses for the pathway between two groups: a visitor's press fires the whole group,
 * a volley. A pathway of 15 unitary connections of 1.3 mV each (Markram, Lübke, Frotscher, Roth &
 * Sakmann 1997: pairs of cortical pyramidal cells) gives 19.5 mV in a volley, past the ~17 mV from rest
 * to threshold, so one press fires the target and a visitor's presses can change the pathway. It is
 * drawn as 3 contacts (lights), each standing for 5 unitary connections.
 *
 * A `simulate` protocol's synapse stays a single unitary connection (one contact, q = DEFAULT_RECEPTORS),
 * as in the slice experiments it is checked against.
 */
export const PATHWAY = {
  contacts: 3,
  unitaryPerContact: 5,
  receptors: 5 * DEFAULT_RECEPTORS,
} as const;

/**
 * An exhibit synapse with the pathway's defaults for what it leaves out. Every exhibit contact stands
 * for PATHWAY.unitaryPerContact unitary connections (weight dependence reads the strength of one).
 */
export function withPathwayDefaults<T extends SynapseSpec>(spec: T): T {
  return { ...spec, contacts: spec.contacts ?? PATHWAY.contacts, receptors: spec.receptors ?? PATHWAY.receptors, unitaryPerContact: PATHWAY.unitaryPerContact };
}
