import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Files that run the real CLI as processes (the compiled build), many at once: the end-to-end
// night, the demo, the fault-injection suite and the daemon as a process.
const E2E = ['test/e2e/**/*.test.ts', 'test/faults/**/*.test.ts', 'test/**/*.e2e.test.ts'];

export default defineConfig({
  test: {
    // Real git repos and child processes make some tests slower than the default 5 s on a
    // loaded 2-core machine; behaviour is asserted, never wall-clock time.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Test files are independent (temp dirs, free ports): use every core.
    maxWorkers: Math.max(2, availableParallelism()),
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: E2E } },
      { extends: true, test: { name: 'e2e', include: E2E, globalSetup: ['test/setup/compile-cli.ts'] } },
    ],
  },
});
