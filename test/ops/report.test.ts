import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildReport, parseLine } from '../../src/ops/report.js';
import { cli, scratch } from '../helpers/cli.js';

const logs = join(import.meta.dirname, 'fixtures', 'logs');

describe('neuron-kit report', () => {
  test('--json on two days of fixture logs: sessions per day and hour, median dwell, presses per session and button, faults', async () => {
    const { code, stdout, stderr } = await cli('report', logs, '--json', '--tz', 'UTC');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const r = JSON.parse(stdout);
    expect(r).toMatchObject({
      version: 1, timeZone: 'UTC', from: '2026-11-28 08:59', to: '2026-11-29 12:00', events: 28, skippedLines: 2, sessionsFrom: 'log',
      sessions: { total: 4, perDay: { '2026-11-28': 3, '2026-11-29': 1 }, medianDwellS: 35, medianPresses: 2.5, meanPresses: 3 },
      presses: { total: 12, perButton: { A: 6, B: 5, injury: 1 }, perSessionByButton: { A: 1.5, B: 1.3, injury: 0.3 } },
      faults: { total: 3, byPart: { web: 1, checkpoint: 1, log: 1 }, reconnects: 1, starts: 3, uncleanStarts: 1 },
    });
    expect(r.sessions.perHour[9]).toBe(3);
    expect(r.sessions.perHour[14]).toBe(1);
    expect(r.sessions.perHour.reduce((a: number, b: number) => a + b, 0)).toBe(4);
  });

  test('the table, in the museum\'s time zone (Berlin is UTC+1 in November)', async () => {
    const { code, stdout } = await cli('report', join(logs, 'visitors-2026-11-28.jsonl'), join(logs, 'visitors-2026-11-29.jsonl'), '--tz', 'Europe/Berlin');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('Visitor log: 28 events, 2026-11-28 09:59 – 2026-11-29 13:00 (Europe/Berlin); 2 unreadable lines skipped');
    expect(lines).toContain('Sessions: 4');
    expect(lines).toContain('  median dwell: 35 s');
    expect(lines).toContain('  presses per session: median 2.5, mean 3 (per button: A 1.5, B 1.3, injury 0.3)');
    expect(lines).toContain('Presses: 12 (A 6, B 5, injury 1)');
    expect(lines).toContain('Faults: 3 (web 1, checkpoint 1, log 1); reconnects: 1; starts: 3 (1 after a crash or power cut: no stop logged before)');
    expect(lines).toContain(`2026-11-28         3  ${'#'.repeat(40)}`);
    expect(lines).toContain(`10:00        3  ${'#'.repeat(40)}`);
    expect(lines).toContain(`15:00        1  ${'#'.repeat(13)}`);
  });

  test('--svg writes a small chart with a bar per hour and per day', async () => {
    const out = join(scratch('neuron-kit-report-').dir, 'sessions.svg');
    const { code, stderr } = await cli('report', logs, '--svg', out, '--tz', 'UTC');
    expect(code).toBe(0);
    expect(stderr).toBe(`Chart: ${out}\n`);
    const svg = readFileSync(out, 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg.match(/<rect x=/g)).toHaveLength(24 + 2);
    expect(svg).toContain('<title>09: 3</title>');
    expect(svg).toContain('<title>2026-11-28: 3</title>');
    expect(svg).toContain('4 sessions, 2026-11-28 08:59 – 2026-11-29 12:00 (UTC); median dwell 35 s');
  });

  test('a log without session events: sessions are inferred from gaps between presses', () => {
    const at = (s: number, button: string) => parseLine(JSON.stringify({ level: 'info', time: new Date(Date.UTC(2026, 10, 29, 9) + s * 1000).toISOString(), event: 'press', button }))!;
    const r = buildReport([at(0, 'A'), at(10, 'B'), at(50, 'A'), at(200, 'A'), at(205, 'A'), at(1000, 'B')], { timeZone: 'UTC', idleMs: 60_000 });
    expect(r.sessionsFrom).toBe('presses');
    expect(r.sessions).toMatchObject({ total: 3, medianDwellS: 5, medianPresses: 2 });
    expect(r.presses.perSessionByButton).toEqual({ A: 1.3, B: 0.7 });
  });

  test('mistakes exit 2 and say why', async () => {
    expect(await cli('report', '/nope/logs')).toMatchObject({ code: 2, stderr: expect.stringContaining('Log not found: /nope/logs') });
    expect(await cli('report', logs, '--tz', 'Mars/Olympus')).toMatchObject({ code: 2, stderr: expect.stringContaining('--tz "Mars/Olympus" is not a time zone') });
  });
});
