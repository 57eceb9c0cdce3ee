/**
 * Purchase-requisition rules, free of HTTP: exact decimals (total and line amounts), line numbering,
 * the approval process, optimistic concurrency and the change-log entry in the same transaction.
 */
import type { Queryable } from '../db/index.ts';
import { AppError, invalidField, notFound } from '../errors/index.ts';
import { parseDateTime } from '../http/formats.ts';
import { sameDecimal } from '../http/decimal.ts';
import { exactDecimal, jsonDecimal } from '../http/json.ts';
import { iso, recordMetaJson } from '../http/rendered.ts';
import { appendChange } from '../sync/change-log.ts';
import { canMove, isStatus, nextStatuses, type Status } from './status.ts';
import {
  getPurchaseOrder, insertPurchaseOrder, PO_FIELDS, updatePurchaseOrder,
  type PoValues, type PurchaseOrderLineRow, type PurchaseOrderRow,
} from './store.ts';

export function purchaseOrderJson(row: PurchaseOrderRow): Record<string, unknown> {
  return {
    numero_requisicion: row.numero_requisicion,
    justificacion: row.justificacion,
    total: jsonDecimal(row.total),
    moneda: row.moneda,
    estado: row.estado,
    fecha_creacion: iso(row.fecha_creacion),
    sitio: row.sitio,
    solicitante: row.solicitante,
    proveedor: row.proveedor,
    lineas: row.lineas.map((l) => ({
      linea: l.linea,
      descripcion: l.descripcion,
      cantidad: jsonDecimal(l.cantidad),
      ...(l.unidad !== undefined ? { unidad: l.unidad } : {}),
      precio_unitario: jsonDecimal(l.precio_unitario),
      ...(l.codigo_interno !== undefined ? { codigo_interno: l.codigo_interno } : {}),
    })),
    ...recordMetaJson(row),
  };
}

/** The spec's maximum for PurchaseOrderLine.linea. */
const MAX_LINE = 10_000;

function lines(body: Record<string, unknown>): PurchaseOrderLineRow[] {
  const input = body.lineas as Record<string, unknown>[];
  const seen = new Set<number>();
  let next = 1;
  return input.map((line, i) => {
    const linea = line.linea === undefined ? Math.max(next, ...seen) : Number(line.linea);
    if (seen.has(linea)) throw invalidField(`/body/lineas/${i}/linea`, 'unique', `repeats line number ${linea}`);
    // An explicit 10000 earlier leaves no number for an unnumbered line after it.
    if (linea > MAX_LINE) throw invalidField(`/body/lineas/${i}/linea`, 'maximum', `would be numbered ${linea}; line numbers go up to ${MAX_LINE}`);
    seen.add(linea);
    next = Math.max(...seen) + 1;
    return {
      linea,
      descripcion: String(line.descripcion),
      cantidad: exactDecimal(line, 'cantidad', `/body/lineas/${i}/cantidad`)!,
      ...(line.unidad !== undefined ? { unidad: String(line.unidad) } : {}),
      precio_unitario: exactDecimal(line, 'precio_unitario', `/body/lineas/${i}/precio_unitario`)!,
      ...(line.codigo_interno !== undefined ? { codigo_interno: String(line.codigo_interno) } : {}),
    };
  });
}

function values(body: Record<string, unknown>): PoValues {
  const out: PoValues = {};
  for (const f of PO_FIELDS) {
    if (!(f in body)) continue;
    if (f === 'total') out.total = exactDecimal(body, 'total', '/body/total');
    else if (f === 'fecha_creacion') out.fecha_creacion = parseDateTime(String(body.fecha_creacion));
    else if (f === 'lineas') out.lineas = lines(body);
    else out[f] = body[f];
  }
  return out;
}

export async function createPurchaseOrder(tx: Queryable, input: object, now: Date, origin = 'cmms'): Promise<PurchaseOrderRow> {
  const body = input as Record<string, unknown>;
  const key = String(body.numero_requisicion);
  const row = await insertPurchaseOrder(tx, key, { fecha_creacion: now, ...values(body) }, now);
  if (!row) {
    throw new AppError('ALREADY_EXISTS', {
      detail: `A purchase order with numero_requisicion "${key}" already exists; update it instead.`,
      errors: [{ field: '/body/numero_requisicion', rule: 'unique', message: 'already exists' }],
    });
  }
  await appendChange(tx, { entity: 'purchaseOrders', key, operation: 'upsert', version: row.version, origin, changedFields: Object.keys(body) });
  return row;
}

export function transitionError(from: string, to: string, field = '/body/estado'): AppError {
  const allowed = isStatus(from) ? nextStatuses(from) : [];
  return new AppError('INVALID_TRANSITION', {
    detail: `A purchase order in status ${from} cannot move to ${to}; allowed: ${allowed.length ? allowed.join(', ') : 'none (final status)'}.`,
    errors: [{ field, rule: 'transition', message: `cannot change from ${from} to ${to}` }],
    extensions: { currentStatus: from, allowedStatuses: allowed },
  });
}

const LINE_DECIMALS = new Set(['cantidad', 'precio_unitario']);

/** Lines compare field by field: jsonb reorders keys, and "10.0000" is the 10 that was sent. */
function sameLines(a: PurchaseOrderLineRow[], b: PurchaseOrderLineRow[]): boolean {
  return a.length === b.length && a.every((line, i) => {
    const other = b[i] as unknown as Record<string, unknown>;
    const entries = Object.entries(line);
    return entries.length === Object.keys(other).length && entries.every(([k, v]) =>
      LINE_DECIMALS.has(k) && typeof v === 'string' && typeof other[k] === 'string' ? sameDecimal(v, other[k] as string) : v === other[k]);
  });
}

function same(field: string, a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (field === 'total' && typeof a === 'string' && typeof b === 'string') return sameDecimal(a, b);
  if (field === 'lineas' && Array.isArray(a) && Array.isArray(b)) return sameLines(a as PurchaseOrderLineRow[], b as PurchaseOrderLineRow[]);
  return a === b;
}

export interface ChangeOptions {
  check?: (current: PurchaseOrderRow) => void;
  origin?: string;
  /** Extra columns to set when something changes (e.g. the Dynamics modifiedon of a call-back). */
  extra?: Pick<PoValues, 'dynamics_status_modified_on'>;
}

/** Applies a partial update; a body that changes nothing writes nothing and keeps the version. */
export async function changePurchaseOrder(
  tx: Queryable,
  key: string,
  input: object,
  now: Date,
  options: ChangeOptions = {},
): Promise<{ row: PurchaseOrderRow; changed: string[] }> {
  const current = await getPurchaseOrder(tx, key, true);
  if (!current) throw notFound('purchase order', key);
  options.check?.(current);
  const next = values(input as Record<string, unknown>);
  if (next.estado !== undefined && next.estado !== current.estado && !canMove(current.estado as Status, next.estado as Status)) {
    throw transitionError(current.estado, String(next.estado));
  }
  const changed = (Object.keys(next) as (keyof PoValues)[]).filter((f) => !same(f, next[f], current[f as keyof PurchaseOrderRow]));
  if (changed.length === 0) return { row: current, changed: [] };
  const update: PoValues = { ...Object.fromEntries(changed.map((f) => [f, next[f]])), ...options.extra };
  const row = await updatePurchaseOrder(tx, key, update, now);
  await appendChange(tx, { entity: 'purchaseOrders', key, operation: 'upsert', version: row.version, origin: options.origin ?? 'cmms', changedFields: changed });
  return { row, changed };
}
