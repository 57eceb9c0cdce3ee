import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../api/src/demo/seed.ts';
import { ensureAlternateKey } from '../../api/src/dynamics/alternate-keys.ts';
import { createDataverseClient } from '../../api/src/dynamics/index.ts';
import type { JobWorker } from '../../api/src/jobs/worker.ts';
import { startDataverseStandin, type DataverseStandin } from '../../scripts/dataverse-standin/index.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { testWorker, until } from './support.ts';

/** Field Service's msdyn_systemstatus per estado (Draft, Submitted, Canceled, Products Received). */
const SYSTEM_STATUS: Record<string, number> = {
  borrador: 690970000, pendiente: 690970001, aprobada: 690970001, ordenada: 690970001, rechazada: 690970002, cancelada: 690970002, recibida: 690970003,
};
const ACTIVATION_MS = 400;

let standin: DataverseStandin;
let client: ReturnType<typeof createDataverseClient>;
let vendorId: string;
const apps: TestApp[] = [];
const workers: JobWorker[] = [];

async function app(env: Record<string, string>): Promise<TestApp> {
  const t = await createTestApp({
    env: {
      DYNAMICS_URL: standin.url, DYNAMICS_TENANT_ID: standin.tenantId, DYNAMICS_CLIENT_ID: standin.clientId,
      DYNAMICS_CLIENT_SECRET: standin.clientSecret, DYNAMICS_AUTHORITY_HOST: standin.authorityHost, SEED_DEMO_DATA: 'false',
      MAPPING_PRESET: 'field-service', ...env,
    },
    fetch: standin.fetch,
  });
  apps.push(t);
  workers.push(testWorker(t.deps));
  return t;
}

async function sync(t: TestApp, entity: 'assets' | 'purchaseOrders') {
  const start = await t.request.post('/sync/jobs').send({ entity, mode: 'full' });
  expect(start.status).toBe(202);
  return until('the job to end', async () => {
    const res = await t.request.get(`/sync/jobs/${start.body.id}`);
    return res.status === 200 ? (res.body as { status: string; failure?: string; written: number; failed: number }) : undefined;
  });
}

beforeAll(async () => {
  standin = await startDataverseStandin({ keyActivationMs: ACTIVATION_MS });
  client = createDataverseClient({ settings: standin.settings(), fetch: standin.fetch });
  const vendor = await client.request({ method: 'POST', path: 'accounts', body: { name: 'Suministros Eléctricos SA' }, headers: { Prefer: 'return=representation' } });
  vendorId = (JSON.parse(vendor.text) as { accountid: string }).accountid;
});
afterAll(async () => {
  for (const w of workers) await w.stop();
  await standin.close();
});

describe('Field Service preset', () => {
  it('stops a sync until the key exists and is Active, then lands every demo record with vendor and currency', async () => {
    const t = await app({ DYNAMICS_VENDOR_ACCOUNT_ID: vendorId, DYNAMICS_CURRENCY_CODE: 'USD' });
    await seedDemoData(t.db, new Date('2026-06-01T12:00:00Z'));

    const noKey = await sync(t, 'assets');
    expect(noKey.status).toBe('failed');
    expect(noKey.failure).toMatch(/msdyn_customerasset has no alternate key on msdyn_assettag.*npm run dataverse:keys/);

    const created = await ensureAlternateKey(client, 'msdyn_customerasset', 'msdyn_assettag');
    expect(created).toMatchObject({ action: 'created', status: 'Pending' });
    const pending = await sync(t, 'assets');
    expect(pending.status).toBe('failed');
    expect(pending.failure).toMatch(/The alternate key \S+ on msdyn_customerasset\.msdyn_assettag is Pending, not Active/);
    // Running the command again creates nothing more.
    expect(await ensureAlternateKey(client, 'msdyn_customerasset', 'msdyn_assettag')).toMatchObject({ action: 'exists', schemaName: created.schemaName });
    expect(await ensureAlternateKey(client, 'msdyn_purchaseorder', 'msdyn_name')).toMatchObject({ action: 'exists', status: 'Active' });

    await new Promise((r) => setTimeout(r, ACTIVATION_MS));
    expect(await sync(t, 'assets')).toMatchObject({ status: 'succeeded', failed: 0 });
    expect(await sync(t, 'purchaseOrders')).toMatchObject({ status: 'succeeded', failed: 0 });

    const usd = standin.tables.rows('transactioncurrency').find((c) => c.isocurrencycode === 'USD')!;
    const assets = (await t.db.query<{ codigo_interno: string; nombre: string }>('SELECT codigo_interno, nombre FROM assets')).rows;
    expect(standin.tables.rows('msdyn_customerasset')).toHaveLength(assets.length);
    for (const a of assets) expect(standin.tables.find('msdyn_customerasset', 'msdyn_assettag', a.codigo_interno)).toMatchObject({ msdyn_name: a.nombre });
    const orders = (await t.db.query<{ numero_requisicion: string; estado: string; justificacion: string; fecha_creacion: Date }>('SELECT * FROM purchase_orders')).rows;
    expect(standin.tables.rows('msdyn_purchaseorder')).toHaveLength(orders.length);
    for (const p of orders) {
      const row = standin.tables.find('msdyn_purchaseorder', 'msdyn_name', p.numero_requisicion)!;
      expect(row).toMatchObject({
        _msdyn_vendor_value: vendorId,
        _transactioncurrencyid_value: usd.transactioncurrencyid,
        msdyn_systemstatus: SYSTEM_STATUS[p.estado],
        msdyn_vendornote: p.justificacion,
        msdyn_purchaseorderdate: p.fecha_creacion.toISOString().slice(0, 10),
      });
      expect(row.msdyn_totalamount).not.toBeNull();
    }
  }, 120_000);

  it('when the vendor account does not exist, the job fails naming DYNAMICS_VENDOR_ACCOUNT_ID', async () => {
    const t = await app({ DYNAMICS_VENDOR_ACCOUNT_ID: '0badc0de-0000-4000-8000-000000000000', DYNAMICS_CURRENCY_CODE: 'USD' });
    await t.request.post('/purchase-orders').send({ numero_requisicion: 'FS-V-1', justificacion: 'j', total: 1 }).expect(201);
    const done = await sync(t, 'purchaseOrders');
    expect(done.status).toBe('failed');
    expect(done.failure).toMatch(/^DYNAMICS_VENDOR_ACCOUNT_ID: there is no account 0badc0de-0000-4000-8000-000000000000 in Dynamics/);
  }, 60_000);

  it('when Dynamics has no currency with the code, the job fails naming DYNAMICS_CURRENCY_CODE', async () => {
    const t = await app({ DYNAMICS_VENDOR_ACCOUNT_ID: vendorId, DYNAMICS_CURRENCY_CODE: 'GBP' });
    await t.request.post('/purchase-orders').send({ numero_requisicion: 'FS-C-1', justificacion: 'j', total: 1 }).expect(201);
    const done = await sync(t, 'purchaseOrders');
    expect(done.status).toBe('failed');
    expect(done.failure).toMatch(/^DYNAMICS_CURRENCY_CODE: Dynamics has no currency GBP/);
  }, 60_000);
});
