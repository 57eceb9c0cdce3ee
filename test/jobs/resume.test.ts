import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJob } from '../../api/src/jobs/store.ts';
import { startDataverseStandin, type DataverseStandin } from '../../scripts/dataverse-standin/index.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { insertAssets, standinEnv, testWorker, until } from './support.ts';

let standin: DataverseStandin;
let t: TestApp;

beforeAll(async () => {
  standin = await startDataverseStandin();
  t = await createTestApp({ env: standinEnv(standin), fetch: standin.fetch });
});
afterAll(async () => {
  await standin.close();
});

describe('resume from checkpoint', () => {
  it('when a worker dies, its job keeps its lease until it expires, then another worker resumes after the last saved key without resending saved chunks', async () => {
    await insertAssets(t.db, 600);
    const start = await t.request.post('/sync/jobs').send({ entity: 'assets', mode: 'full' }).expect(202);
    let saves = 0;
    const first = testWorker(t.deps, {
      workerId: 'doomed', leaseMs: 800, pageSize: 100,
      onProgress: () => {
        if (++saves === 2) void first.kill();
      },
    });
    await until('the first worker to save two chunks', async () => saves >= 2);
    await first.kill();
    const abandoned = (await getJob(t.db, start.body.id))!;
    expect(abandoned).toMatchObject({ status: 'running', worker_id: 'doomed', checkpoint: 'A-00200', written: 200 });

    const second = testWorker(t.deps, { workerId: 'heir', leaseMs: 800, pageSize: 100 });
    // Within the lease nobody may take the job over.
    await new Promise((r) => setTimeout(r, 300));
    expect((await getJob(t.db, start.body.id))!.worker_id).toBe('doomed');

    const done = await until('the job to end', async () => {
      const res = await t.request.get(`/sync/jobs/${start.body.id}`);
      return res.status === 200 ? res.body : undefined;
    });
    await second.stop();
    expect(done).toMatchObject({ status: 'succeeded', total: 600, written: 600, failed: 0, resumed: true });
    const job = (await getJob(t.db, start.body.id))!;
    expect(job.worker_id).toBe('heir');
    expect(job.claims).toBe(2);
    expect(standin.tables.rows('msdyn_customerassets')).toHaveLength(600);
    // 600 rows sent once each: the resumed run started after A-00200, not from the beginning.
    expect(standin.stats.upsertMultipleTargets).toBe(600);
  });

  it('when a worker is stopped gracefully, it hands the job back at once and the next worker continues without waiting for the lease', async () => {
    await t.db.query('DELETE FROM assets');
    await insertAssets(t.db, 300, 'G-');
    standin.setFaults({ latencyMs: 30 });
    const start = await t.request.post('/sync/jobs').send({ entity: 'assets', mode: 'full' }).expect(202);
    let stopping: Promise<void> | undefined;
    const first = testWorker(t.deps, {
      leaseMs: 60_000, pageSize: 100,
      onProgress: () => {
        stopping ??= first.stop();
      },
    });
    await until('the first worker to stop', async () => stopping !== undefined);
    await stopping;
    const handedBack = (await getJob(t.db, start.body.id))!;
    expect(handedBack.status).toBe('running');
    expect(handedBack.lease_expires_at!.getTime()).toBeLessThanOrEqual(Date.now());

    const began = Date.now();
    const second = testWorker(t.deps, { leaseMs: 60_000, pageSize: 100 });
    const done = await until('the job to end', async () => {
      const res = await t.request.get(`/sync/jobs/${start.body.id}`);
      return res.status === 200 ? res.body : undefined;
    });
    await second.stop();
    expect(Date.now() - began).toBeLessThan(10_000);
    expect(done).toMatchObject({ status: 'succeeded', total: 300, written: 300, resumed: true });
  });
});
