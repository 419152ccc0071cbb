import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['dist/**', 'node_modules/**'],
    testTimeout: 300_000,
    // Booting the twin in a beforeAll can take tens of seconds on a loaded 2-core machine.
    hookTimeout: 120_000,
    // Both cores: suites run on simulated or emulated time, so running two files at once changes no
    // result, only the wall time.
    maxWorkers: 2,
  },
});
