/**
 * Assets to Dynamics (real time): the connector's "When an asset changes" webhook trigger; one
 * upsert or delete per event in the mapped asset table, by alternate key or, for a key no URL can
 * carry, by the id of the row holding it (common.ts, byKeyOrRowId). A row already gone on delete
 * counts as done. Lookups the mapping gives the asset table are bound as the scheduled flow does.
 */
import {
  byKeyOrRowId,
  cmmsTrigger,
  columnItems,
  dataverseCall,
  flowDocument,
  terminate,
  tryCatch,
  type FlowGenerator,
  type Json,
  type RowAddress,
  type TableMapping,
} from './common.ts';
import { lookupBinding } from './lookups.ts';

const EVENT = 'triggerBody()';
const KEY = `${EVENT}?['key']`;

function deleteActions(table: TableMapping, at: RowAddress): Json {
  const del = `Delete_row${at.suffix}`;
  return {
    [del]: dataverseCall('DeleteRecord', { entityName: table.entitySet, recordId: at.recordId }, at.runAfter),
    [`Row_was_already_absent${at.suffix}`]: {
      type: 'If',
      expression: { equals: [`@outputs('${del}')?['statusCode']`, 404] },
      actions: {},
      else: {
        actions: {
          [`Delete_failed${at.suffix}`]: terminate(
            'AssetDeleteFailed',
            `Dynamics refused to delete asset @{${KEY}}: @{coalesce(outputs('${del}')?['body/error/message'], string(outputs('${del}')?['statusCode']))}`,
          ),
        },
      },
      runAfter: { [del]: ['Failed', 'TimedOut'] },
    },
  };
}

export const assetsRealTime: FlowGenerator = {
  id: 'bd9c8221-f1be-4941-becd-95e9b02e8b53',
  name: 'Assets to Dynamics (real time)',
  description: 'Receives the CMMS asset-change webhook and upserts (or deletes) the one asset of each event in the asset table.',
  tables: ['assets'],
  definition(ctx) {
    const table = ctx.assets;
    const lookups = lookupBinding(table);
    const upsert = (at: RowAddress): Json => ({
      [`Upsert_row${at.suffix}`]: dataverseCall(
        'UpdateRecord',
        { entityName: table.entitySet, recordId: at.recordId, ...columnItems(table, EVENT), ...lookups.items },
        at.runAfter,
      ),
    });
    const isDelete: Json = {
      type: 'If',
      expression: { equals: [`@${EVENT}?['operation']`, 'delete'] },
      actions: { Delete_by_key_or_row_id: byKeyOrRowId(table, EVENT, 'Find_row_to_delete', (at) => deleteActions(table, at)) },
      else: { actions: { Upsert_by_key_or_row_id: byKeyOrRowId(table, EVENT, 'Find_row_to_upsert', upsert) } },
      runAfter: lookups.last ? { [lookups.last]: ['Succeeded'] } : {},
    };
    const error = (action: string) => `outputs('${action}')?['body/error/message']`;
    const actions = tryCatch(
      { ...lookups.setup, Is_delete: isDelete },
      {
        Fail_with_reason: terminate(
          'AssetRealTimeSyncFailed',
          `Asset @{${KEY}} was not written to Dynamics: @{coalesce(${['Upsert_row', 'Upsert_row_by_id', 'Find_row_to_upsert', 'Find_row_to_delete'].map(error).join(', ')}, 'Dataverse kept failing after retries')}. The scheduled asset flow will pick the change up again.`,
        ),
      },
    );
    return flowDocument(ctx, lookups.envVars, { When_an_asset_changes: cmmsTrigger(ctx, 'SubscribeAssetChanges') }, actions);
  },
};
