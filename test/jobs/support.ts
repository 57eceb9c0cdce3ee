/** Helpers for the sync-job tests: the stand-in as settings, bulk CMMS data, a worker with test seams. */
import type { Db } from '../../api/src/db/index.ts';
import { startJobWorker, type JobWorker, type JobWorkerOptions, type WorkerDeps } from '../../api/src/jobs/worker.ts';
import type { DataverseStandin } from '../../scripts/dataverse-standin/index.ts';

/** The environment that points the API at a stand-in with the documented mapping, purchase orders in its custom table. */
export function standinEnv(standin: DataverseStandin, extra: Record<string, string> = {}): Record<string, string> {
  return {
    MAPPING_PRESET: 'documented',
    DYNAMICS_URL: standin.url,
    DYNAMICS_TENANT_ID: standin.tenantId,
    DYNAMICS_CLIENT_ID: standin.clientId,
    DYNAMICS_CLIENT_SECRET: standin.clientSecret,
    DYNAMICS_AUTHORITY_HOST: standin.authorityHost,
    DYNAMICS_PURCHASE_ORDER_TABLE: 'cr123_purchaseorder',
    DYNAMICS_PURCHASE_ORDER_ENTITY_SET: 'cr123_purchaseorders',
    SEED_DEMO_DATA: 'false',
    ...extra,
  };
}

/** Retry waits shrunk 100-fold: a 1 s Retry-After becomes 10 ms, so fault-heavy runs stay quick. */
export const quickSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.ceil(ms / 100)));

export function testWorker(deps: WorkerDeps, options: JobWorkerOptions = {}): JobWorker {
  return startJobWorker(deps, { leaseMs: 2_000, pollMs: 50, clientOptions: { sleep: quickSleep }, ...options });
}

export const ESTADOS = ['borrador', 'pendiente', 'aprobada', 'rechazada', 'ordenada', 'recibida', 'cancelada'] as const;

/**
 * Inserts assets A-00001… in one statement with varied exact decimals and dates. Written straight
 * to the table (no change log) because full-mode jobs read the table, and 10 000 API calls would
 * dominate the test's time.
 */
export async function insertAssets(db: Db, count: number, prefix = 'A-'): Promise<void> {
  await db.query(
    `INSERT INTO assets (codigo_interno, nombre, numero_de_serie, valor_adquisicion, valor_libros, fecha_adquisicion, sitio, categoria)
     SELECT $1 || lpad(i::text, 5, '0'), 'Activo ' || i, 'SN' || i,
            (i::bigint * 1234567 % 99999999)::numeric / 10000 + 100000000, (i % 1000)::numeric + 0.0001 * (i % 10000),
            timestamptz '2015-01-01 00:00:00+00' + (i || ' hours')::interval, 'S' || (i % 7), 'transformador'
     FROM generate_series(1, $2::int) AS i`,
    [prefix, count],
  );
}

export async function insertPurchaseOrders(db: Db, count: number, prefix = 'PO-'): Promise<void> {
  await db.query(
    `INSERT INTO purchase_orders (numero_requisicion, justificacion, total, estado, fecha_creacion)
     SELECT $1 || lpad(i::text, 5, '0'), 'Compra ' || i, (i * 7919 % 1000000)::numeric / 100 + 0.0001 * (i % 7),
            (ARRAY['borrador','pendiente','aprobada','rechazada','ordenada','recibida','cancelada'])[1 + i % 7],
            timestamptz '2024-01-01 00:00:00+00' + (i || ' minutes')::interval
     FROM generate_series(1, $2::int) AS i`,
    [prefix, count],
  );
}

/** Appends one upsert per existing record to the change log, as the API's writes would have. */
export async function logExistingAsChanges(db: Db, entity: 'assets' | 'purchaseOrders'): Promise<void> {
  const [table, key] = entity === 'assets' ? ['assets', 'codigo_interno'] : ['purchase_orders', 'numero_requisicion'];
  await db.query(
    `INSERT INTO change_log (entity, record_key, operation, version, origin, changed_fields)
     SELECT $1, ${key}, 'upsert', version, 'cmms', '{}' FROM ${table} ORDER BY ${key}`,
    [entity],
  );
}

export async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** "12.3400" → "12.34"; the form a JSON number takes, to compare stored decimals with what Dynamics holds. */
export function decimalText(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}
