/**
 * The repository stands alone: a copy of its tracked files in an empty temporary folder, with
 * nothing beside it, passes `npm run lint:connector` and `npm run validate` (after `npm run solution`
 * packs the zips validate reads). node_modules is linked in rather than installed again.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
let outer: string;
let copy: string;

/** The environment of a user's shell: no CONNECTOR_SCHEMAS_DIR, nothing pointing back at this checkout. */
function userEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.CONNECTOR_SCHEMAS_DIR;
  for (const key of Object.keys(env)) if (key.startsWith('npm_') || key.startsWith('VITEST')) delete env[key];
  return env;
}

function npmRun(script: string): { code: number | null; output: string } {
  const result = spawnSync('npm', ['run', '--silent', script], { cwd: copy, env: userEnv(), encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, output: `${result.stdout}\n${result.stderr}` };
}

beforeAll(() => {
  outer = mkdtempSync(join(tmpdir(), 'clone-'));
  copy = join(outer, 'repository');
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of tracked) {
    if (!existsSync(join(ROOT, file))) continue; // deleted in the working tree, not yet committed
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    copyFileSync(join(ROOT, file), join(copy, file));
  }
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
});

afterAll(() => rmSync(outer, { recursive: true, force: true }));

describe('a copy of the repository with nothing beside it', () => {
  it('has nothing beside it but itself (no ../shared)', () => {
    expect(readdirSync(outer)).toEqual(['repository']);
  });

  it('passes npm run lint:connector on the rules the repository carries', () => {
    const { code, output } = npmRun('lint:connector');
    expect(output).toMatch(/connector lint: 0 findings/);
    expect(code).toBe(0);
  });

  it('packs with npm run solution and passes npm run validate', () => {
    const pack = npmRun('solution');
    expect(pack.code, pack.output).toBe(0);
    const { code, output } = npmRun('validate');
    expect(output).toMatch(/✓ \d+ package\(s\) valid/);
    expect(code).toBe(0);
  });
});
