/**
 * The body of one webhook delivery and its signature. The body is fixed when the change is
 * dispatched and stored with the delivery, so every retry sends (and signs) the same bytes.
 */
import { createHmac } from 'node:crypto';
import { assetJson } from '../assets/service.ts';
import { iso } from '../http/rendered.ts';
import type { AssetRow } from '../assets/store.ts';
import { purchaseOrderJson } from '../purchase-orders/service.ts';
import type { PurchaseOrderRow } from '../purchase-orders/store.ts';
import type { ChangeOperation, Entity } from '../sync/change-log.ts';
import { CMMS_FIELDS, deletedRecord, rowIdFor, toDynamicsRecord, type Mapping } from '../sync/mapping.ts';
import type { SubscriptionKind } from './subscriptions.ts';

export interface ChangeRow {
  seq: number;
  entity: Entity;
  record_key: string;
  operation: ChangeOperation;
  version: number;
  origin: string;
  changed_fields: string[];
  changed_at: Date;
}

export type RecordRow = AssetRow | PurchaseOrderRow;

export function eventTypeOf(kind: SubscriptionKind, operation: ChangeOperation): string {
  if (kind === 'purchaseOrderStatus') return 'purchaseOrder.statusChanged';
  return operation === 'delete' ? 'asset.deleted' : 'asset.upserted';
}

export function eventIdOf(subscriptionId: string, seq: number): string {
  return `${subscriptionId}:${seq}`;
}

/**
 * `record` is ready for a Dataverse upsert (or names the key of a delete); `data` is the CMMS
 * representation, reduced to the key for a delete since the record no longer exists.
 */
export function eventBody(kind: SubscriptionKind, subscriptionId: string, change: ChangeRow, row: RecordRow | undefined, mapping: Mapping): string {
  const keyField = CMMS_FIELDS[change.entity].key;
  const rowId = rowIdFor(mapping, change.entity, change.record_key);
  const record = row ? toDynamicsRecord(mapping, change.entity, row as unknown as Record<string, unknown>) : deletedRecord(mapping, change.entity, change.record_key);
  const data = row
    ? change.entity === 'assets' ? assetJson(row as AssetRow) : purchaseOrderJson(row as PurchaseOrderRow)
    : { [keyField]: change.record_key };
  return JSON.stringify({
    eventId: eventIdOf(subscriptionId, change.seq),
    eventType: eventTypeOf(kind, change.operation),
    occurredAt: iso(change.changed_at),
    entity: change.entity,
    key: change.record_key,
    ...(rowId ? { rowId } : {}),
    operation: change.operation,
    version: change.version,
    origin: change.origin,
    record,
    data,
  });
}

export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}
