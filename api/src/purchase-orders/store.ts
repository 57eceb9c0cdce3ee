/** SQL for purchase requisitions; lines live in a jsonb column with decimals kept as exact strings. */
import type { Queryable } from '../db/index.ts';
import { where } from '../db/where.ts';
import type { RecordMeta } from '../http/rendered.ts';

export interface PurchaseOrderLineRow {
  linea: number;
  descripcion: string;
  cantidad: string;
  unidad?: string;
  precio_unitario: string;
  codigo_interno?: string;
}

export interface PurchaseOrderRow extends RecordMeta {
  numero_requisicion: string;
  justificacion: string;
  total: string;
  moneda: string;
  estado: string;
  fecha_creacion: Date;
  sitio: string | null;
  solicitante: string | null;
  proveedor: string | null;
  lineas: PurchaseOrderLineRow[];
  dynamics_status_modified_on: Date | null;
}

export const PO_FIELDS = ['justificacion', 'total', 'moneda', 'estado', 'fecha_creacion', 'sitio', 'solicitante', 'proveedor', 'lineas'] as const;
export type PoField = (typeof PO_FIELDS)[number];
export type PoValues = { [K in PoField]?: unknown } & { dynamics_status_modified_on?: Date | null };

function columns(values: PoValues): string[] {
  return [...PO_FIELDS, 'dynamics_status_modified_on'].filter((f) => (values as Record<string, unknown>)[f] !== undefined);
}

function param(values: PoValues, col: string): unknown {
  const v = (values as Record<string, unknown>)[col];
  return col === 'lineas' ? JSON.stringify(v) : v;
}

export async function insertPurchaseOrder(q: Queryable, key: string, values: PoValues, now: Date): Promise<PurchaseOrderRow | undefined> {
  const cols = columns(values);
  const r = await q.query<PurchaseOrderRow>(
    `INSERT INTO purchase_orders (numero_requisicion, created_at, updated_at${cols.map((c) => `, ${c}`).join('')})
     VALUES ($1, $2, $2${cols.map((_, i) => `, $${i + 3}`).join('')})
     ON CONFLICT (numero_requisicion) DO NOTHING RETURNING *`,
    [key, now, ...cols.map((c) => param(values, c))],
  );
  return r.rows[0];
}

export async function getPurchaseOrder(q: Queryable, key: string, forUpdate = false): Promise<PurchaseOrderRow | undefined> {
  const r = await q.query<PurchaseOrderRow>(`SELECT * FROM purchase_orders WHERE numero_requisicion = $1${forUpdate ? ' FOR UPDATE' : ''}`, [key]);
  return r.rows[0];
}

export async function updatePurchaseOrder(q: Queryable, key: string, values: PoValues, now: Date): Promise<PurchaseOrderRow> {
  const cols = columns(values);
  const r = await q.query<PurchaseOrderRow>(
    `UPDATE purchase_orders SET version = version + 1, updated_at = $2${cols.map((c, i) => `, ${c} = $${i + 3}`).join('')}
     WHERE numero_requisicion = $1 RETURNING *`,
    [key, now, ...cols.map((c) => param(values, c))],
  );
  return r.rows[0]!;
}

export interface PoFilter {
  after?: string | undefined;
  limit: number;
  changedSince?: Date | undefined;
  estado?: string | undefined;
  sitio?: string | undefined;
}

export async function listPurchaseOrders(q: Queryable, f: PoFilter): Promise<PurchaseOrderRow[]> {
  const params: unknown[] = [];
  const filter = where([
    ['numero_requisicion > ?', f.after],
    ['updated_at >= ?', f.changedSince],
    ['estado = ?', f.estado],
    ['sitio = ?', f.sitio],
  ], params);
  const r = await q.query<PurchaseOrderRow>(
    `SELECT * FROM purchase_orders ${filter} ORDER BY numero_requisicion LIMIT $${params.push(f.limit)}`,
    params,
  );
  return r.rows;
}
