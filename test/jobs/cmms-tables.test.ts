import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../api/src/demo/seed.ts';
import type { JobWorker } from '../../api/src/jobs/worker.ts';
import { startDataverseStandin, type DataverseStandin } from '../../scripts/dataverse-standin/index.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { decimalText, insertAssets, testWorker, until } from './support.ts';

/** The seven estados as the shipped table's status reasons (solution/tables, publisher prefix 61354). */
const STATUS_REASON: Record<string, number> = {
  borrador: 613540000, pendiente: 613540001, aprobada: 613540002, rechazada: 613540003, ordenada: 613540004, recibida: 613540005, cancelada: 613540006,
};
/**
 * CMMS field → column of the shipped tables the sync writes, written out here rather than read from
 * the preset. The book value (cmms_bookvalue) is Dynamics' (finance): never written by a push.
 */
const ASSET_COLUMNS: Record<string, string> = {
  codigo_interno: 'cmms_assetnumber', nombre: 'cmms_name', numero_de_serie: 'cmms_serialnumber', valor_adquisicion: 'cmms_acquisitioncost',
  fecha_adquisicion: 'cmms_acquisitiondate', sitio: 'cmms_site', ubicacion: 'cmms_location',
  categoria: 'cmms_category', estado_operativo: 'cmms_operatingstatus', fabricante: 'cmms_manufacturer', modelo: 'cmms_model',
};
const REQUISITION_COLUMNS: Record<string, string> = {
  numero_requisicion: 'cmms_name', justificacion: 'cmms_justification', total: 'cmms_total', moneda: 'cmms_currencycode',
  fecha_creacion: 'overriddencreatedon', sitio: 'cmms_site', solicitante: 'cmms_requester',
};

let standin: DataverseStandin;
let t: TestApp;
let worker: JobWorker;

beforeAll(async () => {
  standin = await startDataverseStandin();
  // The default mapping (MAPPING_PRESET's default, see test/sync/mapping.test.ts) and no table settings.
  t = await createTestApp({
    env: {
      DYNAMICS_URL: standin.url, DYNAMICS_TENANT_ID: standin.tenantId, DYNAMICS_CLIENT_ID: standin.clientId,
      DYNAMICS_CLIENT_SECRET: standin.clientSecret, DYNAMICS_AUTHORITY_HOST: standin.authorityHost, SEED_DEMO_DATA: 'false',
      MAPPING_PRESET: 'cmms-tables',
    },
    fetch: standin.fetch,
  });
  worker = testWorker(t.deps);
});
afterAll(async () => {
  await worker.stop();
  await standin.close();
});

async function fullSync(entity: 'assets' | 'purchaseOrders') {
  const start = await t.request.post('/sync/jobs').send({ entity, mode: 'full' });
  expect(start.status).toBe(202);
  return until('the job to end', async () => {
    const res = await t.request.get(`/sync/jobs/${start.body.id}`);
    return res.status === 200 ? res.body : undefined;
  });
}

const text = (v: unknown) => (v instanceof Date ? v.toISOString() : v === null || v === undefined ? v : String(v));

describe('default mapping: the tables the solution ships', () => {
  it('lands every demo asset and requisition in cmms_assets and cmms_purchaserequisitions, every mapped column filled, status reasons right', async () => {
    await seedDemoData(t.db, new Date('2026-06-01T12:00:00Z'));
    // Keys a URL cannot carry: '/' as the API accepts it today, the other characters as older data holds them.
    const created = await t.request.post('/assets').send({ codigo_interno: 'SE-NORTE/TR-99', nombre: 'Transformador', numero_de_serie: 'S-99', valor_adquisicion: 1.2345, valor_libros: 0.5, fecha_adquisicion: '2020-01-01T00:00:00Z', sitio: 'SE-NORTE', ubicacion: 'Patio', categoria: 'transformador', fabricante: 'ABB', modelo: 'T-1' });
    expect(created.status).toBe(201);
    for (const c of ['#', '<', '>', '*', '%', '&', ':', '\\', '?', '+']) await insertAssets(t.db, 1, `OLD${c}`);
    await t.db.query(`UPDATE assets SET ubicacion = 'Sala', fabricante = 'Siemens', modelo = 'X' WHERE codigo_interno LIKE 'OLD%'`);
    for (const entity of ['assets', 'purchaseOrders'] as const) {
      const done = await fullSync(entity);
      expect(done).toMatchObject({ status: 'succeeded', failed: 0 });
    }
    const assets = (await t.db.query<Record<string, unknown>>('SELECT * FROM assets')).rows;
    const requisitions = (await t.db.query<Record<string, unknown>>('SELECT * FROM purchase_orders')).rows;
    expect(assets.filter((a) => /[/#<>*%&:\\?+]/.test(String(a.codigo_interno)))).toHaveLength(11);
    expect(standin.tables.rows('cmms_asset')).toHaveLength(assets.length);
    expect(standin.tables.rows('cmms_purchaserequisition')).toHaveLength(requisitions.length);

    for (const a of assets) {
      const rows = standin.tables.rows('cmms_asset').filter((r) => r.cmms_assetnumber === a.codigo_interno);
      expect(rows, String(a.codigo_interno)).toHaveLength(1);
      const row = rows[0]!;
      for (const [field, column] of Object.entries(ASSET_COLUMNS)) {
        expect(row[column], `${a.codigo_interno} ${column}`).not.toBeNull();
        if (field.startsWith('valor_')) expect(String(row[column])).toBe(decimalText(String(a[field])));
        else if (field === 'fecha_adquisicion') expect(Date.parse(String(row[column]))).toBe((a[field] as Date).getTime());
        else expect(row[column]).toBe(text(a[field]));
      }
      expect(a.dynamics_id).toBe(row.cmms_assetid);
      expect(row.cmms_bookvalue ?? null).toBeNull();
    }
    for (const p of requisitions) {
      const row = standin.tables.find('cmms_purchaserequisition', 'cmms_name', p.numero_requisicion)!;
      for (const [field, column] of Object.entries(REQUISITION_COLUMNS)) {
        expect(row[column], `${p.numero_requisicion} ${column}`).not.toBeNull();
        if (field === 'total') expect(String(row[column])).toBe(decimalText(String(p[field])));
        else if (field === 'fecha_creacion') expect(Date.parse(String(row[column]))).toBe((p[field] as Date).getTime());
        else expect(row[column]).toBe(text(p[field]));
      }
      expect(row.statuscode).toBe(STATUS_REASON[String(p.estado)]);
    }
    expect(new Set(requisitions.map((p) => p.estado))).toEqual(new Set(Object.keys(STATUS_REASON)));
  }, 120_000);
});
