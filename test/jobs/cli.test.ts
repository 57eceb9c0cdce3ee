import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../api/src/db/index.ts';
import { migrate } from '../../api/src/db/migrate.ts';
import { startDataverseStandin, type DataverseStandin } from '../../scripts/dataverse-standin/index.ts';
import { insertAssets, standinEnv } from './support.ts';

const root = new URL('../..', import.meta.url).pathname;
let dir: string;
let standin: DataverseStandin;
let env: Record<string, string>;

function cli(args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/sync.ts', ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cmms-sync-cli-'));
  standin = await startDataverseStandin();
  writeFileSync(join(dir, 'standin-ca.pem'), standin.ca);
  const db = await openDb({ dataDir: join(dir, 'data') });
  await migrate(db);
  await insertAssets(db, 120);
  // msdyn_name holds 100 characters in Dataverse; the CMMS allows 200.
  await db.query(`UPDATE assets SET nombre = repeat('n', 150) WHERE codigo_interno = 'A-00007'`);
  await db.close();
  env = { ...standinEnv(standin), DATA_DIR: join(dir, 'data'), NODE_EXTRA_CA_CERTS: join(dir, 'standin-ca.pem') };
}, 60_000);
afterAll(async () => {
  await standin.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run sync', () => {
  it('when the Dynamics settings are missing, exits 2 naming them', async () => {
    const r = await cli(['assets', '--full'], { DATA_DIR: join(dir, 'unused') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('DYNAMICS_URL');
    expect(r.stderr).toContain('DYNAMICS_CLIENT_SECRET');
  });

  it('when the arguments are wrong, exits 2 with the usage', async () => {
    const r = await cli(['pumps'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Usage: npm run sync');
  });

  it('when a record fails, exits 1 with a summary naming it, and plain progress lines when stderr is not a terminal; once fixed, exits 0', async () => {
    const first = await cli(['assets', '--full'], env);
    expect(first.code).toBe(1);
    expect(first.stdout).toMatch(/completed with errors: 119 written, 0 deleted, 1 failed of 120/);
    expect(first.stdout).toContain('A-00007');
    expect(first.stderr).toMatch(/assets full: 100% 120\/120/);
    expect(first.stderr).not.toContain('\r');
    expect(standin.tables.rows('msdyn_customerassets')).toHaveLength(119);

    const db = await openDb({ dataDir: join(dir, 'data') });
    const bad = await db.query<{ dynamics_sync_error: string }>(`SELECT dynamics_sync_error FROM assets WHERE codigo_interno = 'A-00007'`);
    expect(bad.rows[0]!.dynamics_sync_error).toContain('msdyn_name');
    await db.query(`UPDATE assets SET nombre = 'Activo 7' WHERE codigo_interno = 'A-00007'`);
    await db.close();

    const second = await cli(['assets', '--full'], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/succeeded: 120 written, 0 deleted, 0 failed of 120/);
    expect(standin.tables.rows('msdyn_customerassets')).toHaveLength(120);
  }, 60_000);

  it('when the credentials are refused, exits 1 and the output names the setting to fix, never the secret', async () => {
    const r = await cli(['assets', '--full'], { ...env, DYNAMICS_CLIENT_SECRET: 'wrong-secret-value' });
    expect(r.code).toBe(1);
    const out = r.stdout + r.stderr;
    expect(out).toMatch(/failed/);
    expect(out).toContain('DYNAMICS_CLIENT_SECRET');
    expect(out).not.toContain('wrong-secret-value');
    expect(out).not.toContain(standin.clientSecret);
  }, 30_000);

  it('when the same sync is running in another process, exits 3 naming its job', async () => {
    const db = await openDb({ dataDir: join(dir, 'data') });
    await db.query(
      `INSERT INTO sync_jobs (id, entity, mode, status, worker_id, lease_expires_at, heartbeat_at, started_at)
       VALUES ('busy-job', 'assets', 'full', 'running', 'other-host:1', now() + interval '10 minutes', now(), now())`,
    );
    await db.close();
    try {
      const r = await cli(['assets', '--changes'], env);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('busy-job');
    } finally {
      const clean = await openDb({ dataDir: join(dir, 'data') });
      await clean.query(`DELETE FROM sync_jobs WHERE id = 'busy-job'`);
      await clean.close();
    }
  }, 30_000);
});
