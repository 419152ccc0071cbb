import { describe, parseDurationMs } from './duration.js';

/** One problem in a JSON document: where it is (a JSON path like `events[3].hz`) and what is wrong. */
export interface Problem {
  path: string;
  message: string;
}

/** Thrown when a document is invalid; lists every problem found. */
export class InvalidDocumentError extends Error {
  constructor(
    readonly what: string,
    readonly problems: Problem[],
  ) {
    super(`${what} is invalid:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
    this.name = 'InvalidDocumentError';
  }
}

/** Collects problems while reading a JSON document, so that all of them are reported at once. */
export class Problems {
  readonly list: Problem[] = [];

  add(path: string, message: string): void {
    this.list.push({ path, message });
  }

  /** Throws an InvalidDocumentError naming `what` if any problem was found. */
  throwIfAny(what: string): void {
    if (this.list.length > 0) throw new InvalidDocumentError(what, this.list);
  }

  /** Records that a value is missing or of the wrong kind, saying what was expected. */
  private wrong(path: string, value: unknown, expected: string): undefined {
    this.add(path, value === undefined ? `is missing; expected ${expected}` : `must be ${expected}, got ${describe(value)}`);
    return undefined;
  }

  object(value: unknown, path: string): Record<string, unknown> | undefined {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    return this.wrong(path, value, 'an object');
  }

  array(value: unknown, path: string): unknown[] | undefined {
    if (Array.isArray(value)) return value;
    return this.wrong(path, value, 'an array');
  }

  string(value: unknown, path: string): string | undefined {
    if (typeof value === 'string' && value.length > 0) return value;
    return this.wrong(path, value, 'a non-empty string');
  }

  /** A finite number within [min, max] (and > min when `exclusiveMin`). */
  number(value: unknown, path: string, range: { min?: number; max?: number; exclusiveMin?: boolean; integer?: boolean } = {}): number | undefined {
    if (typeof value !== 'number' || !Number.isFinite(value)) return this.wrong(path, value, 'a number');
    const { min, max, exclusiveMin, integer } = range;
    if (integer && !Number.isInteger(value)) this.add(path, `must be a whole number, got ${value}`);
    else if (min !== undefined && (exclusiveMin ? value <= min : value < min)) this.add(path, `must be ${exclusiveMin ? '>' : '≥'} ${min}, got ${value}`);
    else if (max !== undefined && value > max) this.add(path, `must be ≤ ${max}, got ${value}`);
    else return value;
    return undefined;
  }

  /** A duration in ms (see parseDurationMs), optionally required to be > 0 or ≥ 0. */
  duration(value: unknown, path: string, sign: 'positive' | 'nonNegative' | 'any' = 'any'): number | undefined {
    if (value === undefined) return this.wrong(path, value, 'a duration (a number of seconds or a string like "20ms", "5h")');
    const r = parseDurationMs(value);
    if ('error' in r) return void this.add(path, r.error);
    if (sign === 'positive' && !(r.ms > 0)) return void this.add(path, `must be longer than 0, got ${describe(value)}`);
    if (sign === 'nonNegative' && r.ms < 0) return void this.add(path, `must not be negative, got ${describe(value)}`);
    return r.ms;
  }

  /** Flags keys of `obj` that are not in `known` (catches typos like "hzz"). */
  onlyKeys(obj: Record<string, unknown>, path: string, known: readonly string[]): void {
    for (const key of Object.keys(obj)) {
      if (!known.includes(key)) this.add(path ? `${path}.${key}` : key, `unknown field; expected one of ${known.join(', ')}`);
    }
  }
}
