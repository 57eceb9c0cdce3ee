import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JobWorker } from '../../api/src/jobs/worker.ts';
import { startDataverseStandin, type DataverseStandin } from '../../scripts/dataverse-standin/index.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { standinEnv, testWorker, until } from './support.ts';

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
afterEach(async () => {
  await worker?.stop();
  worker = undefined;
});

async function runJob(body: { entity: string; mode: string }) {
  const start = await t.request.post('/sync/jobs').send(body).expect(202);
  worker ??= testWorker(t.deps);
  return until('the job to end', async () => {
    const res = await t.request.get(`/sync/jobs/${start.body.id}`);
    return res.status === 200 ? res.body : undefined;
  });
}

describe("'changes' mode through the change feed", () => {
  it('pushes what changed since the last job as the job:assets consumer, deletes removed records by key, and a second job pushes only newer changes', async () => {
    for (const n of [1, 2, 3]) await t.request.post('/assets').send({ codigo_interno: `CH-${n}`, nombre: `Cambio ${n}`, valor_adquisicion: 1000.5 * n }).expect(201);
    await t.request.patch('/assets/CH-1').send({ nombre: 'Cambio 1 bis' }).expect(200);
    const first = await runJob({ entity: 'assets', mode: 'changes' });
    expect(first).toMatchObject({ status: 'succeeded', total: 3, written: 3, deleted: 0, failed: 0 });
    expect(standin.tables.find('msdyn_customerassets', 'msdyn_assetnumber', 'CH-1')!.msdyn_name).toBe('Cambio 1 bis');
    const consumer = await t.db.query<{ acked_seq: number }>(`SELECT acked_seq FROM sync_consumers WHERE consumer = 'job:assets' AND entity = 'assets'`);
    expect(Number(consumer.rows[0]!.acked_seq)).toBeGreaterThan(0);

    await t.request.delete('/assets/CH-2').expect(204);
    await t.request.patch('/assets/CH-3').send({ valor_adquisicion: 7.0001 }).expect(200);
    const second = await runJob({ entity: 'assets', mode: 'changes' });
    expect(second).toMatchObject({ status: 'succeeded', total: 2, written: 1, deleted: 1, failed: 0 });
    expect(standin.tables.find('msdyn_customerassets', 'msdyn_assetnumber', 'CH-2')).toBeUndefined();
    expect(standin.tables.find('msdyn_customerassets', 'msdyn_assetnumber', 'CH-3')!.msdyn_acquisitioncost).toBe(7.0001);
    const row = await t.request.get('/assets/CH-3').expect(200);
    expect(row.body.dynamics_id).toBe(standin.tables.find('msdyn_customerassets', 'msdyn_assetnumber', 'CH-3')!.msdyn_customerassetid);
    expect(row.body.version).toBe(2);

    const third = await runJob({ entity: 'assets', mode: 'changes' });
    expect(third).toMatchObject({ status: 'succeeded', total: 0, written: 0 });
  });

  it('acknowledges a record Dynamics refuses as a failure of the feed consumer, with the error on the record, counted once per job', async () => {
    // msdyn_name holds 100 characters in Dataverse; the CMMS allows 200.
    await t.request.post('/assets').send({ codigo_interno: 'CH-BAD', nombre: 'n'.repeat(150) }).expect(201);
    await t.request.post('/assets').send({ codigo_interno: 'CH-GOOD', nombre: 'Bien' }).expect(201);
    const job = await runJob({ entity: 'assets', mode: 'changes' });
    expect(job).toMatchObject({ status: 'completed_with_errors', total: 2, written: 1, failed: 1 });
    expect(job.errors[0]).toMatchObject({ key: 'CH-BAD' });
    expect(job.errors[0].message).toContain('msdyn_name');
    const failure = await t.db.query<{ attempts: number; last_error: string }>(
      `SELECT attempts, last_error FROM sync_failures WHERE consumer = 'job:assets' AND record_key = 'CH-BAD'`,
    );
    expect(failure.rows[0]!.attempts).toBe(1);
    const record = await t.request.get('/assets/CH-BAD').expect(200);
    expect(record.body.dynamics_sync_error).toContain('msdyn_name');
    expect(record.body.dynamics_id).toBeNull();

    // The next job retries the failure (the feed re-offers it) and counts it once again, not per page.
    const again = await runJob({ entity: 'assets', mode: 'changes' });
    expect(again).toMatchObject({ status: 'completed_with_errors', total: 1, written: 0, failed: 1 });
  });
});
