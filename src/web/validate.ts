import { MAX_CONTROL_BYTES, type ControlMessage } from './messages.js';

export type ParseResult = { message: ControlMessage } | { rejected: 'oversized' | 'malformed' };

/** Longest token we accept: ours are 22 characters; anything far longer is not worth comparing. */
const MAX_TOKEN_CHARS = 128;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks one message from a page against the control protocol: size first (before parsing, so a
 * huge message costs nothing), then JSON, then exact shape. Unknown fields, unknown targets and
 * out-of-range values are malformed: a page we wrote never sends them.
 */
export function parseControl(data: Buffer | string, targets: ReadonlySet<string>, exhibits: ReadonlySet<string> = new Set()): ParseResult {
  const bytes = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
  if (bytes > MAX_CONTROL_BYTES) return { rejected: 'oversized' };
  let doc: unknown;
  try {
    doc = JSON.parse(typeof data === 'string' ? data : data.toString('utf8'));
  } catch {
    return { rejected: 'malformed' };
  }
  if (!isRecord(doc)) return { rejected: 'malformed' };
  const { type, token } = doc;
  if (token !== undefined && (typeof token !== 'string' || token.length > MAX_TOKEN_CHARS)) return { rejected: 'malformed' };
  const withToken = typeof token === 'string' ? { token } : {};
  const only = (...keys: string[]) => Object.keys(doc as object).every((k) => k === 'type' || k === 'token' || keys.includes(k));
  if (type === 'press' || type === 'release') {
    const { target } = doc;
    if (!only('target') || typeof target !== 'string' || !targets.has(target)) return { rejected: 'malformed' };
    return { message: type === 'press' ? { type, target, ...withToken } : { type, target, ...withToken } };
  }
  if (type === 'age') {
    const { value } = doc;
    if (!only('value') || typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) return { rejected: 'malformed' };
    return { message: { type, value, ...withToken } };
  }
  if (type === 'palette') {
    const { name } = doc;
    if (!only('name') || (name !== 'default' && name !== 'colorblind')) return { rejected: 'malformed' };
    return { message: { type, name, ...withToken } };
  }
  if (type === 'lesson') {
    // A lesson's name, or null to end it: the feed checks it is one offered for this exhibit.
    const { name } = doc;
    if (!only('name') || !(name === null || (typeof name === 'string' && /^[a-z0-9-]{1,64}$/.test(name)))) return { rejected: 'malformed' };
    return { message: { type, name, ...withToken } };
  }
  if (type === 'reset') {
    if (!only()) return { rejected: 'malformed' };
    return { message: { type, ...withToken } };
  }
  if (type === 'switch') {
    // Only an exhibit this server offers: a page cannot name a file.
    const { exhibit } = doc;
    if (!only('exhibit') || typeof exhibit !== 'string' || !exhibits.has(exhibit)) return { rejected: 'malformed' };
    return { message: { type, exhibit, ...withToken } };
  }
  return { rejected: 'malformed' };
}
