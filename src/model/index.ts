export { Network } from './network.js';
export type { NetworkSpec, NeuronSpec, ModelOptions, SynapseState, NeuronReport, ModelEvent, Candidate, NetworkSnapshot } from './network.js';
export { Synapse } from './synapse.js';
export type { SynapseSpec } from './synapse.js';
export { NeuronState } from './neuron.js';
export { Rng } from './rng.js';
export { injuryBoost } from './slow.js';
export { STP_PRESETS, STAGE_GAIN } from './params.js';
export type { StpParams } from './params.js';
