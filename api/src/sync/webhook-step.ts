/**
 * What the Dataverse step feeding POST /dataverse/webhook must look like under the mapping in force,
 * so registration and receiver agree: the purchase-order table, its status column (the column
 * `estado` maps to) as the only filtering attribute, so other edits never call the API, and a
 * post-image with the key column, the status column and modifiedon, because an Update's Target holds
 * only the changed columns and the receiver finds the purchase order by its key.
 */
import { AppError } from '../errors/index.ts';
import { statusColumnName, tableFor, type Mapping } from './mapping.ts';

export interface PurchaseOrderWebhookStep {
  entityLogicalName: string;
  filteringAttributes: string[];
  imageAttributes: string[];
}

/** Throws NOT_CONFIGURED when the mapping names no purchase-order table or maps estado to no choice column. */
export function purchaseOrderWebhookStep(mapping: Mapping): PurchaseOrderWebhookStep {
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
