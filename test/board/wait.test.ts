import { describe, expect, it } from 'vitest';
import { BOARD_POLL_MS, StoppedWaitingError, WAITING_REPORT_MS, waitForArduino, waitForPort, type PortInfo } from '../../src/board/index.js';
import { chooseBoard } from '../../src/runtime/session.js';
import { gained, resources } from '../helpers/resources.js';

/** Waiting for a real board, on simulated time: the lister is scripted, sleeping only advances a counter. */

const serialOnly: PortInfo = { path: '/dev/ttyS0', likelyArduino: false };
const uno: PortInfo = { path: '/dev/ttyACM0', vendorId: '2341', productId: '0043', manufacturer: 'Arduino', likelyArduino: true };

/** A lister that sees no Arduino for the first `absentPolls` calls, then a Uno; and a simulated clock. */
function plugInAfter(absentPolls: number) {
  let polls = 0;
  let nowMs = 0;
  return {
    listPorts: async () => (polls++ < absentPolls ? [serialOnly] : [serialOnly, uno]),
    sleep: async (ms: number) => {
      nowMs += ms;
    },
    get polls() {
      return polls;
    },
    get nowMs() {
      return nowMs;
    },
  };
}

describe('waiting for the Arduino', () => {
  it('returns the Arduino once it is plugged in, reporting the wait at once and then every minute', async () => {
    const board = plugInAfter(150);
    const reports: Array<[number, readonly string[]]> = [];
    const path = await waitForArduino({ ...board, onWaiting: (ms, ports) => reports.push([ms, ports]) });
    expect(path).toBe('/dev/ttyACM0');
    expect(board.polls).toBe(151);
    expect(board.nowMs).toBe(150 * BOARD_POLL_MS);
    expect(reports).toEqual([[0, ['/dev/ttyS0']], [WAITING_REPORT_MS, ['/dev/ttyS0']], [2 * WAITING_REPORT_MS, ['/dev/ttyS0']]]);
  });

  it('keeps waiting through a port listing that fails', async () => {
    let calls = 0;
    const listPorts = async () => {
      calls++;
      if (calls === 1) throw new Error('udevadm: device busy');
      return calls < 3 ? [serialOnly] : [uno];
    };
    expect(await waitForArduino({ listPorts, sleep: async () => {} })).toBe('/dev/ttyACM0');
    expect(calls).toBe(3);
  });

  it('says nothing and does not wait when the Arduino is already there', async () => {
    const board = plugInAfter(0);
    const reports: number[] = [];
    expect(await waitForArduino({ ...board, onWaiting: (ms) => reports.push(ms) })).toBe('/dev/ttyACM0');
    expect(reports).toEqual([]);
    expect(board.nowMs).toBe(0);
  });

  it('stops with StoppedWaitingError when aborted (Ctrl-C) during the real sleep, leaving no timer', async () => {
    const stop = new AbortController();
    const before = resources();
    let sleeping = 0;
    const waiting = waitForArduino({
      listPorts: async () => [],
      onWaiting: () => setImmediate(() => ((sleeping = gained(before).Timeout ?? 0), stop.abort())),
      signal: stop.signal,
    });
    await expect(waiting).rejects.toBeInstanceOf(StoppedWaitingError);
    expect(sleeping).toBe(1); // the abort came during the 1 s poll sleep…
    expect(gained(before)).toEqual({}); // …and ended it, its timer cleared
  });

  it('chooseBoard never falls back to the twin while waiting, and still does without', async () => {
    const board = plugInAfter(3);
    expect(await chooseBoard('auto', board)).toBe('/dev/ttyACM0');
    expect(await chooseBoard('emulated', board)).toBeNull();
    expect(await chooseBoard('/dev/ttyUSB7', { ...board, exists: () => true })).toBe('/dev/ttyUSB7');
  });
});

describe('waiting for a given port', () => {
  it('returns the path once it exists (a by-id link appears when the board enumerates), reporting the wait', async () => {
    const board = plugInAfter(0);
    let checks = 0;
    const reports: number[] = [];
    const path = '/dev/serial/by-id/usb-Arduino_Uno-if00';
    const found = await waitForPort(path, { ...board, exists: (p) => p === path && ++checks > 90, onWaiting: (ms) => reports.push(ms) });
    expect(found).toBe(path);
    expect(board.nowMs).toBe(90 * BOARD_POLL_MS);
    expect(reports).toEqual([0, WAITING_REPORT_MS]);
  });

  it('chooseBoard waits for a given path only when told to wait', async () => {
    expect(await chooseBoard('/dev/neuron-kit-not-here')).toBe('/dev/neuron-kit-not-here');
    const stop = new AbortController();
    stop.abort();
    await expect(chooseBoard('/dev/neuron-kit-not-here', { signal: stop.signal })).rejects.toBeInstanceOf(StoppedWaitingError);
  });
});
