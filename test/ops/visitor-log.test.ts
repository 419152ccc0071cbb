import * as fs from 'node:fs';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { LogFs } from '../../src/ops/rotating-file.js';
import { VisitorLog } from '../../src/ops/visitor-log.js';

const folder = () => mkdtempSync(join(tmpdir(), 'neuron-kit-log-'));
const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
/** A clock the test moves by hand (local time: the files are named by the museum's day). */
function clock(start = new Date(2026, 10, 29, 9, 0, 0)) {
  let t = start.getTime();
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}

describe('visitor log', () => {
  test('one pino JSON line per event, with only ids, counts and durations', () => {
    const dir = folder();
    const c = clock();
    const log = new VisitorLog({ dir, now: c.now });
    log.logEvent({ kind: 'start', exhibit: 'Neuron Kit', board: 'emulated', firmware: 'NeuronKit', version: '1.1' });
    log.logEvent({ kind: 'session-start' });
    log.logEvent({ kind: 'press', button: 'A' });
    c.advance(1500);
    log.logEvent({ kind: 'session-end', dwellMs: 1500, presses: { A: 1 } });
    log.logEvent({ kind: 'reset' });
    log.logEvent({ kind: 'checkpoint', ok: true, ms: 12 });
    log.logEvent({ kind: 'fault', what: 'web', message: 'x'.repeat(500) });
    log.logEvent({ kind: 'stop', reason: 'signal' });
    log.close();
    expect(readdirSync(dir)).toEqual(['visitors-2026-11-29.jsonl']);
    const got = lines(join(dir, 'visitors-2026-11-29.jsonl'));
    expect(got.map((l) => l.event)).toEqual(['start', 'session-start', 'press', 'session-end', 'reset', 'checkpoint', 'fault', 'stop']);
    expect(got[2]).toEqual({ level: 'info', time: new Date(2026, 10, 29, 9).toISOString(), event: 'press', button: 'A' });
    expect(got[3]).toMatchObject({ event: 'session-end', dwellMs: 1500, presses: { A: 1 } });
    expect(got[6]).toMatchObject({ level: 'warn', what: 'web' });
    expect((got[6]!.message as string).length).toBe(200);
  });

  test('a new file each local day and when one passes its size; a restart continues the day', () => {
    const dir = folder();
    const c = clock(new Date(2026, 10, 29, 23, 59, 59));
    let log = new VisitorLog({ dir, now: c.now, maxBytes: 200 });
    for (let i = 0; i < 4; i++) log.logEvent({ kind: 'press', button: 'A' });
    c.advance(2000);
    log.logEvent({ kind: 'press', button: 'B' });
    log.close();
    expect(readdirSync(dir).sort()).toEqual(['visitors-2026-11-29.1.jsonl', 'visitors-2026-11-29.jsonl', 'visitors-2026-11-30.jsonl']);
    expect(lines(join(dir, 'visitors-2026-11-29.jsonl'))).toHaveLength(3);
    expect(lines(join(dir, 'visitors-2026-11-29.1.jsonl'))).toHaveLength(1);
    log = new VisitorLog({ dir, now: c.now, maxBytes: 200 });
    log.logEvent({ kind: 'press', button: 'C' });
    log.close();
    expect(lines(join(dir, 'visitors-2026-11-30.jsonl')).map((l) => l.button)).toEqual(['B', 'C']);
  });

  test('a line a power cut left half written is ended, so every later line parses', () => {
    const dir = folder();
    writeFileSync(join(dir, 'visitors-2026-11-29.jsonl'), '{"level":"info","event":"press","butt');
    const log = new VisitorLog({ dir, now: clock().now });
    log.logEvent({ kind: 'press', button: 'A' });
    log.close();
    const text = readFileSync(join(dir, 'visitors-2026-11-29.jsonl'), 'utf8').split('\n');
    expect(JSON.parse(text[1]!)).toMatchObject({ event: 'press', button: 'A' });
  });

  test('the oldest files go beyond maxFiles', () => {
    const dir = folder();
    for (const d of ['2026-11-01', '2026-11-02', '2026-11-03']) writeFileSync(join(dir, `visitors-${d}.jsonl`), '');
    writeFileSync(join(dir, 'notes.txt'), 'keep me');
    const log = new VisitorLog({ dir, now: clock().now, maxFiles: 2 });
    log.logEvent({ kind: 'press', button: 'A' });
    log.close();
    expect(readdirSync(dir).sort()).toEqual(['notes.txt', 'visitors-2026-11-03.jsonl', 'visitors-2026-11-29.jsonl']);
  });

  test('a full disk: lines are dropped and counted, nothing throws, and the gap is logged once the disk is back', () => {
    const dir = folder();
    const c = clock();
    let full = false;
    const diskFull = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const failing: LogFs = {
      ...(fs as unknown as LogFs),
      writeSync: (fd, buffer, offset, length) => {
        if (!full) return fs.writeSync(fd, buffer, offset, length);
        // The disk takes part of the line, then refuses the rest.
        if (length > 10) return fs.writeSync(fd, buffer, offset, 10);
        throw diskFull;
      },
    };
    const degraded: string[] = [];
    const log = new VisitorLog({ dir, now: c.now, fs: failing, retryMs: 60_000, onDegraded: (err) => degraded.push(err.code!) });
    log.logEvent({ kind: 'press', button: 'A' });
    full = true;
    for (let i = 0; i < 5; i++) {
      expect(() => log.logEvent({ kind: 'press', button: 'B' })).not.toThrow();
      c.advance(1000);
    }
    expect(degraded).toEqual(['ENOSPC']);
    expect(log.stats()).toMatchObject({ degraded: true, linesWritten: 1, linesDropped: 5 });
    full = false;
    c.advance(60_000);
    log.logEvent({ kind: 'press', button: 'C' });
    log.close();
    expect(log.stats()).toMatchObject({ degraded: false });
    const text = readFileSync(join(dir, 'visitors-2026-11-29.jsonl'), 'utf8').split('\n').filter(Boolean);
    // The torn piece stands on its own line; every whole line parses.
    expect(text).toHaveLength(4);
    const parsed = text.flatMap((l) => { try { return [JSON.parse(l) as Record<string, unknown>]; } catch { return []; } });
    expect(parsed.map((l) => l.button ?? l.what)).toEqual(['A', 'C', 'log']);
    expect(parsed[2]).toMatchObject({ event: 'fault', message: '5 lines lost while the disk refused writes' });
  });
});
