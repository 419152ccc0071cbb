import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { readExhibit } from '../../src/exhibit/index.js';
import { BoardNotFoundError } from '../../src/board/index.js';
import { superviseSession } from '../../src/runtime/supervise.js';

const exhibit = readExhibit(JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'exhibits', 'short-and-long-term.json'), 'utf8')));

it('when the board goes away mid-run, the exhibit reconnects and starts afresh', async () => {
  const reconnects: string[] = [];
  let starts = 0;
  const result = await superviseSession({
    exhibit, board: 'emulated', fast: true, forMs: 1500,
    wait: async () => {},
    onReconnecting: (why) => reconnects.push(why),
    onStart: (s) => {
      starts++;
      // The first time, pull the cable 500 ms in: the transport closes under the running exhibit.
      if (starts === 1) s.kit.clock.schedule(s.kit.clock.now() + 500, () => s.twin!.transport.close());
    },
  });
  expect(starts).toBe(2);
  expect(reconnects).toEqual(['the board disconnected']);
  expect(result.duration).toBeCloseTo(1.5, 3);
  expect(result.link.framesCorrupted).toBe(0);
});

it('a board that cannot be reached at the start is a setup mistake: no retries', async () => {
  await expect(superviseSession({ exhibit, board: '/dev/neuron-kit-no-such-port', forMs: 100, wait: async () => {} })).rejects.toBeInstanceOf(BoardNotFoundError);
});
