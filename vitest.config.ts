import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Real git repos and child processes make some tests slower than the default 5 s on a
    // loaded 2-core machine; behaviour is asserted, never wall-clock time.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
