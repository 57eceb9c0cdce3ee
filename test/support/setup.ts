/**
 * Runs before every test file (vitest `setupFiles`), so its hooks sit at file level where vitest
 * honours them. After each test: what the test opened is released and every response it received
 * must have matched openapi.yaml. After the file: what the file opened is released, and the
 * worker must have stayed within its memory budget (the suite runs two workers on a shared
 * machine; a database left open per test once took one file to 3 GB).
 *
 * Hooks run in reverse order of registration ('stack'), so the test file's own after-hooks run
 * before these: a file stops its workers and servers before its databases close.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeEach, expect } from 'vitest';
import { fileEnded, takeViolations, testEnded, testStarted } from './lifecycle.ts';

export const WORKER_PEAK_LIMIT_MB = 1024;

/** The peak resident set of this process so far (VmHWM), in MiB. */
export function peakRssMb(): number {
  const kb = Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]);
  return Math.round(kb / 1024);
}

function assertNoViolations(found: string[], rule: string): void {
  if (found.length) throw new Error(`${rule}:\n${found.map((v) => `  ${v}`).join('\n')}`);
}

beforeEach(() => {
  testStarted();
});

afterEach(async () => {
  const found = takeViolations();
  try {
    assertNoViolations(found, 'responses must match openapi.yaml');
  } finally {
    await testEnded();
  }
});

// Vitest parses the first parameter for fixtures, so it must be a destructuring pattern.
// eslint-disable-next-line no-empty-pattern
afterAll(async ({}, suite) => {
  const found = takeViolations();
  await fileEnded();
  const peak = peakRssMb();
  // TEST_MEMORY_LOG=path collects one line per test file: how the figures in the report are measured.
  const log = process.env.TEST_MEMORY_LOG;
  const file = 'filepath' in suite ? suite.filepath : suite.name;
  if (log) appendFileSync(log, `${process.pid}\t${peak}\t${file}\n`);
  assertNoViolations(found, 'responses received in file-level hooks must match openapi.yaml');
  expect(peak, `the worker running ${file} peaked at ${peak} MiB`).toBeLessThanOrEqual(WORKER_PEAK_LIMIT_MB);
});
