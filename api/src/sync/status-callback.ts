/**
 * A purchase-order status reported by Dynamics (through a flow or a Dataverse webhook). Three rules
 * keep the two systems from fighting: a status equal to the current one changes nothing and logs
 * nothing, so a CMMS → Dynamics → CMMS echo stops here; a report older than the last one applied
 * (Dynamics' modifiedon) is ignored; the approval process still decides what may follow what.
 */
import type { Queryable } from '../db/index.ts';
import { AppError, invalidField, notFound } from '../errors/index.ts';
import { changePurchaseOrder, purchaseOrderJson, transitionError } from '../purchase-orders/service.ts';
import { canMove, isStatus, STATUSES, type Status } from '../purchase-orders/status.ts';
import { getPurchaseOrder, type PurchaseOrderRow } from '../purchase-orders/store.ts';
import { statusColumnName, statusesFromDynamics, type Mapping } from './mapping.ts';

export interface StatusReport {
  estado?: string | undefined;
  statuscode?: number | undefined;
  modifiedon?: Date | undefined;
}

export interface StatusResult {
  applied: boolean;
  reason?: 'unchanged' | 'stale';
  estado: string;
  purchaseOrder: Record<string, unknown>;
}

/** Where the report's fields came from, for error messages (`/body/...` or the webhook's names). */
export interface FieldNames {
  estado: string;
  statuscode: string;
}

const BODY_FIELDS: FieldNames = { estado: '/body/estado', statuscode: '/body/statuscode' };

/** The estados a report stands for, the preferred first; 400/422 naming the field when unknown. */
export function candidatesOf(mapping: Mapping, report: StatusReport, fields: FieldNames = BODY_FIELDS): Status[] {
  const hasEstado = report.estado !== undefined;
  const hasCode = report.statuscode !== undefined;
  if (hasEstado === hasCode) {
    throw new AppError('VALIDATION_FAILED', {
      detail: 'Give exactly one of estado (the CMMS status) and statuscode (the Dynamics option value).',
      errors: [
        { field: fields.estado, rule: 'oneOf', message: 'exactly one of estado and statuscode is required' },
        { field: fields.statuscode, rule: 'oneOf', message: 'exactly one of estado and statuscode is required' },
      ],
    });
  }
  if (hasEstado) {
    if (!isStatus(report.estado)) throw invalidField(fields.estado, 'enum', `must be one of ${STATUSES.join(', ')}`);
    return [report.estado];
  }
  const found = statusesFromDynamics(mapping, report.statuscode!);
  if (found.length === 0) {
    const column = statusColumnName(mapping) ?? 'statuscode';
    throw new AppError('UNPROCESSABLE', {
      detail: `statuscode ${report.statuscode} is not an option value of ${column} in the mapping "${mapping.name}".`,
      errors: [{ field: fields.statuscode, rule: 'mapping', message: `${report.statuscode} has no CMMS status in the mapping` }],
    });
  }
  return found;
}

/** Applies a status report inside the caller's transaction (origin `dynamics`). */
export async function applyStatusReport(
  tx: Queryable, mapping: Mapping, key: string, report: StatusReport, now: Date, fields: FieldNames = BODY_FIELDS,
): Promise<StatusResult> {
  const candidates = candidatesOf(mapping, report, fields);
  const current: PurchaseOrderRow | undefined = await getPurchaseOrder(tx, key, true);
  if (!current) throw notFound('purchase order', key);
  const answer = (row: PurchaseOrderRow, applied: boolean, reason?: StatusResult['reason']): StatusResult => ({
    applied, ...(reason ? { reason } : {}), estado: row.estado, purchaseOrder: purchaseOrderJson(row),
  });
  // Several estados may share one option value: a record in any of them already agrees.
  if (candidates.includes(current.estado as Status)) return answer(current, false, 'unchanged');
  const last = current.dynamics_status_modified_on;
  if (report.modifiedon && last && report.modifiedon.getTime() < last.getTime()) return answer(current, false, 'stale');
  const target = candidates.find((c) => canMove(current.estado as Status, c)) ?? candidates[0]!;
  if (!canMove(current.estado as Status, target)) {
    throw transitionError(current.estado, target, report.estado !== undefined ? fields.estado : fields.statuscode);
  }
  const { row } = await changePurchaseOrder(tx, key, { estado: target }, now, {
    origin: 'dynamics',
    ...(report.modifiedon ? { extra: { dynamics_status_modified_on: report.modifiedon } } : {}),
  });
  return answer(row, true);
}
