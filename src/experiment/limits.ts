import { InvalidDocumentError, type Problem } from './problems.js';

/**
 * Limits on the shape of a JSON document the kit reads (an exhibit or a protocol), checked before
 * anything else reads it: deep nesting would overflow the stack of whatever walks it later (20,000
 * levels of `[[[…]]]` parse fine but break JSON.stringify), and huge strings or lists would make
 * every error message and every frame slow. Real exhibits and protocols nest 5 levels deep and hold a
 * few hundred values.
 */
export const DOCUMENT_LIMITS = {
  /** Deepest nesting of objects and arrays (a protocol's `network.synapses[0].stp` is 4 levels). */
  maxDepth: 32,
  /** Most values (objects, arrays, strings, numbers …) in one document. */
  maxValues: 1_000_000,
  /** Longest string, in UTF-16 code units (labels and sentences are far shorter). */
  maxStringChars: 2_000,
  /** Largest file the kit reads as a document, bytes. */
  maxFileBytes: 8 * 1024 * 1024,
} as const;

/**
 * Checks a parsed document against DOCUMENT_LIMITS without recursion (so it cannot overflow the stack
 * itself) and throws an InvalidDocumentError naming the first place that breaks a limit.
 */
export function checkDocumentLimits(doc: unknown, what: string): void {
  const problems: Problem[] = [];
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: doc, path: '', depth: 0 }];
  let values = 0;
  while (stack.length > 0 && problems.length === 0) {
    const { value, path, depth } = stack.pop()!;
    values++;
    if (values > DOCUMENT_LIMITS.maxValues) {
      problems.push({ path: path || '(document)', message: `the document holds more than ${DOCUMENT_LIMITS.maxValues} values; an exhibit or protocol needs far fewer` });
      break;
    }
    if (typeof value === 'string' && value.length > DOCUMENT_LIMITS.maxStringChars) {
      problems.push({ path: path || '(document)', message: `a text of ${value.length} characters is too long; at most ${DOCUMENT_LIMITS.maxStringChars}` });
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= DOCUMENT_LIMITS.maxDepth) {
      problems.push({ path: path || '(document)', message: `nested more than ${DOCUMENT_LIMITS.maxDepth} levels deep; an exhibit or protocol needs at most 5` });
      break;
    }
    if (Array.isArray(value)) value.forEach((v, i) => stack.push({ value: v, path: `${path}[${i}]`, depth: depth + 1 }));
    else for (const [k, v] of Object.entries(value)) stack.push({ value: v, path: path ? `${path}.${k}` : k, depth: depth + 1 });
  }
  if (problems.length > 0) throw new InvalidDocumentError(what, problems);
}

/**
 * How much one `simulate` run may do. A protocol is data from anyone: `count: 1e9` would need gigabytes
 * before the first step, `until: "1000000d"` would run for years, `record.every: "1ms"` over hours
 * would fill the heap. Each limit can be raised on the command line (the flag is named in the message).
 */
export interface RunLimits {
  /** Fast-clock steps of 1 ms (`until`). Default 1e9 (11.6 days; minutes of wall time for a small network). */
  maxSteps: number;
  /** Scheduled actions: every spike of every train and pair, every start and end of a silence or drive. */
  maxEvents: number;
  /** Samples recorded (`until` ÷ `record.every`, plus the first and last). */
  maxSamples: number;
  /** Bytes of the result document (samples estimated before the run, responses counted during it). */
  maxOutputBytes: number;
}

export const DEFAULT_RUN_LIMITS: Readonly<RunLimits> = {
  maxSteps: 1e9,
  maxEvents: 1e6,
  maxSamples: 100_000,
  maxOutputBytes: 200 * 1024 * 1024,
};

/** The command-line flag that raises each limit. */
export const RUN_LIMIT_FLAGS: Readonly<Record<keyof RunLimits, string>> = {
  maxSteps: '--max-steps',
  maxEvents: '--max-events',
  maxSamples: '--max-samples',
  maxOutputBytes: '--max-output-mb',
};

/** Bytes of one `responses` entry in the JSON result, about (`{"t":12.345,"synapse":"A->B","amplitude":0.1234}`). */
export const RESPONSE_BYTES = 70;
/** Bytes of one synapse and of one neuron in a sample, about. */
const SAMPLE_SYNAPSE_BYTES = 170;
const SAMPLE_NEURON_BYTES = 45;

/** What a protocol will ask of a run, counted before it starts. */
export interface RunSize {
  steps: number;
  events: number;
  samples: number;
  sampleBytes: number;
}

/** Counts a validated protocol's steps, scheduled actions, samples and sample bytes (no simulation). */
export function runSize(protocol: {
  untilMs: number;
  everyMs: number | null;
  events: ReadonlyArray<object>;
  network: { neurons: readonly unknown[]; synapses: readonly unknown[]; candidates?: readonly unknown[] };
}): RunSize {
  const steps = Math.round(protocol.untilMs);
  let events = 0;
  for (const e of protocol.events) {
    // A train or pair schedules `count` spikes (a pair two each); anything with a duration a start and an end.
    if ('count' in e && typeof e.count === 'number') events += e.count * ('pair' in e ? 2 : 1);
    else events += 'forMs' in e ? 2 : 1;
  }
  const samples = protocol.everyMs === null ? 2 : Math.floor(protocol.untilMs / protocol.everyMs) + 2;
  const synapses = protocol.network.synapses.length + (protocol.network.candidates?.length ?? 0);
  const sampleBytes = samples * (60 + synapses * SAMPLE_SYNAPSE_BYTES + protocol.network.neurons.length * SAMPLE_NEURON_BYTES);
  return { steps, events, samples, sampleBytes };
}

/**
 * Refuses a protocol that would break a run limit, naming the limit, what the protocol asks and the
 * flag that raises it. Throws an InvalidDocumentError (exit code 2 on the command line).
 */
export function checkRunLimits(protocol: Parameters<typeof runSize>[0], limits: Readonly<RunLimits> = DEFAULT_RUN_LIMITS): RunSize {
  const size = runSize(protocol);
  const problems: Problem[] = [];
  const over = (path: string, asked: string, key: keyof RunLimits, limit: string) =>
    problems.push({ path, message: `${asked}, over the limit of ${limit}; shorten the protocol, or raise the limit with ${RUN_LIMIT_FLAGS[key]}` });
  if (size.steps > limits.maxSteps) over('until', `runs ${size.steps.toExponential(2)} steps of 1 ms`, 'maxSteps', `${limits.maxSteps.toExponential(2)} steps`);
  if (size.events > limits.maxEvents) over('events', `schedules ${size.events.toExponential(2)} spikes and changes`, 'maxEvents', `${limits.maxEvents.toExponential(2)}`);
  if (size.samples > limits.maxSamples) over('record.every', `records ${size.samples.toExponential(2)} samples`, 'maxSamples', `${limits.maxSamples.toExponential(2)} samples`);
  else if (size.sampleBytes > limits.maxOutputBytes) {
    over('record.every', `would write about ${Math.ceil(size.sampleBytes / 1e6)} MB of samples`, 'maxOutputBytes', `${Math.round(limits.maxOutputBytes / 1024 / 1024)} MB`);
  }
  if (problems.length > 0) throw new InvalidDocumentError('The protocol', problems);
  return size;
}
