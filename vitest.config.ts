import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// A museum PC runs `npm test` beside the exhibit: nothing a test runs may write into the user's real
// state, logs, checkpoints or service files. Every test process gets a home of its own under the
// temporary folder, and the XDG folders inside it.
const home = mkdtempSync(join(tmpdir(), 'neuron-kit-test-home-'));

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['dist/**', 'node_modules/**'],
    env: {
      HOME: home,
      XDG_STATE_HOME: join(home, '.local', 'state'),
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_DATA_HOME: join(home, '.local', 'share'),
      XDG_CACHE_HOME: join(home, '.cache'),
    },
    testTimeout: 300_000,
    // Booting the twin in a beforeAll can take tens of seconds on a loaded 2-core machine.
    hookTimeout: 120_000,
    // Both cores: suites run on simulated or emulated time, so running two files at once changes no
    // result, only the wall time.
    maxWorkers: 2,
  },
});
