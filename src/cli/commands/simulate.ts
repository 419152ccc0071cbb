import { readProtocol } from '../../protocol/protocol.js';
import { simulate } from '../../protocol/simulate.js';
import { UsageError } from '../errors.js';
import { readJsonFile } from '../files.js';
import type { Output } from '../output.js';
import { summarise } from '../summary.js';

export interface SimulateOptions {
  json?: boolean;
  seed?: string;
}

/** Parses --seed: a whole number. */
export function parseSeed(value: string | undefined): number {
  if (value === undefined) return 1;
  const seed = Number(value);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed must be a whole number, got "${value}"`);
  return seed;
}

/** `neuron-kit simulate PROTOCOL.json [--json] [--seed N]` (specs/simulate-protocol.md). */
export async function simulateCommand(file: string, options: SimulateOptions, out: Output): Promise<void> {
  const seed = parseSeed(options.seed);
  const protocol = readProtocol(await readJsonFile(file, 'Protocol'));
  const result = simulate(protocol, seed);
  if (options.json) out.log(JSON.stringify(result));
  else for (const line of summarise(result, protocol.compression)) out.log(line);
}
