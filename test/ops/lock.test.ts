import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { PortLockedError } from '../../src/ops/errors.js';
import { isNeuronKitRunning, lockFileFor, lockPort } from '../../src/ops/lock.js';

const folder = () => mkdtempSync(join(tmpdir(), 'neuron-kit-lock-'));

describe('serial port lock', () => {
  test('a second run is refused with the first one\'s pid, exhibit and start time', () => {
    const dir = folder();
    const first = lockPort('/dev/ttyACM0', { dir, exhibit: 'Use it or lose it', pid: 111, isRunning: () => true, now: () => new Date('2026-11-29T09:00:00Z') });
    let err: unknown;
    try {
      lockPort('/dev/ttyACM0', { dir, exhibit: 'Other', pid: 222, isRunning: () => true });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PortLockedError);
    expect((err as Error).message).toBe('/dev/ttyACM0 is already used by another neuron-kit run (pid 111, exhibit "Use it or lose it", since 2026-11-29T09:00:00.000Z)');
    expect((err as PortLockedError).hint).toContain(first.file);
    // Another port is free.
    lockPort('/dev/ttyACM1', { dir, exhibit: 'Other', pid: 222, isRunning: () => true }).release();
    first.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  test('a lock left by a run that is gone (crash, power cut) is stale: taken over', () => {
    const dir = folder();
    lockPort('/dev/ttyUSB0', { dir, exhibit: 'A', pid: 111 });
    const second = lockPort('/dev/ttyUSB0', { dir, exhibit: 'B', pid: 222, isRunning: (pid) => pid !== 111 });
    expect(JSON.parse(readFileSync(second.file, 'utf8'))).toMatchObject({ pid: 222, exhibit: 'B', port: '/dev/ttyUSB0' });
    // An unreadable lock (a torn write by some other tool) is stale too.
    writeFileSync(second.file, '{"pi');
    lockPort('/dev/ttyUSB0', { dir, exhibit: 'C', pid: 333, isRunning: () => true });
    expect(readdirSync(dir)).toHaveLength(1);
  });

  test('two names for one port (a by-id symlink and the device) share one lock', () => {
    const dir = folder();
    const dev = join(dir, 'ttyACM0');
    writeFileSync(dev, '');
    symlinkSync(dev, join(dir, 'usb-Arduino_Uno-if00'));
    expect(lockFileFor(dir, join(dir, 'usb-Arduino_Uno-if00'))).toBe(lockFileFor(dir, dev));
  });

  test('release leaves a lock that another run has taken since', () => {
    const dir = folder();
    const mine = lockPort('/dev/ttyACM0', { dir, exhibit: 'A', pid: 111 });
    writeFileSync(mine.file, JSON.stringify({ pid: 999, exhibit: 'B', startedAt: 'x' }));
    mine.release();
    expect(readdirSync(dir)).toHaveLength(1);
  });

  test('a pid reused by another program does not count as a neuron-kit run', () => {
    const other = spawn('sleep', ['30'], { stdio: 'ignore' });
    const kit = spawn('sleep', ['30'], { stdio: 'ignore', argv0: 'neuron-kit' });
    try {
      expect(isNeuronKitRunning(other.pid!)).toBe(false);
      expect(isNeuronKitRunning(kit.pid!)).toBe(true);
      expect(isNeuronKitRunning(2 ** 22 + 1)).toBe(false);
    } finally {
      other.kill();
      kit.kill();
    }
  });
});
