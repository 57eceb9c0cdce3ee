import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JobWorker } from '../../api/src/jobs/worker.ts';
import { startDataverseStandin, type DataverseStandin } from '../../scripts/dataverse-standin/index.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { insertAssets, insertPurchaseOrders, standinEnv, testWorker, until } from './support.ts';

let standin: DataverseStandin;
let t: TestApp;
let worker: JobWorker | undefined;

beforeAll(async () => {
  standin = await startDataverseStandin();
  t = await createTestApp({ env: standinEnv(standin), fetch: standin.fetch });
});
afterAll(async () => {
  await standin.close();
});
beforeEach(async () => {
  await t.db.query('DELETE FROM sync_jobs');
  await t.db.query('DELETE FROM assets');
  await t.db.query('DELETE FROM purchase_orders');
  standin.tables.clear();
  standin.setFaults({ latencyMs: 0, rate429: 0, rate503: 0, rateDrop: 0 });
});
afterEach(async () => {
  await worker?.stop();
  worker = undefined;
});

async function finished(id: string) {
  return until('the job to end', async () => {
    const res = await t.request.get(`/sync/jobs/${id}`);
    return res.status === 200 ? res : undefined;
  });
}

describe('StartSyncJob and GetSyncJob (asynchronous pattern)', () => {
  it('when a job is started, answers 202 with an absolute Location to GetSyncJob and Retry-After, then GetSyncJob answers 202 until the job ends and 200 with counts and timings', async () => {
    await insertAssets(t.db, 30);
    const start = await t.request.post('/sync/jobs').send({ entity: 'assets', mode: 'full' });
    expect(start.status).toBe(202);
    expect(start.headers.location).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/sync/jobs/${start.body.id}$`));
    expect(Number(start.headers['retry-after'])).toBeGreaterThan(0);
    expect(start.body).toMatchObject({ entity: 'assets', mode: 'full', status: 'queued', written: 0, failed: 0 });

    const path = new URL(start.headers.location!).pathname;
    const polled = await t.request.get(path);
    expect(polled.status).toBe(202);
    expect(polled.headers.location).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+${path}$`));
    expect(Number(polled.headers['retry-after'])).toBeGreaterThan(0);

    worker = testWorker(t.deps);
    const done = await finished(start.body.id);
    expect(done.body).toMatchObject({ status: 'succeeded', total: 30, written: 30, failed: 0, deleted: 0, percentComplete: 100, resumed: false, errors: [] });
    expect(Date.parse(done.body.finishedAt)).toBeGreaterThanOrEqual(Date.parse(done.body.startedAt));
    expect(Date.parse(done.body.startedAt)).toBeGreaterThanOrEqual(Date.parse(done.body.createdAt));
    expect(done.body.durationSeconds).toBeGreaterThanOrEqual(0);
    expect(standin.tables.rows('msdyn_customerassets')).toHaveLength(30);
  });

  it('when GetSyncJob is asked for an unknown id, answers 404 naming jobId', async () => {
    const res = await t.request.get('/sync/jobs/no-such-job');
    expect(res.status).toBe(404);
    expect(res.body.errors[0].field).toBe('/path/jobId');
  });

  it('when entity or mode is missing or unknown, answers 400 naming the field', async () => {
    const res = await t.request.post('/sync/jobs').send({ entity: 'pumps', mode: 'full' });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('/body/entity');
    const noMode = await t.request.post('/sync/jobs').send({ entity: 'assets' });
    expect(noMode.status).toBe(400);
    expect(noMode.body.detail).toContain('mode');
  });
});

describe('one job per entity', () => {
  it('when a job for the entity is already queued, a second start answers 409 naming the running job; another entity may start', async () => {
    const first = await t.request.post('/sync/jobs').send({ entity: 'assets', mode: 'full' }).expect(202);
    const second = await t.request.post('/sync/jobs').send({ entity: 'assets', mode: 'changes' });
    expect(second.status).toBe(409);
    expect(second.body.runningJobId).toBe(first.body.id);
    expect(second.body.detail).toContain(first.body.id);
    expect(new URL(second.body.runningJobUrl).pathname).toBe(new URL(first.headers.location!).pathname);
    await t.request.post('/sync/jobs').send({ entity: 'purchaseOrders', mode: 'full' }).expect(202);
  });

  it('when the earlier job has ended, a new one may start', async () => {
    await insertAssets(t.db, 3);
    const first = await t.request.post('/sync/jobs').send({ entity: 'assets', mode: 'full' }).expect(202);
    worker = testWorker(t.deps);
    await finished(first.body.id);
    await t.request.post('/sync/jobs').send({ entity: 'assets', mode: 'full' }).expect(202);
  });
});

describe('CancelSyncJob', () => {
  it('when the job is still queued, cancels it at once and GetSyncJob answers 200 cancelled', async () => {
    const start = await t.request.post('/sync/jobs').send({ entity: 'assets', mode: 'full' }).expect(202);
    const cancel = await t.request.post(`/sync/jobs/${start.body.id}/cancel`);
    expect(cancel.status).toBe(200);
    expect(cancel.body).toMatchObject({ status: 'cancelled', cancelRequested: true });
    const get = await t.request.get(`/sync/jobs/${start.body.id}`);
    expect(get.status).toBe(200);
    expect(get.body.status).toBe('cancelled');
  });

  it('when the job is running, it stops at the next chunk boundary with the written chunks counted', async () => {
    await insertAssets(t.db, 600);
    standin.setFaults({ latencyMs: 100 });
    const start = await t.request.post('/sync/jobs').send({ entity: 'assets', mode: 'full' }).expect(202);
    let cancelled: Promise<{ status: number }> | undefined;
    worker = testWorker(t.deps, {
      pageSize: 50,
      onProgress: (job) => {
        if (!cancelled && job.written > 0) {
          // supertest sends on then(): start it now, check it below.
          cancelled = t.request.post(`/sync/jobs/${job.id}/cancel`).then((r) => r);
        }
      },
    });
    const done = await finished(start.body.id);
    expect((await cancelled)?.status).toBe(200);
    expect(done.body.status).toBe('cancelled');
    expect(done.body.written % 50).toBe(0);
    expect(done.body.written).toBeGreaterThan(0);
    expect(done.body.written).toBeLessThan(600);
    expect(standin.tables.rows('msdyn_customerassets').length).toBe(done.body.written);
  });

  it('when the job has already succeeded, answers 409', async () => {
    await insertAssets(t.db, 2);
    const start = await t.request.post('/sync/jobs').send({ entity: 'assets', mode: 'full' }).expect(202);
    worker = testWorker(t.deps);
    await finished(start.body.id);
    const res = await t.request.post(`/sync/jobs/${start.body.id}/cancel`);
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain('succeeded');
  });
});

describe('ListSyncJobs', () => {
  it('lists jobs newest first, filtered by entity', async () => {
    await t.request.post('/sync/jobs').send({ entity: 'assets', mode: 'full' }).expect(202);
    await t.request.post('/sync/jobs').send({ entity: 'purchaseOrders', mode: 'full' }).expect(202);
    const all = await t.request.get('/sync/jobs').expect(200);
    expect(all.body.value.map((j: { entity: string }) => j.entity)).toEqual(['purchaseOrders', 'assets']);
    const some = await t.request.get('/sync/jobs?entity=assets').expect(200);
    expect(some.body.value).toHaveLength(1);
  });
});

describe('failed rows', () => {
  it('when Dynamics refuses a record, the job completes with errors, the record carries the error and the others their Dynamics id, without a new version or change-log entry', async () => {
    await insertAssets(t.db, 5);
    // msdyn_name holds 100 characters in Dataverse; the CMMS allows 200.
    await t.db.query(`UPDATE assets SET nombre = repeat('x', 150) WHERE codigo_interno = 'A-00003'`);
    const logBefore = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM change_log');
    const start = await t.request.post('/sync/jobs').send({ entity: 'assets', mode: 'full' }).expect(202);
    worker = testWorker(t.deps);
    const done = await finished(start.body.id);
    expect(done.body).toMatchObject({ status: 'completed_with_errors', total: 5, written: 4, failed: 1 });
    expect(done.body.errors).toHaveLength(1);
    expect(done.body.errors[0].key).toBe('A-00003');
    expect(done.body.errors[0].message).toContain('msdyn_name');

    const rows = (await t.db.query<{ codigo_interno: string; version: number; dynamics_id: string | null; dynamics_synced_at: Date | null; dynamics_sync_error: string | null }>(
      'SELECT codigo_interno, version, dynamics_id, dynamics_synced_at, dynamics_sync_error FROM assets ORDER BY codigo_interno',
    )).rows;
    const bad = rows.find((r) => r.codigo_interno === 'A-00003')!;
    expect(bad.dynamics_sync_error).toContain('msdyn_name');
    expect(bad.dynamics_id).toBeNull();
    for (const r of rows.filter((x) => x.codigo_interno !== 'A-00003')) {
      const inDynamics = standin.tables.find('msdyn_customerassets', 'msdyn_assetnumber', r.codigo_interno)!;
      expect(r.dynamics_id).toBe(inDynamics.msdyn_customerassetid);
      expect(r.dynamics_synced_at).toBeInstanceOf(Date);
      expect(r.dynamics_sync_error).toBeNull();
    }
    expect(rows.every((r) => r.version === 1)).toBe(true);
    const logAfter = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM change_log');
    expect(logAfter.rows[0]!.n).toBe(logBefore.rows[0]!.n);
  });

  it('when the credentials are refused, the job fails as a whole with a hint naming the settings', async () => {
    await insertPurchaseOrders(t.db, 3);
    standin.setApplicationUser(false);
    try {
      const start = await t.request.post('/sync/jobs').send({ entity: 'purchaseOrders', mode: 'full' }).expect(202);
      worker = testWorker(t.deps);
      const done = await finished(start.body.id);
      expect(done.body.status).toBe('failed');
      expect(done.body.failure).toContain('application user');
    } finally {
      standin.setApplicationUser(true);
    }
  });
});
