/** SQL for assets. Keys compare with the "C" collation so paging is identical on every engine. */
import type { Queryable } from '../db/index.ts';
import { where } from '../db/where.ts';
import type { RecordMeta } from '../http/rendered.ts';

export interface AssetRow extends RecordMeta {
  codigo_interno: string;
  nombre: string;
  numero_de_serie: string | null;
  valor_adquisicion: string | null;
  valor_libros: string | null;
  fecha_adquisicion: Date | null;
  sitio: string | null;
  ubicacion: string | null;
  categoria: string | null;
  estado_operativo: string;
  fabricante: string | null;
  modelo: string | null;
}

/** The writable columns, in the order the insert lists them. */
export const ASSET_FIELDS = [
  'nombre', 'numero_de_serie', 'valor_adquisicion', 'valor_libros', 'fecha_adquisicion',
  'sitio', 'ubicacion', 'categoria', 'estado_operativo', 'fabricante', 'modelo',
] as const;
export type AssetField = (typeof ASSET_FIELDS)[number];
export type AssetValues = { [K in AssetField]?: string | Date | null };

/**
 * Inserts the asset and, in the same statement, its change-log entry (`logged`): one round trip
 * instead of two inside the write's transaction. Undefined when the key exists (nothing logged).
 */
export async function insertAsset(
  q: Queryable, key: string, values: AssetValues, now: Date, logged: { origin: string; changedFields: readonly string[] },
): Promise<AssetRow | undefined> {
  const cols = ASSET_FIELDS.filter((f) => values[f] !== undefined);
  const params = [key, now, logged.origin, [...logged.changedFields], ...cols.map((c) => values[c])];
  const r = await q.query<AssetRow>(
    `WITH a AS (
       INSERT INTO assets (codigo_interno, created_at, updated_at${cols.map((c) => `, ${c}`).join('')})
       VALUES ($1, $2, $2${cols.map((_, i) => `, $${i + 5}`).join('')})
       ON CONFLICT (codigo_interno) DO NOTHING RETURNING *),
     c AS (
       INSERT INTO change_log (entity, record_key, operation, version, origin, changed_fields)
       SELECT 'assets', codigo_interno, 'upsert', version, $3, $4 FROM a)
     SELECT * FROM a`,
    params,
  );
  return r.rows[0];
}

export async function getAsset(q: Queryable, key: string, forUpdate = false): Promise<AssetRow | undefined> {
  const r = await q.query<AssetRow>(`SELECT * FROM assets WHERE codigo_interno = $1${forUpdate ? ' FOR UPDATE' : ''}`, [key]);
  return r.rows[0];
}

export async function updateAsset(q: Queryable, key: string, values: AssetValues, now: Date): Promise<AssetRow> {
  const cols = ASSET_FIELDS.filter((f) => values[f] !== undefined);
  const r = await q.query<AssetRow>(
    `UPDATE assets SET version = version + 1, updated_at = $2${cols.map((c, i) => `, ${c} = $${i + 3}`).join('')}
     WHERE codigo_interno = $1 RETURNING *`,
    [key, now, ...cols.map((c) => values[c])],
  );
  return r.rows[0]!;
}

export async function deleteAsset(q: Queryable, key: string): Promise<void> {
  await q.query('DELETE FROM assets WHERE codigo_interno = $1', [key]);
}

export interface AssetFilter {
  after?: string | undefined;
  limit: number;
  changedSince?: Date | undefined;
  sitio?: string | undefined;
  estadoOperativo?: string | undefined;
  categoria?: string | undefined;
}

export async function listAssets(q: Queryable, f: AssetFilter): Promise<AssetRow[]> {
  const params: unknown[] = [];
  const filter = where([
    ['codigo_interno > ?', f.after],
    ['updated_at >= ?', f.changedSince],
    ['sitio = ?', f.sitio],
    ['estado_operativo = ?', f.estadoOperativo],
    ['categoria = ?', f.categoria],
  ], params);
  const r = await q.query<AssetRow>(`SELECT * FROM assets ${filter} ORDER BY codigo_interno LIMIT $${params.push(f.limit)}`, params);
  return r.rows;
}

export async function listSites(q: Queryable): Promise<{ sitio: string; n: number }[]> {
  const r = await q.query<{ sitio: string; n: number }>(
    'SELECT sitio, count(*)::int AS n FROM assets WHERE sitio IS NOT NULL GROUP BY sitio ORDER BY sitio',
  );
  return r.rows;
}
