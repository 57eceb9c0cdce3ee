/**
 * Asset rules, free of HTTP: exact decimals, dates, the immutable key, optimistic concurrency and
 * the change-log entry written in the same transaction as every change.
 */
import type { Queryable } from '../db/index.ts';
import { AppError, notFound } from '../errors/index.ts';
import { parseDateTime } from '../http/formats.ts';
import { sameDecimal } from '../http/decimal.ts';
import { exactDecimal, jsonDecimal } from '../http/json.ts';
import { iso, recordMetaJson } from '../http/rendered.ts';
import { appendChange } from '../sync/change-log.ts';
import type { ColumnMapping } from '../sync/mapping.ts';
import { ownedElsewhere } from '../sync/ownership.ts';
import { ASSET_FIELDS, deleteAsset, getAsset, insertAsset, updateAsset, type AssetRow, type AssetValues } from './store.ts';

const DECIMAL_FIELDS = new Set(['valor_adquisicion', 'valor_libros']);
const DATE_FIELDS = new Set(['fecha_adquisicion']);

/** The API representation; decimals are raw JSON numbers so their digits survive serialisation. */
export function assetJson(row: AssetRow): Record<string, unknown> {
  return {
    codigo_interno: row.codigo_interno,
    nombre: row.nombre,
    numero_de_serie: row.numero_de_serie,
    valor_adquisicion: jsonDecimal(row.valor_adquisicion),
    valor_libros: jsonDecimal(row.valor_libros),
    fecha_adquisicion: iso(row.fecha_adquisicion),
    sitio: row.sitio,
    ubicacion: row.ubicacion,
    categoria: row.categoria,
    estado_operativo: row.estado_operativo,
    fabricante: row.fabricante,
    modelo: row.modelo,
    ...recordMetaJson(row),
  };
}

/** Turns a validated request body into column values (exact decimals, parsed dates). */
export function assetValues(input: object): AssetValues {
  const body = input as Record<string, unknown>;
  const values: AssetValues = {};
  for (const f of ASSET_FIELDS) {
    if (!(f in body)) continue;
    const v = body[f];
    if (DECIMAL_FIELDS.has(f)) values[f] = exactDecimal(body, f, `/body/${f}`);
    else if (DATE_FIELDS.has(f)) values[f] = v === null ? null : parseDateTime(String(v));
    else values[f] = v as string | null;
  }
  return values;
}

export async function createAsset(tx: Queryable, body: object, now: Date, origin = 'cmms'): Promise<AssetRow> {
  const key = String((body as { codigo_interno: unknown }).codigo_interno);
  const row = await insertAsset(tx, key, assetValues(body), now);
  if (!row) {
    throw new AppError('ALREADY_EXISTS', {
      detail: `An asset with codigo_interno "${key}" already exists; update it instead.`,
      errors: [{ field: '/body/codigo_interno', rule: 'unique', message: 'already exists' }],
    });
  }
  await appendChange(tx, { entity: 'assets', key, operation: 'upsert', version: row.version, origin, changedFields: Object.keys(body) });
  return row;
}

function sameValue(field: string, a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  // The stored numeric comes back as "10.0000"; the request said 10. Same value, no change.
  if (DECIMAL_FIELDS.has(field) && typeof a === 'string' && typeof b === 'string') return sameDecimal(a, b);
  return a === b;
}

/**
 * Applies a partial update. `check` runs against the locked current row (If-Match). A body that
 * changes nothing leaves the version alone and writes no change, so sync echoes end here.
 */
export async function changeAsset(
  tx: Queryable,
  key: string,
  body: object,
  now: Date,
  check: (current: AssetRow) => void,
  origin = 'cmms',
): Promise<AssetRow> {
  const current = await getAsset(tx, key, true);
  if (!current) throw notFound('asset', key);
  check(current);
  const values = assetValues(body);
  const changed = (Object.keys(values) as (keyof AssetValues)[]).filter((f) => !sameValue(f, values[f], current[f]));
  if (changed.length === 0) return current;
  const row = await updateAsset(tx, key, Object.fromEntries(changed.map((f) => [f, values[f]])), now);
  await appendChange(tx, { entity: 'assets', key, operation: 'upsert', version: row.version, origin, changedFields: changed });
  return row;
}

/**
 * 409 naming the first field of a CMMS update that would change a column Dynamics owns (`owned`:
 * CMMS field → its mapped column). Sending the current value is no change and passes, so a client
 * that writes back the whole record it read is not refused.
 */
export function refuseDynamicsOwned(owned: ReadonlyMap<string, ColumnMapping>, body: object, current: AssetRow): void {
  const values = assetValues(body);
  for (const f of Object.keys(values) as (keyof AssetValues)[]) {
    const column = owned.get(f);
    if (column && !sameValue(f, values[f], current[f])) throw ownedElsewhere(`/body/${f}`, column, 'cmms');
  }
}

export async function removeAsset(tx: Queryable, key: string, check: (current: AssetRow) => void, origin = 'cmms'): Promise<void> {
  const current = await getAsset(tx, key, true);
  if (!current) throw notFound('asset', key);
  check(current);
  await deleteAsset(tx, key);
  await appendChange(tx, { entity: 'assets', key, operation: 'delete', version: current.version + 1, origin });
}
