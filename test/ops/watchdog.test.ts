import { describe, expect, test } from 'vitest';
import { startServiceNotifier } from '../../src/ops/watchdog.js';
import { notifyRecorder } from '../helpers/notify.js';

const WAIT = { timeout: 10_000 };

describe('systemd notifier', () => {
  test('not run by systemd: nothing to do', () => {
    expect(startServiceNotifier({ env: {}, alive: () => true })).toBeNull();
  });

  test('READY=1 once running, WATCHDOG=1 every half period while alive, none while not, STOPPING=1 at the end', async () => {
    const rec = notifyRecorder();
    let alive = true;
    let allowed = 0;
    let refused = 0;
    const check = () => {
      if (alive) allowed++;
      else refused++;
      return alive;
    };
    const n = startServiceNotifier({ env: { NOTIFY_SOCKET: '/run/test.sock', WATCHDOG_USEC: '200000' }, alive: check, command: rec.command })!;
    expect(n.watchdogMs).toBe(200);
    n.ready('Neuron Kit on emulated');
    await expect.poll(() => rec.calls().filter((c) => c.includes('WATCHDOG=1')).length, WAIT).toBeGreaterThanOrEqual(2);
    expect(rec.calls()[0]).toBe('/run/test.sock --ready --status=Neuron Kit on emulated');
    alive = false;
    await expect.poll(() => refused, WAIT).toBeGreaterThanOrEqual(3);
    n.stopping();
    const ticks = allowed + refused;
    await expect.poll(() => rec.calls().length, WAIT).toBe(1 + allowed + 1);
    // One ping for each tick that found the exhibit alive, none for the others, and no tick after STOPPING.
    expect(rec.calls().filter((c) => c.endsWith('WATCHDOG=1'))).toHaveLength(allowed);
    expect(rec.calls()).toContain('/run/test.sock STOPPING=1');
    expect(allowed + refused).toBe(ticks);
  });

  test('a watchdog meant for another process (WATCHDOG_PID) is left alone', () => {
    const n = startServiceNotifier({ env: { NOTIFY_SOCKET: '/run/x', WATCHDOG_USEC: '1000000', WATCHDOG_PID: String(process.pid + 1) }, alive: () => true, command: 'true' })!;
    expect(n.watchdogMs).toBeNull();
    n.stopping();
  });

  test('a missing systemd-notify is told once', async () => {
    const errors: string[] = [];
    const n = startServiceNotifier({ env: { NOTIFY_SOCKET: '/run/x' }, alive: () => true, command: '/nonexistent/systemd-notify', onError: (e) => errors.push((e as NodeJS.ErrnoException).code as string) })!;
    n.ready('a');
    n.ready('b');
    await expect.poll(() => errors, WAIT).toEqual(['ENOENT']);
  });
});
