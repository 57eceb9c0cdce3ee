/**
 * Once per run, before any test file: the migrated PGlite data folder that createTestDb copies
 * (see pglite-template.ts). On PostgreSQL (TEST_DATABASE_URL) every test database is a schema
 * migrated on the server instead, and nothing is built here. TEST_PGLITE_TEMPLATE names an
 * existing folder to reuse (a vitest run started by a test passes its own).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

export default function setup(project: TestProject): (() => void) | undefined {
  if (process.env.TEST_DATABASE_URL) return undefined;
  const reuse = process.env.TEST_PGLITE_TEMPLATE;
  if (reuse) {
    project.provide('pgliteTemplate', reuse);
    return undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), 'cmms-pglite-template-'));
  const built = spawnSync(process.execPath, ['--liftoff-only', fileURLToPath(new URL('./pglite-template.ts', import.meta.url)), dir], { encoding: 'utf8' });
  if (built.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`building the PGlite template database failed (exit ${built.status}):\n${built.stderr}`);
  }
  project.provide('pgliteTemplate', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
