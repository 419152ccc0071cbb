import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { formatDuration } from '../../experiment/duration.js';
import { checkRunLimits, DEFAULT_RUN_LIMITS, RESPONSE_BYTES, RUN_LIMIT_FLAGS, type RunLimits } from '../../experiment/limits.js';
import { readProtocol } from '../../experiment/protocol.js';
import { simulation, type SimulationResult } from '../../experiment/simulate.js';
import { EXIT, UsageError } from '../errors.js';
import { readJsonFile } from '../files.js';
import type { Output } from '../output.js';
import { summarise } from '../summary.js';

export interface SimulateOptions {
  json?: boolean;
  seed?: string;
  /** Run limits as typed (see DEFAULT_RUN_LIMITS). */
  maxSteps?: string;
  maxEvents?: string;
  maxSamples?: string;
  maxOutputMb?: string;
  /** Stops the run between slices; what was simulated so far is printed, marked partial. */
  signal?: AbortSignal;
  /** Wall-clock ms the simulation runs before it lets signals in (default 50). */
  sliceMs?: number;
}

/** Runs at least this long (fast-clock steps, 10 min) say that they started and how to stop them. */
const LONG_RUN_STEPS = 600_000;

/** Parses --seed: a whole number. */
export function parseSeed(value: string | undefined): number {
  if (value === undefined) return 1;
  const seed = Number(value);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed must be a whole number, got "${value}"`);
  return seed;
}

/** The run limits: the defaults, raised or lowered by the --max-… flags. */
export function parseRunLimits(options: SimulateOptions): RunLimits {
  const read = (value: string | undefined, key: keyof RunLimits, scale = 1): number => {
    if (value === undefined) return DEFAULT_RUN_LIMITS[key];
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new UsageError(`${RUN_LIMIT_FLAGS[key]} must be a number > 0, got "${value}"`);
    return n * scale;
  };
  return {
    maxSteps: read(options.maxSteps, 'maxSteps'),
    maxEvents: read(options.maxEvents, 'maxEvents'),
    maxSamples: read(options.maxSamples, 'maxSamples'),
    maxOutputBytes: read(options.maxOutputMb, 'maxOutputBytes', 1024 * 1024),
  };
}

/** Why a run ended before `until`. */
export class OutputLimitError extends UsageError {}

/**
 * Runs a protocol in slices of about `sliceMs` of wall time, letting the event loop in between so that
 * a signal can stop it. Returns the full result, or the result so far (`partial`) when stopped.
 */
export async function runInSlices(
  run: Generator<{ responses: number; partial(): SimulationResult }, SimulationResult, void>,
  limits: RunLimits,
  signal: AbortSignal | undefined,
  sliceMs = 50,
): Promise<{ result: SimulationResult; partial: boolean }> {
  for (;;) {
    const sliceEnd = performance.now() + sliceMs;
    for (;;) {
      const next = run.next();
      if (next.done) return { result: next.value, partial: false };
      if (next.value.responses * RESPONSE_BYTES > limits.maxOutputBytes) {
        run.return(undefined as never);
        throw new OutputLimitError(
          `The protocol's responses would write more than ${+(limits.maxOutputBytes / 1024 / 1024).toFixed(2)} MB (${next.value.responses} entries so far).`,
          `Record fewer with "record": { "responses": false } or a list of synapse ids, or raise the limit with ${RUN_LIMIT_FLAGS.maxOutputBytes}.`,
        );
      }
      if (signal?.aborted) return { result: next.value.partial(), partial: true };
      if (performance.now() >= sliceEnd) break;
    }
    await yieldToEventLoop();
    if (signal?.aborted) {
      const next = run.next();
      if (next.done) return { result: next.value, partial: false };
      return { result: next.value.partial(), partial: true };
    }
  }
}

/**
 * `neuron-kit simulate PROTOCOL.json [--json] [--seed N] [--max-…]` (docs/simulate-protocol.md).
 * Returns the exit code: 0, or 130 when a signal stopped the run (the partial result is printed).
 */
export async function simulateCommand(file: string, options: SimulateOptions, out: Output): Promise<number> {
  const seed = parseSeed(options.seed);
  const limits = parseRunLimits(options);
  const protocol = readProtocol(await readJsonFile(file, 'Protocol'));
  const { steps } = checkRunLimits(protocol, limits);
  if (steps >= LONG_RUN_STEPS) out.error(`Simulating ${formatDuration(protocol.untilMs)} of activity… (Ctrl-C stops and prints what has been simulated so far)`);
  const { result, partial } = await runInSlices(simulation(protocol, seed), limits, options.signal, options.sliceMs);
  if (options.json) out.log(JSON.stringify(partial ? { ...result, partial: true } : result));
  else for (const line of summarise(result, protocol.compression)) out.log(line);
  if (!partial) return EXIT.ok;
  out.error(`Stopped at ${result.until} s of ${protocol.untilMs / 1000} s: the result above is partial.`);
  return EXIT.interrupted;
}
