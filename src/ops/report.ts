import { EVENT_KINDS, type OpsEventKind } from './events.js';

/** One parsed line of the visitor log. */
export interface LoggedEvent {
  atMs: number;
  event: OpsEventKind;
  fields: Record<string, unknown>;
}

/** What `neuron-kit report` prints as JSON (and as a table). */
export interface VisitorReport {
  version: 1;
  timeZone: string;
  /** First and last event, local time of `timeZone` (YYYY-MM-DD HH:MM). */
  from: string | null;
  to: string | null;
  events: number;
  /** Lines that were not events (torn by a power cut, or not the kit's). */
  skippedLines: number;
  /** `log`: from session-start/-end events; `presses`: inferred from gaps between presses (older logs). */
  sessionsFrom: 'log' | 'presses';
  sessions: {
    total: number;
    perDay: Record<string, number>;
    /** Sessions begun in each hour of the day, 0–23, over all days. */
    perHour: number[];
    medianDwellS: number | null;
    medianPresses: number | null;
    meanPresses: number | null;
  };
  presses: { total: number; perButton: Record<string, number>; perSessionByButton: Record<string, number> };
  /** `uncleanStarts`: starts with no stop logged since the one before (a crash, kill -9, a power cut). */
  faults: { total: number; byPart: Record<string, number>; reconnects: number; starts: number; uncleanStarts: number };
}

/** Parses one log line; null for anything that is not a kit event. */
export function parseLine(line: string): LoggedEvent | null {
  let doc: unknown;
  try {
    doc = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof doc !== 'object' || doc === null) return null;
  const { time, event, ...fields } = doc as Record<string, unknown>;
  const atMs = typeof time === 'string' ? Date.parse(time) : typeof time === 'number' ? time : NaN;
  if (!Number.isFinite(atMs) || typeof event !== 'string' || !(EVENT_KINDS as readonly string[]).includes(event)) return null;
  return { atMs, event: event as OpsEventKind, fields };
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Local day (YYYY-MM-DD), hour (0–23) and minute text of a time in a time zone. */
function localParts(atMs: number, fmt: Intl.DateTimeFormat): { day: string; hour: number; text: string } {
  const p = Object.fromEntries(fmt.formatToParts(new Date(atMs)).map((x) => [x.type, x.value]));
  const hour = Number(p.hour) % 24;
  return { day: `${p.year}-${p.month}-${p.day}`, hour, text: `${p.year}-${p.month}-${p.day} ${String(hour).padStart(2, '0')}:${p.minute}` };
}

interface Session {
  startMs: number;
  dwellMs: number;
  presses: Record<string, number>;
}

/** Sessions from the log's own session events: each session-end closes the last session-start. */
function loggedSessions(events: readonly LoggedEvent[]): Session[] {
  const out: Session[] = [];
  let startMs: number | null = null;
  for (const e of events) {
    if (e.event === 'session-start') startMs = e.atMs;
    else if (e.event === 'session-end') {
      const dwellMs = typeof e.fields.dwellMs === 'number' ? e.fields.dwellMs : startMs === null ? 0 : e.atMs - startMs;
      const presses = (typeof e.fields.presses === 'object' && e.fields.presses !== null ? e.fields.presses : {}) as Record<string, number>;
      out.push({ startMs: startMs ?? e.atMs - dwellMs, dwellMs, presses });
      startMs = null;
    }
  }
  return out;
}

/** Sessions inferred from presses (logs written before sessions were logged): a gap of `idleMs` ends one. */
function inferredSessions(events: readonly LoggedEvent[], idleMs: number): Session[] {
  const out: Session[] = [];
  let cur: (Session & { lastMs: number }) | null = null;
  for (const e of events) {
    if (e.event !== 'press') continue;
    const button = String(e.fields.button);
    if (!cur || e.atMs - cur.lastMs > idleMs) {
      if (cur) out.push(cur);
      cur = { startMs: e.atMs, lastMs: e.atMs, dwellMs: 0, presses: {} };
    }
    cur.lastMs = e.atMs;
    cur.dwellMs = e.atMs - cur.startMs;
    cur.presses[button] = (cur.presses[button] ?? 0) + 1;
  }
  if (cur) out.push(cur);
  return out.map(({ startMs, dwellMs, presses }) => ({ startMs, dwellMs, presses }));
}

export interface ReportOptions {
  /** IANA time zone for days and hours. Default: this computer's. */
  timeZone?: string;
  /** For logs without session events: the idle gap that ends an inferred session, ms. Default 60 s. */
  idleMs?: number;
  skippedLines?: number;
}

/** Sums up visitor-log events (any order; they are sorted by time). */
export function buildReport(input: readonly LoggedEvent[], options: ReportOptions = {}): VisitorReport {
  const timeZone = options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const fmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const events = [...input].sort((a, b) => a.atMs - b.atMs);
  const logged = events.some((e) => e.event === 'session-end');
  const sessions = logged ? loggedSessions(events) : inferredSessions(events, options.idleMs ?? 60_000);
  const perDay: Record<string, number> = {};
  const perHour = Array.from({ length: 24 }, () => 0);
  for (const s of sessions) {
    const { day, hour } = localParts(s.startMs, fmt);
    perDay[day] = (perDay[day] ?? 0) + 1;
    perHour[hour]!++;
  }
  const perButton: Record<string, number> = {};
  const byPart: Record<string, number> = {};
  let reconnects = 0;
  let starts = 0;
  let uncleanStarts = 0;
  let running = false;
  for (const e of events) {
    if (e.event === 'press') perButton[String(e.fields.button)] = (perButton[String(e.fields.button)] ?? 0) + 1;
    else if (e.event === 'fault') byPart[String(e.fields.what)] = (byPart[String(e.fields.what)] ?? 0) + 1;
    else if (e.event === 'checkpoint' && e.fields.ok === false) byPart.checkpoint = (byPart.checkpoint ?? 0) + 1;
    else if (e.event === 'reconnect') reconnects++;
    else if (e.event === 'start') {
      starts++;
      if (running) uncleanStarts++;
      running = true;
    } else if (e.event === 'stop') running = false;
  }
  const pressCounts = sessions.map((s) => Object.values(s.presses).reduce((a, b) => a + b, 0));
  const perSessionByButton: Record<string, number> = {};
  for (const s of sessions) for (const [b, n] of Object.entries(s.presses)) perSessionByButton[b] = (perSessionByButton[b] ?? 0) + n;
  for (const b of Object.keys(perSessionByButton)) perSessionByButton[b] = round(perSessionByButton[b]! / sessions.length);
  const dwell = median(sessions.map((s) => s.dwellMs));
  const mp = median(pressCounts);
  return {
    version: 1,
    timeZone,
    from: events.length ? localParts(events[0]!.atMs, fmt).text : null,
    to: events.length ? localParts(events.at(-1)!.atMs, fmt).text : null,
    events: events.length,
    skippedLines: options.skippedLines ?? 0,
    sessionsFrom: logged ? 'log' : 'presses',
    sessions: {
      total: sessions.length,
      perDay: Object.fromEntries(Object.entries(perDay).sort(([a], [b]) => (a < b ? -1 : 1))),
      perHour,
      medianDwellS: dwell === null ? null : round(dwell / 1000),
      medianPresses: mp,
      meanPresses: sessions.length ? round(pressCounts.reduce((a, b) => a + b, 0) / sessions.length) : null,
    },
    presses: { total: Object.values(perButton).reduce((a, b) => a + b, 0), perButton, perSessionByButton },
    faults: { total: Object.values(byPart).reduce((a, b) => a + b, 0), byPart, reconnects, starts, uncleanStarts },
  };
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}
