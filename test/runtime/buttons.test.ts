import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { readExhibit } from '../../src/exhibit/index.js';
import { runSession } from '../../src/runtime/session.js';

/** A bundled exhibit without background firing, so that every action potential of a button's neuron is a press. */
const load = (name: string) => ({ ...readExhibit(JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'exhibits', `${name}.json`), 'utf8'))), spontaneousHz: 0 });

it('a chattering, then held button is one press and one action potential (debounced on board time)', async () => {
  // Without Touch's hold train, so that a held button is exactly one action potential.
  const loaded = load('use-it-or-lose-it');
  const exhibit = { ...loaded, neurons: loaded.neurons.map(({ holdHz: _hold, ...n }) => n) };
  const pin = exhibit.neurons[0]!.button!;
  const result = await runSession({
    exhibit, board: 'emulated', fast: true, forMs: 2000,
    onStart: ({ twin, kit }) => {
      const t0 = kit.clock.now() + 500;
      // A worn switch: 15 bounces 1 ms apart, then held for a second, then released cleanly.
      for (let k = 0; k < 30; k++) kit.clock.schedule(t0 + k, () => twin!.setInput(pin, k % 2 === 1));
      kit.clock.schedule(t0 + 30, () => twin!.press(pin));
      kit.clock.schedule(t0 + 1030, () => twin!.release(pin));
    },
  });
  expect(result.presses.A).toBe(1);
  expect(result.spikes.A).toBe(1);
});

it('holding a button with holdHz fires a bounded train, not a flood', async () => {
  const exhibit = load('short-and-long-term'); // Touch: holdHz 100
  const result = await runSession({
    exhibit, board: 'emulated', fast: true, forMs: 2000, script: [],
    onStart: ({ twin, kit }) => {
      const t0 = kit.clock.now() + 200;
      kit.clock.schedule(t0, () => twin!.press(2));
      kit.clock.schedule(t0 + 1300, () => twin!.release(2));
    },
  });
  // One action potential at the press, then 100 Hz from 300 ms until the release 1 s later.
  expect(result.presses.A).toBe(1);
  expect(result.spikes.A).toBeGreaterThanOrEqual(100);
  // The release counts once the pin has stayed high for the debounce time (20 ms): up to 2 more.
  expect(result.spikes.A).toBeLessThanOrEqual(104);
});
