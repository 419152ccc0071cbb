import { readProtocol } from '../../src/experiment/protocol.js';
import { simulate, type SimulationResult } from '../../src/experiment/simulate.js';

/** Runs a protocol document through the same path as `neuron-kit simulate` (validate, then simulate). */
export function run(doc: unknown, seed = 1): SimulationResult {
  return simulate(readProtocol(doc), seed);
}

/** A synapse's state in the last sample. */
export function final(result: SimulationResult, synapse: string) {
  const s = result.samples.at(-1)!.synapses[synapse];
  if (!s) throw new Error(`no synapse ${synapse} in the result`);
  return s;
}

/** The response amplitudes of one synapse, in time order. */
export function amplitudes(result: SimulationResult, synapse: string): number[] {
  return result.responses.filter((r) => r.synapse === synapse).map((r) => r.amplitude);
}

/** The state of a synapse in the sample closest to time t (seconds). */
export function at(result: SimulationResult, t: number, synapse: string) {
  let best = result.samples[0]!;
  for (const s of result.samples) if (Math.abs(s.t - t) < Math.abs(best.t - t)) best = s;
  return best.synapses[synapse]!;
}

/** Long-term change of a synapse (early + late) in the last sample. */
export function change(result: SimulationResult, synapse: string): number {
  const s = final(result, synapse);
  return s.early + s.late;
}

/** A two-neuron network A → B with the given synapse fields. */
export function pair(synapse: Record<string, unknown> = {}) {
  return { neurons: [{ id: 'A' }, { id: 'B' }], synapses: [{ from: 'A', to: 'B', ...synapse }] };
}
