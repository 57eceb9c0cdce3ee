/**
 * Assets to Dynamics (real time): the connector's "When an asset changes" webhook trigger; one
 * upsert or delete per event in the mapped asset table. A row already gone on delete counts as done.
 */
import {
  rowIdOf,
  cmmsTrigger,
  columnItems,
  dataverseCall,
  flowDocument,
  terminate,
  tryCatch,
  type FlowGenerator,
  type Json,
} from './common.ts';

const KEY = "triggerBody()?['key']";

export const assetsRealTime: FlowGenerator = {
  id: 'bd9c8221-f1be-4941-becd-95e9b02e8b53',
  name: 'Assets to Dynamics (real time)',
  description: 'Receives the CMMS asset-change webhook and upserts (or deletes) the one asset of each event in the asset table.',
  tables: ['assets'],
  definition(ctx) {
    const table = ctx.assets;
    const isDelete: Json = {
      type: 'If',
      expression: { equals: ["@triggerBody()?['operation']", 'delete'] },
      actions: {
        Delete_row: dataverseCall('DeleteRecord', { entityName: table.entitySet, recordId: rowIdOf(table, 'triggerBody()') }),
        Row_was_already_absent: {
          type: 'If',
          expression: { equals: ["@outputs('Delete_row')?['statusCode']", 404] },
          actions: {},
          else: {
            actions: {
              Delete_failed: terminate(
                'AssetDeleteFailed',
                `Dynamics refused to delete asset @{${KEY}}: @{coalesce(outputs('Delete_row')?['body/error/message'], string(outputs('Delete_row')?['statusCode']))}`,
              ),
            },
          },
          runAfter: { Delete_row: ['Failed', 'TimedOut'] },
        },
      },
      else: {
        actions: {
          Upsert_row: dataverseCall('UpdateRecord', { entityName: table.entitySet, recordId: rowIdOf(table, 'triggerBody()'), ...columnItems(table, 'triggerBody()') }),
        },
      },
      runAfter: {},
    };
    const actions = tryCatch(
      { Is_delete: isDelete },
      {
        Fail_with_reason: terminate(
          'AssetRealTimeSyncFailed',
          `Asset @{${KEY}} was not written to Dynamics: @{coalesce(outputs('Upsert_row')?['body/error/message'], 'Dataverse kept failing after retries')}. The scheduled asset flow will pick the change up again.`,
        ),
      },
    );
    return flowDocument(ctx, [], { When_an_asset_changes: cmmsTrigger(ctx, 'SubscribeAssetChanges') }, actions);
  },
};
