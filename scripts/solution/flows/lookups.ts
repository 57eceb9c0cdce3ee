/**
 * The lookups a mapping writes on every row of a table (Field Service purchase orders: the vendor
 * account and the currency), which are not CMMS fields. Their values differ per environment, so they
 * come from environment variables: the vendor account's id, and the currency's ISO code, resolved
 * to the currency row once per run with a List rows on transactioncurrencies (`$top` 1) before the
 * loop. A run whose vendor or currency is not in Dynamics ends Failed at once, saying which
 * variable to fix, before anything is written.
 *
 * The write form is the one real exports use for a lookup in the Dataverse connector's item
 * parameters: `item/<navigation property>@odata.bind` with the value `<entity set>(<id>)`, the id
 * spliced in with `@{…}`, e.g. coe-starter-kit's "Admin | Sync Template v4 (Solutions)" writes
 * `item/admin_SolutionEnvironment@odata.bind` as `admin_environments(@{triggerBody()?[…]})`
 * (CenterofExcellenceCoreComponents/SolutionPackage/src/Workflows/AdminSyncTemplatev4Solutions-
 * 838B0BC0-….json, Upsert_Solution). Other public flows write `/<entity set>(…)` with a leading
 * slash, built with concat(); the Web API takes both (dataverse-webapi.md §3.1).
 */
import type { LookupMapping } from '../../../api/src/sync/mapping.ts';
import { dataverseCall, ENV, odataLiteral, param, terminate, type EnvVar, type Json, type TableMapping } from './common.ts';

export interface LookupBinding {
  /** The environment variables the flow must declare. */
  envVars: EnvVar[];
  /** Actions run once before the loop, chained; the loop runs after `last`. */
  setup: Json;
  /** The last setup action (undefined when the table has no lookups). */
  last: string | undefined;
  /** `item/<navigation>@odata.bind` parameters for every write of the table. */
  items: Json;
}

const CURRENCY_ID = 'transactioncurrencyid';

function vendorAccount(l: LookupMapping, runAfter: Json): { actions: Json; last: string; item: string } {
  const id = param(ENV.vendorAccount);
  const get = 'Get_vendor_account';
  return {
    actions: {
      [get]: dataverseCall('GetItem', { entityName: l.entitySet, recordId: `@${id}` }, runAfter),
      Vendor_account_not_found: {
        ...terminate(
          'VendorAccountNotFound',
          `The vendor account '@{${id}}' (environment variable ${ENV.vendorAccount.schemaName}) could not be read in Dynamics: @{coalesce(outputs('${get}')?['body/error/message'], 'no answer')}. Set it to the id of an existing account; nothing was written.`,
        ),
        runAfter: { [get]: ['Failed', 'TimedOut'] },
      },
    },
    last: get,
    item: `${l.entitySet}(@{${id}})`,
  };
}

function currency(l: LookupMapping, runAfter: Json): { actions: Json; last: string; item: string } {
  const code = param(ENV.currencyCode);
  const find = 'Find_currency';
  const check = 'Currency_not_found';
  return {
    actions: {
      [find]: dataverseCall('ListRecords', { entityName: l.entitySet, $select: CURRENCY_ID, $filter: `isocurrencycode eq ${odataLiteral(code)}`, $top: 1 }, runAfter),
      [check]: {
        type: 'If',
        expression: { equals: [`@empty(outputs('${find}')?['body/value'])`, true] },
        actions: {
          Stop_without_currency: terminate(
            'CurrencyNotFound',
            `Dynamics has no currency with ISO code '@{${code}}' (environment variable ${ENV.currencyCode.schemaName}). Set it to a code listed under Settings > Business Management > Currencies; nothing was written.`,
          ),
        },
        runAfter: { [find]: ['Succeeded'] },
      },
    },
    last: check,
    item: `${l.entitySet}(@{first(outputs('${find}')?['body/value'])?['${CURRENCY_ID}']})`,
  };
}

const BY_SOURCE = { vendorAccount: { env: ENV.vendorAccount, build: vendorAccount }, currency: { env: ENV.currencyCode, build: currency } } as const;

/** The setup actions and bind parameters of a table's lookups (none for a table without lookups). */
export function lookupBinding(table: TableMapping): LookupBinding {
  const out: LookupBinding = { envVars: [], setup: {}, last: undefined, items: {} };
  for (const l of table.lookups ?? []) {
    const source = BY_SOURCE[l.from];
    const built = source.build(l, out.last ? { [out.last]: ['Succeeded'] } : {});
    out.envVars.push(source.env);
    Object.assign(out.setup, built.actions);
    out.last = built.last;
    out.items[`item/${l.navigation}@odata.bind`] = built.item;
  }
  return out;
}

