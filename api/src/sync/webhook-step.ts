/**
 * What the Dataverse step feeding POST /dataverse/webhook must look like under the mapping in force,
 * so registration and receiver agree: the purchase-order table, its status column (the column
 * `estado` maps to) as the only filtering attribute, so other edits never call the API, and a
 * post-image with the key column, the status column and modifiedon, because an Update's Target holds
 * only the changed columns and the receiver finds the purchase order by its key.
 */
import { AppError } from '../errors/index.ts';
import { statusColumnName, tableFor, type Mapping } from './mapping.ts';
import { inboundColumns } from './ownership.ts';

export interface WebhookStep {
  entityLogicalName: string;
  filteringAttributes: string[];
  imageAttributes: string[];
}

/** Throws NOT_CONFIGURED when the mapping names no purchase-order table or maps estado to no choice column. */
export function purchaseOrderWebhookStep(mapping: Mapping): WebhookStep {
  const table = tableFor(mapping, 'purchaseOrders');
  const status = statusColumnName(mapping);
  if (!status) {
    throw new AppError('NOT_CONFIGURED', {
      detail: `The mapping ${mapping.name} maps estado to no choice column of ${table.logicalName}, so there is no status change for a webhook to report: map estado as an optionset.`,
    });
  }
  return {
    entityLogicalName: table.logicalName,
    filteringAttributes: [status],
    imageAttributes: [...new Set([table.keyColumn, status, 'modifiedon'])],
  };
}

/**
 * The step for asset columns Dynamics owns: the asset table, filtered to exactly those columns (a
 * CMMS push never writes them, so the CMMS's own writes never fire it), and a post-image with the
 * key column, those columns and modifiedon. Undefined when the mapping gives Dynamics no column.
 */
export function assetWebhookStep(mapping: Mapping): WebhookStep | undefined {
  const owned = inboundColumns(mapping, 'assets').map((c) => c.column);
  if (owned.length === 0) return undefined;
  const table = tableFor(mapping, 'assets');
  return {
    entityLogicalName: table.logicalName,
    filteringAttributes: owned,
    imageAttributes: [...new Set([table.keyColumn, ...owned, 'modifiedon'])],
  };
}
