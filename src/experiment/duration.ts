/** Milliseconds per unit of a duration string (SPEC simulate-protocol.md "Durations"). */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 };

const PATTERN = /^\s*(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*(ms|s|min|h|d)\s*$/i;

/**
 * Parses a duration: a number means seconds; a string is a number with a unit (ms, s, min, h, d).
 * Returns milliseconds, or an error message saying what was expected.
 */
export function parseDurationMs(value: unknown): { ms: number } | { error: string } {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? { ms: value * 1000 } : { error: 'must be a finite number of seconds' };
  }
  if (typeof value === 'string') {
    const m = PATTERN.exec(value);
    if (m) return { ms: Number(m[1]) * UNIT_MS[m[2]!.toLowerCase()]! };
    return { error: `"${value}" is not a duration: use a number of seconds or a string like "20ms", "1.5s", "10min", "5h", "2d"` };
  }
  return { error: `must be a duration (a number of seconds or a string like "20ms"), got ${describe(value)}` };
}

/** A short description of a JSON value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  // JSON quoting shows control characters and broken Unicode as escapes instead of passing them on.
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  return String(value);
}

/** Formats milliseconds in the largest unit that keeps it readable ("5h", "1.5s", "20ms"). */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['min', 60_000], ['s', 1000]] as const) {
    if (abs >= size) return `${+(ms / size).toFixed(2)}${unit === 'min' ? ' min' : unit}`;
  }
  return `${+ms.toFixed(1)}ms`;
}
