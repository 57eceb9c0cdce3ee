import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file opens its own embedded PostgreSQL (~300 MB); two at a time fits the 2-core machine.
    maxWorkers: 2,
    pool: 'forks',
  },
});
