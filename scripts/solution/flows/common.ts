/**
 * What every generated cloud flow shares: the definition header, connection references in the
 * exported form (a custom connector named by `api.name` AND `api.logicalName`, so import finds it
 * in an environment that gave it another id: real-exports.md), environment-variable parameters,
 * connector calls with their retry policies, and the Try/Catch scopes (solution-format.md §7).
 */
import type { EntityMapping } from '../../../api/src/sync/mapping.ts';
import { writesToDynamics } from '../../../api/src/sync/ownership.ts';

export type Json = Record<string, unknown>;

export const DATAVERSE_API = 'shared_commondataserviceforapps';
export const API_PREFIX = '/providers/Microsoft.PowerApps/apis/';

/** The custom connector as flows name it: the environment-specific API name and its Dataverse name. */
export interface ConnectorIdentity {
  /** `shared_…` (connectorinternalid) of the environment the sources were made in. */
  apiName: string;
  /** The connector row's `name` (e.g. cmms_energycmms): what import resolves the reference by. */
  logicalName: string;
  /** The connection reference the flows bind to. */
  connectionReference: string;
}

export interface FlowContext {
  connector: ConnectorIdentity;
  /** The Dataverse connection reference's logical name. */
  dataverseConnectionReference: string;
  assets: TableMapping;
  purchaseOrders: TableMapping;
  /** Minutes between runs of the scheduled flows (a literal in the Recurrence trigger). */
  intervalMinutes: number;
}

/** One entity of the mapping with its table resolved (no nulls). */
export interface TableMapping extends Omit<EntityMapping, 'logicalName' | 'entitySet'> {
  logicalName: string;
  entitySet: string;
}

/** A flow the generator writes: its identity in the solution and how its definition is built. */
export interface FlowGenerator {
  /** Workflow id (lower case, no braces); stable across releases so upgrades replace the flow. */
  id: string;
  /** Display name; also the start of its file name. */
  name: string;
  description: string;
  /** The mapped tables the flow reads or writes (for the solution's missing dependencies). */
  tables: readonly ('assets' | 'purchaseOrders')[];
  /** False when the mapping gives the flow nothing to do (it is then not packed); absent means always. */
  applies?(ctx: FlowContext): boolean;
  definition(ctx: FlowContext): Json;
}

/** Environment variables the flows read: only what differs per environment, never a table or column. */
export const ENV = {
  pageSize: { schemaName: 'cmms_SyncPageSize', display: 'Sync page size', type: 'Int', defaultValue: 100, description: 'Changes fetched from the CMMS per page.' },
  consumer: { schemaName: 'cmms_SyncConsumer', display: 'Sync consumer name', type: 'String', defaultValue: 'dynamics365', description: 'Change-feed consumer name of this environment.' },
  integrationUser: { schemaName: 'cmms_IntegrationUserId', display: 'Integration user id', type: 'String', defaultValue: '', description: 'User whose changes are sync echoes.' },
  // What a mapping's lookups bind (Field Service purchase orders): no default, each environment has its own.
  vendorAccount: { schemaName: 'cmms_VendorAccountId', display: 'Vendor account id', type: 'String', defaultValue: '', description: 'Account every purchase order is written with.' },
  currencyCode: { schemaName: 'cmms_CurrencyCode', display: 'Currency code', type: 'String', defaultValue: '', description: 'ISO code of the currency purchase orders are written in.' },
} as const;

/** Variables without a default that a flow using them cannot run without (the deploy asks for them). */
export const NEEDED_WHEN_USED: readonly string[] = [ENV.vendorAccount.schemaName, ENV.currencyCode.schemaName];
export type EnvVar = (typeof ENV)[keyof typeof ENV];

export const paramName = (v: EnvVar) => `${v.display} (${v.schemaName})`;
export const param = (v: EnvVar) => `parameters('${paramName(v)}')`;

export const CMMS_RETRY = { type: 'exponential', count: 6, interval: 'PT10S', minimumInterval: 'PT5S', maximumInterval: 'PT10M' };
export const DATAVERSE_RETRY = { type: 'exponential', count: 8, interval: 'PT5S', minimumInterval: 'PT5S', maximumInterval: 'PT15M' };

/** A WDL string literal: single quotes doubled. */
export const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

export function connectionReferences(ctx: FlowContext): Json {
  return {
    [ctx.connector.apiName]: {
      runtimeSource: 'embedded',
      connection: { connectionReferenceLogicalName: ctx.connector.connectionReference },
      api: { name: ctx.connector.apiName, logicalName: ctx.connector.logicalName },
    },
    [DATAVERSE_API]: {
      runtimeSource: 'embedded',
      connection: { connectionReferenceLogicalName: ctx.dataverseConnectionReference },
      api: { name: DATAVERSE_API },
    },
  };
}

/** The whole flow file (the workflow row's clientdata). */
export function flowDocument(ctx: FlowContext, envVars: readonly EnvVar[], triggers: Json, actions: Json): Json {
  const parameters: Json = {
    $connections: { defaultValue: {}, type: 'Object' },
    $authentication: { defaultValue: {}, type: 'SecureObject' },
  };
  for (const v of envVars) {
    parameters[paramName(v)] = { defaultValue: v.defaultValue, type: v.type, metadata: { schemaName: v.schemaName, description: v.description } };
  }
  return {
    properties: {
      connectionReferences: connectionReferences(ctx),
      definition: {
        $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
        contentVersion: '1.0.0.0',
        parameters,
        triggers,
        actions,
      },
      templateName: '',
    },
    schemaVersion: '1.0.0.0',
  };
}

function host(apiName: string, operationId: string): Json {
  return { connectionName: apiName, operationId, apiId: `${API_PREFIX}${apiName}` };
}

export function cmmsCall(ctx: FlowContext, operationId: string, parameters: Json, runAfter: Json = {}): Json {
  return {
    type: 'OpenApiConnection',
    inputs: { host: host(ctx.connector.apiName, operationId), parameters, authentication: "@parameters('$authentication')", retryPolicy: CMMS_RETRY },
    runAfter,
  };
}

export function cmmsTrigger(ctx: FlowContext, operationId: string): Json {
  return {
    type: 'OpenApiConnectionWebhook',
    inputs: { host: host(ctx.connector.apiName, operationId), parameters: {}, authentication: "@parameters('$authentication')" },
  };
}

export function dataverseCall(operationId: string, parameters: Json, runAfter: Json = {}): Json {
  return {
    type: 'OpenApiConnection',
    inputs: { host: host(DATAVERSE_API, operationId), parameters, authentication: "@parameters('$authentication')", retryPolicy: DATAVERSE_RETRY },
    runAfter,
  };
}

/**
 * Dataverse "When a row is modified" (message 3, organization scope, run as the modifying user) on a
 * literal table, filtered to literal columns; writes by the integration user (an environment
 * variable) are sync echoes and do not start a run.
 */
export function rowModifiedTrigger(table: TableMapping, filteringAttributes: readonly string[]): Json {
  const user = param(ENV.integrationUser);
  return {
    ...dataverseTrigger({
      'subscriptionRequest/message': 3,
      'subscriptionRequest/entityname': table.logicalName,
      'subscriptionRequest/scope': 4,
      'subscriptionRequest/filteringattributes': filteringAttributes.join(','),
      'subscriptionRequest/runas': 3,
    }),
    conditions: [{ expression: `@or(empty(${user}), not(equals(triggerOutputs()?['body/_modifiedby_value'], ${user})))` }],
  };
}

export function dataverseTrigger(parameters: Json): Json {
  return {
    type: 'OpenApiConnectionWebhook',
    inputs: { host: host(DATAVERSE_API, 'SubscribeWebhookTrigger'), parameters, authentication: "@parameters('$authentication')" },
  };
}

/** A WDL template quoting a runtime value as an OData string literal (single quotes doubled). */
export const odataLiteral = (value: string) => `'@{replace(string(${value}), '''', '''''')}'`;

/** What one write or delete of a change is given: its Row ID, the suffix of its action names, what it runs after. */
export interface RowAddress {
  recordId: string;
  /** '' on the alternate-key path, '_by_id' on the row-id path (action names are unique in a flow). */
  suffix: string;
  runAfter: Json;
}

/**
 * Writes a change by its alternate key (`<key column>='<key>'`, the key column a literal, quotes
 * doubled) when its key fits in a URL, or, for a key Dataverse cannot address there (`/ # < > * %
 * & : \ ? +`: the change then carries `rowId`, derived from the key exactly as the push engine
 * derives it), by the id of the row that already holds the key, found with List rows `$filter` on
 * the key column (a filter takes every character), or by `rowId` when no row holds it. A row made by
 * hand under another id is so updated or deleted in place instead of refused as a duplicate key.
 *
 * Real exports do the same: coe-starter-kit's "Admin | Sync Template v4 (Solutions)" lists rows
 * `$filter`ed on its own key (`See_if_in_inventory`), takes the first row's id or a new one, and
 * updates by that id (CenterofExcellenceCoreComponents/SolutionPackage/src/Workflows/
 * AdminSyncTemplatev4Solutions-838B0BC0-….json). The two paths are separate actions rather than
 * one write after a condition, so no expression reads the outputs of an action that did not run.
 * `find` names the List rows action; `onFindFailure` gives the actions run when it fails (e.g. recording the failure).
 */
export function byKeyOrRowId(
  table: TableMapping,
  change: string,
  find: string,
  build: (at: RowAddress) => Json,
  onFindFailure: (find: string) => Json = () => ({}),
): Json {
  const alternateKey = `@{concat('${table.keyColumn}=''', replace(string(${change}?['key']), '''', ''''''), '''')}`;
  const foundId = `@{coalesce(first(outputs('${find}')?['body/value'])?['${primaryIdColumn(table)}'], ${change}?['rowId'])}`;
  return {
    type: 'If',
    expression: { equals: [`@empty(${change}?['rowId'])`, true] },
    actions: build({ recordId: alternateKey, suffix: '', runAfter: {} }),
    else: {
      actions: {
        [find]: dataverseCall('ListRecords', {
          entityName: table.entitySet,
          $select: primaryIdColumn(table),
          $filter: `${table.keyColumn} eq ${odataLiteral(`${change}?['key']`)}`,
          $top: 1,
        }),
        ...build({ recordId: foundId, suffix: '_by_id', runAfter: { [find]: ['Succeeded'] } }),
        ...onFindFailure(find),
      },
    },
    runAfter: {},
  };
}

/**
 * One `item/<column>` per mapped column the CMMS writes, read from the change record: the columns
 * Dynamics owns are left out (the CMMS never writes them). The key column is written too: a row
 * addressed by its id needs it in the body, and on the alternate-key path Dataverse takes the same
 * value from the URL (it strips key columns on update and uses the URL's on create).
 */
export function columnItems(table: TableMapping, recordExpression: string): Json {
  const items: Json = {};
  for (const c of table.columns) {
    if (!writesToDynamics(c)) continue;
    items[`item/${c.column}`] = `@${recordExpression}?['record']?['${c.column}']`;
  }
  return items;
}

/** The table's primary id column, as Dataverse names it when the mapping does not. */
export const primaryIdColumn = (table: TableMapping) => table.primaryIdColumn ?? `${table.logicalName}id`;

export function tryCatch(tryActions: Json, catchActions: Json, tryRunAfter: Json = {}): Json {
  return {
    Try: { type: 'Scope', actions: tryActions, runAfter: tryRunAfter },
    Catch: { type: 'Scope', actions: catchActions, runAfter: { Try: ['Failed', 'TimedOut'] } },
  };
}

export function terminate(code: string, message: string): Json {
  return { type: 'Terminate', inputs: { runStatus: 'Failed', runError: { code, message } }, runAfter: {} };
}
