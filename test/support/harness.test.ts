/**
 * The harness's own nets, seen to catch what they are for: a child vitest runs planted fixtures
 * (test/support/fixtures/) through the same setup.ts every test file gets, and its JSON report
 * must show each planted test failing with the response check's message and the control passing.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { serverUrl } from './db.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface Report {
  testResults: { assertionResults: { fullName: string; status: string; failureMessages: string[] }[] }[];
}

async function runFixtures(): Promise<{ code: number | null; report: Report; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'cmms-harness-'));
  const outputFile = join(dir, 'report.json');
  try {
    const child = spawn(
      process.execPath,
      ['node_modules/vitest/vitest.mjs', 'run', '--config', 'test/support/fixtures/vitest.config.ts', '--reporter=json', `--outputFile=${outputFile}`],
      {
        cwd: root,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? tmpdir(),
          ...(serverUrl ? { TEST_DATABASE_URL: serverUrl } : { TEST_PGLITE_TEMPLATE: inject('pgliteTemplate') }),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
        // Killed rather than left behind should it hang.
        timeout: 100_000,
      },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    return { code, report: JSON.parse(readFileSync(outputFile, 'utf8')) as Report, output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the response check', () => {
  it('fails every test that received an answer openapi.yaml does not allow, wherever the app was created, and passes the rest', async () => {
    const { code, report, output } = await runFixtures();
    expect(code, output).toBe(1);
    const results = report.testResults.flatMap((f) => f.assertionResults);
    expect(results.map((r) => [r.fullName, r.status])).toEqual([
      ['apps created in a test body control: answers that match openapi.yaml pass', 'passed'],
      ['apps created in a test body planted: an answer that breaks openapi.yaml', 'failed'],
      ['apps created in beforeEach planted: an answer that breaks openapi.yaml', 'failed'],
    ]);
    for (const planted of results.filter((r) => r.status === 'failed')) {
      const message = planted.failureMessages.join('\n');
      expect(message).toContain('responses must match openapi.yaml');
      expect(message).toMatch(/GET \/assets(\/PLANT-1)? → 200: .*nombre must NOT have more than 200 characters/);
    }
  }, 120_000);
});
