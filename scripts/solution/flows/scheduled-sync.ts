/**
 * The two scheduled flows (assets, purchase orders): every interval, page through the CMMS change
 * feed, upsert or delete each change in the mapped table (10 at a time) by alternate key, or, for a
 * key no URL can carry, by the id of the row holding it (common.ts, byKeyOrRowId), record each
 * outcome and acknowledge the page with per-record results, until hasMore is false. A table with
 * lookups (Field Service purchase orders) has them checked once per run and bound on every write
 * (lookups.ts). Table, entity set, key column and item/<column> keys are literals from the mapping.
 */
import {
  byKeyOrRowId,
  cmmsCall,
  columnItems,
  dataverseCall,
  ENV,
  flowDocument,
  param,
  primaryIdColumn,
  terminate,
  tryCatch,
  type FlowContext,
  type FlowGenerator,
  type Json,
  type RowAddress,
  type TableMapping,
} from './common.ts';
import { lookupBinding } from './lookups.ts';

interface ScheduledEntity {
  entity: 'assets' | 'purchaseOrders';
  getChanges: string;
  /** "asset" / "purchase order", in messages. */
  noun: string;
  failureCode: string;
}

const ITEM = "items('For_each_change')";
const KEY = `${ITEM}?['key']`;
const DATAVERSE_ERROR = (action: string) =>
  `coalesce(outputs('${action}')?['body/error/message'], outputs('${action}')?['body/message'], concat('Dataverse answered HTTP ', string(outputs('${action}')?['statusCode'])))`;

/** The delete of one change, by alternate key or by row id, with its outcome recorded. */
function deleteActions(table: TableMapping, at: RowAddress): Json {
  const del = `Delete_row${at.suffix}`;
  return {
    [del]: dataverseCall('DeleteRecord', { entityName: table.entitySet, recordId: at.recordId }, at.runAfter),
    [`Record_deleted${at.suffix}`]: {
      type: 'AppendToArrayVariable',
      inputs: { name: 'results', value: { key: `@${KEY}`, ok: true } },
      runAfter: { [del]: ['Succeeded'] },
    },
    [`Record_delete_failure${at.suffix}`]: {
      type: 'AppendToArrayVariable',
      inputs: {
        name: 'results',
        value: {
          key: `@${KEY}`,
          ok: `@equals(outputs('${del}')?['statusCode'], 404)`,
          error: `@{if(equals(outputs('${del}')?['statusCode'], 404), 'The row was already absent in Dynamics.', ${DATAVERSE_ERROR(del)})}`,
        },
      },
      runAfter: { [del]: ['Failed', 'TimedOut'] },
    },
  };
}

/** The upsert of one change (its mapped columns and lookups), with its outcome recorded. */
function upsertActions(table: TableMapping, lookupItems: Json, at: RowAddress): Json {
  const upsert = `Upsert_row${at.suffix}`;
  return {
    [upsert]: dataverseCall('UpdateRecord', { entityName: table.entitySet, recordId: at.recordId, ...columnItems(table, ITEM), ...lookupItems }, at.runAfter),
    [`Record_upserted${at.suffix}`]: {
      type: 'AppendToArrayVariable',
      inputs: { name: 'results', value: { key: `@${KEY}`, ok: true, dynamicsId: `@outputs('${upsert}')?['body']?['${primaryIdColumn(table)}']` } },
      runAfter: { [upsert]: ['Succeeded'] },
    },
    [`Record_upsert_failure${at.suffix}`]: {
      type: 'AppendToArrayVariable',
      inputs: { name: 'results', value: { key: `@${KEY}`, ok: false, error: `@{${DATAVERSE_ERROR(upsert)}}` } },
      runAfter: { [upsert]: ['Failed', 'TimedOut'] },
    },
  };
}

/** A failed look-up of the row holding a key is that change's failure (an unreported change would count as done). */
const recordFindFailure = (find: string): Json => ({
  [`Record_failure_of_${find}`]: {
    type: 'AppendToArrayVariable',
    inputs: { name: 'results', value: { key: `@${KEY}`, ok: false, error: `@{${DATAVERSE_ERROR(find)}}` } },
    runAfter: { [find]: ['Failed', 'TimedOut'] },
  },
});

function forEachChange(table: TableMapping, lookupItems: Json): Json {
  return {
    type: 'Foreach',
    foreach: "@outputs('Get_changes')?['body/items']",
    actions: {
      Is_delete: {
        type: 'If',
        expression: { equals: [`@${ITEM}?['operation']`, 'delete'] },
        actions: { Delete_by_key_or_row_id: byKeyOrRowId(table, ITEM, 'Find_row_to_delete', (at) => deleteActions(table, at), recordFindFailure) },
        else: { actions: { Upsert_by_key_or_row_id: byKeyOrRowId(table, ITEM, 'Find_row_to_upsert', (at) => upsertActions(table, lookupItems, at), recordFindFailure) } },
        runAfter: {},
      },
    },
    runAfter: { Get_changes: ['Succeeded'] },
    runtimeConfiguration: { concurrency: { repetitions: 10 } },
  };
}

function definition(spec: ScheduledEntity, ctx: FlowContext): Json {
  const table = ctx[spec.entity];
  const lookups = lookupBinding(table);
  const consumer = `@${param(ENV.consumer)}`;
  const loop: Json = {
    Reset_results: { type: 'SetVariable', inputs: { name: 'results', value: [] }, runAfter: {} },
    Get_changes: cmmsCall(ctx, spec.getChanges, { consumer, limit: `@${param(ENV.pageSize)}` }, { Reset_results: ['Succeeded'] }),
    For_each_change: forEachChange(table, lookups.items),
    Acknowledge_changes: cmmsCall(
      ctx,
      'AcknowledgeChanges',
      { 'body/consumer': consumer, 'body/entity': spec.entity, 'body/cursor': "@outputs('Get_changes')?['body/cursor']", 'body/results': "@variables('results')" },
      { For_each_change: ['Succeeded', 'Failed'] },
    ),
    Set_has_more: {
      type: 'SetVariable',
      inputs: { name: 'hasMore', value: "@equals(outputs('Get_changes')?['body/hasMore'], true)" },
      runAfter: { Acknowledge_changes: ['Succeeded'] },
    },
  };
  const actions: Json = {
    Initialize_hasMore: { type: 'InitializeVariable', inputs: { variables: [{ name: 'hasMore', type: 'boolean', value: true }] }, runAfter: {} },
    Initialize_results: {
      type: 'InitializeVariable',
      inputs: { variables: [{ name: 'results', type: 'array', value: [] }] },
      runAfter: { Initialize_hasMore: ['Succeeded'] },
    },
    ...tryCatch(
      {
        ...lookups.setup,
        Until_no_more_changes: {
          type: 'Until',
          expression: "@not(variables('hasMore'))",
          limit: { count: 1000, timeout: 'PT1H' },
          actions: loop,
          runAfter: lookups.last ? { [lookups.last]: ['Succeeded'] } : {},
        },
      },
      {
        Fail_with_reason: terminate(
          spec.failureCode,
          `The ${spec.noun} sync stopped: @{coalesce(outputs('Acknowledge_changes')?['body/detail'], outputs('Get_changes')?['body/detail'], 'the Energy CMMS connector or Dataverse kept failing after retries')}. Changes already acknowledged are in Dynamics; the next run resumes from the last acknowledged cursor.`,
        ),
      },
      { Initialize_results: ['Succeeded'] },
    ),
  };
  const triggers: Json = {
    Recurrence: {
      type: 'Recurrence',
      recurrence: { frequency: 'Minute', interval: ctx.intervalMinutes },
      runtimeConfiguration: { concurrency: { runs: 1 } },
    },
  };
  return flowDocument(ctx, [ENV.pageSize, ENV.consumer, ...lookups.envVars], triggers, actions);
}

export const assetsScheduled: FlowGenerator = {
  id: '987fe340-fb2d-462c-ac02-874a7d1eba8d',
  name: 'Assets to Dynamics (scheduled)',
  description:
    'Every interval, pages through the CMMS asset change feed, upserts each asset into the asset table by its alternate key and acknowledges every page with per-record results.',
  tables: ['assets'],
  definition: (ctx) => definition({ entity: 'assets', getChanges: 'GetAssetChanges', noun: 'asset', failureCode: 'AssetSyncFailed' }, ctx),
};

export const purchaseOrdersScheduled: FlowGenerator = {
  id: '91929aa3-6486-489c-80e8-9676c15dd3a8',
  name: 'Purchase orders to Dynamics (scheduled)',
  description:
    'Every interval, pages through the CMMS purchase-order change feed, upserts each purchase order by its alternate key and acknowledges every page with per-record results.',
  tables: ['purchaseOrders'],
  definition: (ctx) =>
    definition({ entity: 'purchaseOrders', getChanges: 'GetPurchaseOrderChanges', noun: 'purchase order', failureCode: 'PurchaseorderSyncFailed' }, ctx),
};
