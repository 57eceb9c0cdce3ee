import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';

describe('StartSyncJob without settings', () => {
  let bare: TestApp;
  let noPoTable: TestApp;
  beforeAll(async () => {
    bare = await createTestApp({ env: { SEED_DEMO_DATA: 'false' } });
    noPoTable = await createTestApp({
      db: bare.db,
      env: {
        DYNAMICS_URL: 'https://contoso.crm.dynamics.com', DYNAMICS_TENANT_ID: 'tenant', DYNAMICS_CLIENT_ID: 'client',
        DYNAMICS_CLIENT_SECRET: 'secret', SEED_DEMO_DATA: 'false', MAPPING_PRESET: 'documented',
      },
    });
  });

  it('when the Dynamics settings are missing, answers 503 NOT_CONFIGURED naming every setting to set, and queues nothing', async () => {
    const res = await bare.request.post('/sync/jobs').send({ entity: 'assets', mode: 'full' });
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('NOT_CONFIGURED');
    for (const name of ['DYNAMICS_URL', 'DYNAMICS_TENANT_ID', 'DYNAMICS_CLIENT_ID', 'DYNAMICS_CLIENT_SECRET']) expect(res.body.detail).toContain(name);
    expect(res.body.missingSettings).toContain('DYNAMICS_URL');
    const jobs = await bare.db.query<{ n: number }>('SELECT count(*)::int AS n FROM sync_jobs');
    expect(jobs.rows[0]!.n).toBe(0);
  });

  it('when the purchase-order table is not configured, answers 503 naming DYNAMICS_PURCHASE_ORDER_TABLE for purchase orders but starts assets', async () => {
    const res = await noPoTable.request.post('/sync/jobs').send({ entity: 'purchaseOrders', mode: 'full' });
    expect(res.status).toBe(503);
    expect(res.body.detail).toContain('DYNAMICS_PURCHASE_ORDER_TABLE');
    await noPoTable.request.post('/sync/jobs').send({ entity: 'assets', mode: 'full' }).expect(202);
  });
});
