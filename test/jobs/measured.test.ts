/**
 * The measured run of issue 6: 10 000 assets (full mode) and 2 000 purchase orders (changes mode,
 * through the feed) into the stand-in with 20 % injected transient faults, while the workers are
 * killed mid-chunk twice; a third worker on the same database finishes from the checkpoints.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobRow } from '../../api/src/jobs/store.ts';
import type { JobWorker } from '../../api/src/jobs/worker.ts';
import { loadMapping, statusToDynamics } from '../../api/src/sync/mapping.ts';
import { startDataverseStandin, type DataverseStandin } from '../../scripts/dataverse-standin/index.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { decimalText, insertAssets, insertPurchaseOrders, logExistingAsChanges, standinEnv, testWorker, until } from './support.ts';

const ASSETS = 10_000;
const ORDERS = 2_000;

let standin: DataverseStandin;
let t: TestApp;

beforeAll(async () => {
  standin = await startDataverseStandin({
    faults: { latencyMs: 2, rate429: 0.07, retryAfterSeconds: 1, rate503: 0.07, rateDrop: 0.06, seed: 7 },
  });
  t = await createTestApp({ env: standinEnv(standin), fetch: standin.fetch });
  await insertAssets(t.db, ASSETS);
  await insertPurchaseOrders(t.db, ORDERS);
  await logExistingAsChanges(t.db, 'purchaseOrders');
}, 60_000);
afterAll(async () => {
  await standin.close();
});

describe('measured: sync with 20 % transient faults and killed workers', () => {
  it('lands every CMMS record exactly once with the mapped values, and the jobs report honest counts', async () => {
    const started = Date.now();
    const assetsJob = await t.request.post('/sync/jobs').send({ entity: 'assets', mode: 'full' }).expect(202);
    const ordersJob = await t.request.post('/sync/jobs').send({ entity: 'purchaseOrders', mode: 'changes' }).expect(202);

    // Each of the first two workers is killed a few milliseconds into the chunk after its second
    // saved one: that chunk reaches Dynamics but its checkpoint is never written.
    const kills: string[] = [];
    const workers: JobWorker[] = [];
    for (let i = 0; i < 2; i++) {
      let saves = 0;
      let killing: Promise<void> | undefined;
      const w: JobWorker = testWorker(t.deps, {
        workerId: `worker-${i}`,
        leaseMs: 1_000,
        pageSize: 500,
        onProgress: (job: JobRow) => {
          if (++saves === 2 && !killing) {
            kills.push(`${job.entity}@${job.written}`);
            killing = new Promise((resolve) => setTimeout(resolve, 5)).then(() => w.kill());
          }
        },
      });
      workers.push(w);
      await until(`worker ${i} to be killed`, async () => killing !== undefined, 30_000);
      await killing;
    }
    expect(kills).toHaveLength(2);

    const last = testWorker(t.deps, { workerId: 'worker-last', leaseMs: 1_000, pageSize: 500 });
    const ended = async (id: string) => until(`job ${id} to end`, async () => {
      const res = await t.request.get(`/sync/jobs/${id}`);
      return res.status === 200 ? res.body : undefined;
    }, 50_000);
    const assets = await ended(assetsJob.body.id);
    const orders = await ended(ordersJob.body.id);
    await last.stop();
    const seconds = (Date.now() - started) / 1000;

    expect(assets).toMatchObject({ status: 'succeeded', total: ASSETS, written: ASSETS, failed: 0, deleted: 0 });
    expect(orders).toMatchObject({ status: 'succeeded', total: ORDERS, written: ORDERS, failed: 0, deleted: 0 });
    expect(assets.resumed || orders.resumed).toBe(true);

    // Exactly one row per record, with the mapped values.
    const dynAssets = standin.tables.rows('msdyn_customerassets');
    expect(dynAssets).toHaveLength(ASSETS);
    const byNumber = new Map(dynAssets.map((r) => [String(r.msdyn_assetnumber), r]));
    expect(byNumber.size).toBe(ASSETS);
    const cmmsAssets = (await t.db.query<Record<string, unknown>>('SELECT * FROM assets ORDER BY codigo_interno')).rows;
    for (const a of cmmsAssets) {
      const d = byNumber.get(String(a.codigo_interno));
      expect(d, String(a.codigo_interno)).toBeDefined();
      expect(d!.msdyn_name).toBe(a.nombre);
      expect(d!.msdyn_serialid).toBe(a.numero_de_serie);
      expect(String(d!.msdyn_acquisitioncost)).toBe(decimalText(String(a.valor_adquisicion)));
      // The book value is Dynamics' own column: a push never writes it.
      expect(d).not.toHaveProperty('msdyn_currentbookvalue');
      expect(d!.msdyn_acquisitiondate).toBe((a.fecha_adquisicion as Date).toISOString());
      expect(a.dynamics_id).toBe(d!.msdyn_customerassetid);
      expect(a.dynamics_sync_error).toBeNull();
    }

    const mapping = loadMapping(t.config);
    const dynOrders = standin.tables.rows('cr123_purchaseorders');
    expect(dynOrders).toHaveLength(ORDERS);
    const byName = new Map(dynOrders.map((r) => [String(r.name), r]));
    expect(byName.size).toBe(ORDERS);
    const cmmsOrders = (await t.db.query<Record<string, unknown>>('SELECT * FROM purchase_orders')).rows;
    for (const o of cmmsOrders) {
      const d = byName.get(String(o.numero_requisicion))!;
      expect(d.description).toBe(o.justificacion);
      expect(String(d.totalamount)).toBe(decimalText(String(o.total)));
      expect(d.statuscode).toBe(statusToDynamics(mapping, String(o.estado)));
      expect(d.overriddencreatedon).toBe((o.fecha_creacion as Date).toISOString());
      expect(o.dynamics_id).toBe(d.cr123_purchaseorderid);
    }

    // Rows were sent more than once (lost answers, the killed workers' unsaved chunks), yet each is one row.
    expect(standin.stats.upsertMultipleTargets + standin.stats.batchOperations).toBeGreaterThan(ASSETS + ORDERS);
    expect(standin.stats.faults['429']).toBeGreaterThan(0);
    expect(standin.stats.faults['503']).toBeGreaterThan(0);
    expect(standin.stats.faults.drop).toBeGreaterThan(0);
    console.info(`measured: ${ASSETS + ORDERS} records in ${seconds.toFixed(1)} s, kills at ${kills.join(', ')}, ` +
      `${standin.stats.requests} stand-in requests, faults ${JSON.stringify(standin.stats.faults)}`);
  }, 90_000);
});
