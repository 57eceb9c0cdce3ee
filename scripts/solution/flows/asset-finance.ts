/**
 * Asset finance from Dynamics: Dataverse "when a row is modified" on the mapped asset table, filtered
 * to exactly the columns the mapping gives to Dynamics (the book value by default), sends those
 * columns and the row's modifiedon to the CMMS (ApplyAssetChangesFromDynamics). A CMMS push never
 * writes those columns, so the CMMS's own writes never start a run; writes by the integration user are
 * skipped all the same. Only packed when the mapping gives Dynamics at least one asset column.
 */
import { writesToDynamics } from '../../../api/src/sync/ownership.ts';
import { cmmsCall, ENV, flowDocument, rowModifiedTrigger, terminate, tryCatch, type FlowContext, type FlowGenerator } from './common.ts';

/** The asset columns Dynamics writes back, as the trigger filters them. */
export function financeColumns(ctx: FlowContext): string[] {
  return ctx.assets.columns.filter((c) => !writesToDynamics(c) || c.owner === 'both').map((c) => c.column);
}

export const assetFinanceFromDynamics: FlowGenerator = {
  id: '5e7a3c41-9b2d-4f08-a6e1-c3d24b8f7a19',
  name: 'Asset finance from Dynamics',
  description: 'When finance changes an asset column Dynamics owns (such as the book value), sends the new values and their modifiedon time to the CMMS.',
  tables: ['assets'],
  applies: (ctx) => financeColumns(ctx).length > 0,
  definition(ctx) {
    const table = ctx.assets;
    const columns = financeColumns(ctx);
    const key = `triggerOutputs()?['body/${table.keyColumn}']`;
    const trigger = rowModifiedTrigger(table, columns);
    const actions = tryCatch(
      {
        Send_finance_values_to_CMMS: cmmsCall(ctx, 'ApplyAssetChangesFromDynamics', {
          codigo_interno: `@${key}`,
          'body/modifiedon': "@triggerOutputs()?['body/modifiedon']",
          'body/values': Object.fromEntries(columns.map((c) => [c, `@triggerOutputs()?['body/${c}']`])),
        }),
      },
      {
        Fail_with_reason: terminate(
          'AssetFinanceNotSent',
          `The CMMS did not take the finance values of asset @{${key}}: @{coalesce(outputs('Send_finance_values_to_CMMS')?['body/detail'], outputs('Send_finance_values_to_CMMS')?['body/title'], 'the Energy CMMS connector kept failing after retries')}.`,
        ),
      },
    );
    return flowDocument(ctx, [ENV.integrationUser], { When_an_asset_finance_value_changes: trigger }, actions);
  },
};
