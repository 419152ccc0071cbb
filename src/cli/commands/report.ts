import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { defaultLogDir } from '../../ops/dirs.js';
import { buildReport, parseLine, type LoggedEvent, type VisitorReport } from '../../ops/report.js';
import { reportSvg } from '../../ops/report-svg.js';
import { parseDurationMs } from '../../experiment/duration.js';
import { writeFileAtomic } from '../../state/atomic-write.js';
import { UsageError } from '../errors.js';
import type { Output } from '../output.js';

export interface ReportCommandOptions {
  json?: boolean;
  /** Write a small SVG chart of sessions per hour and day here. */
  svg?: string;
  /** IANA time zone for days and hours (default: this computer's). */
  tz?: string;
  /** Idle gap that ends a session inferred from presses (logs without session events). Default 60s. */
  idle?: string;
  env?: NodeJS.ProcessEnv;
}

/** The log files named: files as given, folders by their .jsonl files (sorted). */
async function logFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const p of paths) {
    let s;
    try {
      s = await stat(p);
    } catch {
      throw new UsageError(`Log not found: ${p}`, 'Give visitor log files or their folder (by default ~/.local/state/neuron-kit/logs).');
    }
    if (s.isDirectory()) files.push(...(await readdir(p)).filter((n) => n.endsWith('.jsonl')).sort().map((n) => join(p, n)));
    else files.push(p);
  }
  return files;
}

async function readEvents(files: readonly string[]): Promise<{ events: LoggedEvent[]; skipped: number }> {
  const events: LoggedEvent[] = [];
  let skipped = 0;
  for (const file of files) {
    const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
    for await (const line of lines) {
      if (!line.trim()) continue;
      const e = parseLine(line);
      if (e) events.push(e);
      else skipped++;
    }
  }
  return { events, skipped };
}

const list = (r: Record<string, number>) => Object.entries(r).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';

/** The report as a plain-text table. */
export function reportTable(r: VisitorReport): string[] {
  const lines = [
    `Visitor log: ${r.events} events${r.from ? `, ${r.from} – ${r.to}` : ''} (${r.timeZone})${r.skippedLines ? `; ${r.skippedLines} unreadable line${r.skippedLines === 1 ? '' : 's'} skipped` : ''}`,
    `Sessions: ${r.sessions.total}${r.sessionsFrom === 'presses' ? ' (inferred from presses: this log has no session events)' : ''}`,
    `  median dwell: ${r.sessions.medianDwellS === null ? '–' : `${r.sessions.medianDwellS} s`}`,
    `  presses per session: median ${r.sessions.medianPresses ?? '–'}, mean ${r.sessions.meanPresses ?? '–'}${Object.keys(r.presses.perSessionByButton).length ? ` (per button: ${list(r.presses.perSessionByButton)})` : ''}`,
    `Presses: ${r.presses.total} (${list(r.presses.perButton)})`,
    `Faults: ${r.faults.total} (${list(r.faults.byPart)}); reconnects: ${r.faults.reconnects}; starts: ${r.faults.starts}${r.faults.uncleanStarts ? ` (${r.faults.uncleanStarts} after a crash or power cut: no stop logged before)` : ''}`,
  ];
  const days = Object.entries(r.sessions.perDay);
  if (days.length) {
    const widest = Math.max(...days.map(([, n]) => n));
    lines.push('', 'day         sessions');
    for (const [day, n] of days) lines.push(`${day}  ${String(n).padStart(8)}  ${'#'.repeat(Math.round((n / widest) * 40))}`);
  }
  if (r.sessions.total) {
    const widest = Math.max(...r.sessions.perHour);
    lines.push('', 'hour  sessions');
    r.sessions.perHour.forEach((n, h) => {
      if (n) lines.push(`${String(h).padStart(2, '0')}:00 ${String(n).padStart(8)}  ${'#'.repeat(Math.round((n / widest) * 40))}`);
    });
  }
  return lines;
}

/** `neuron-kit report [LOGS...]`: sessions per hour and day, dwell, presses, faults from the visitor log. */
export async function reportCommand(paths: string[], opts: ReportCommandOptions, out: Output): Promise<void> {
  if (opts.tz !== undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: opts.tz });
    } catch {
      throw new UsageError(`--tz "${opts.tz}" is not a time zone`, 'Give an IANA name such as Europe/Berlin, America/New_York or UTC.');
    }
  }
  let idleMs: number | undefined;
  if (opts.idle !== undefined) {
    const d = parseDurationMs(opts.idle);
    if ('error' in d || !(d.ms > 0)) throw new UsageError(`--idle ${'error' in d ? d.error : 'must be longer than 0'}`, 'Give a time like 60s or 2min.');
    idleMs = d.ms;
  }
  const files = await logFiles(paths.length ? paths : [defaultLogDir(opts.env)]);
  const { events, skipped } = await readEvents(files);
  const report = buildReport(events, { ...(opts.tz ? { timeZone: opts.tz } : {}), ...(idleMs ? { idleMs } : {}), skippedLines: skipped });
  if (opts.svg !== undefined) {
    await writeFileAtomic(opts.svg, reportSvg(report));
    if (!opts.json) out.error(`Chart: ${opts.svg}`);
  }
  if (opts.json) out.log(JSON.stringify(report));
  else for (const line of reportTable(report)) out.log(line);
}
