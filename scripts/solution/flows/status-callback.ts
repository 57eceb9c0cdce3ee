/**
 * Purchase order status to CMMS: Dataverse "when a row is modified" on the mapped purchase-order
 * table, filtered to the mapped status column; sends the option value and modifiedon to the CMMS.
 * Writes by the integration user (an environment variable) are echoes and do not start a run.
 */
import { cmmsCall, ENV, flowDocument, rowModifiedTrigger, terminate, tryCatch, type FlowGenerator } from './common.ts';

/** The Dynamics column the mapping writes the CMMS estado to (an option set). */
export function statusColumn(columns: readonly { source: string; column: string; type: string }[]): string {
  const c = columns.find((x) => x.source === 'estado' && x.type === 'optionset');
  if (!c) throw new Error('the mapping has no option-set column for the purchase-order estado, which the status flow watches');
  return c.column;
}

export const statusToCmms: FlowGenerator = {
  id: 'cb48b9ce-0d1f-458d-b5f0-10be640f4f99',
  name: 'Purchase order status to CMMS',
  description: 'When the status of a purchase-order row changes in Dynamics, sends the new status and its modifiedon time to the CMMS.',
  tables: ['purchaseOrders'],
  definition(ctx) {
    const table = ctx.purchaseOrders;
    const status = statusColumn(table.columns);
    const key = `triggerOutputs()?['body/${table.keyColumn}']`;
    const value = `triggerOutputs()?['body/${status}']`;
    const trigger = rowModifiedTrigger(table, [status]);
    const actions = tryCatch(
      {
        Send_status_to_CMMS: cmmsCall(ctx, 'SetPurchaseOrderStatus', {
          numero_requisicion: `@${key}`,
          'body/statuscode': `@${value}`,
          'body/modifiedon': "@triggerOutputs()?['body/modifiedon']",
        }),
      },
      {
        Fail_with_reason: terminate(
          'PurchaseOrderStatusNotSent',
          `The CMMS did not take status @{${value}} for requisition @{${key}}: @{coalesce(outputs('Send_status_to_CMMS')?['body/detail'], outputs('Send_status_to_CMMS')?['body/title'], 'the Energy CMMS connector kept failing after retries')}.`,
        ),
      },
    );
    return flowDocument(ctx, [ENV.integrationUser], { When_a_purchase_order_status_changes: trigger }, actions);
  },
};
