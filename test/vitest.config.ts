import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.test.ts'],
    // File-level hooks for every test file: the response check, releasing databases and workers,
    // and the worker memory budget (test/support/setup.ts).
    setupFiles: ['test/support/setup.ts'],
    // The migrated PGlite every test database is copied from, built once per run.
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file runs in a process of its own with its own embedded PostgreSQL; two at a time fits the 2-core machine.
    maxWorkers: 2,
    pool: 'forks',
    // V8 compiles PGlite's WebAssembly twice: at once with its baseline compiler, then again in the
    // background with its optimising one, which briefly takes ~500 MB and two cores in every worker
    // (a test file is over long before it pays off). Baseline code only keeps a worker under 1 GB.
    execArgv: ['--liftoff-only'],
  },
});
