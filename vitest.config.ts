import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['dist/**', 'node_modules/**'],
    testTimeout: 300_000,
    // Booting the twin in a beforeAll can take tens of seconds on a loaded 2-core machine.
    hookTimeout: 120_000,
  },
});
