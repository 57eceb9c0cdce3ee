/**
 * What a sync job checks in Dynamics before its first write, so an environment that is not ready
 * fails with one clear message instead of one error per record:
 * - the table's alternate key on the mapped key column exists and its index is Active (Dataverse
 *   builds it in the background after the key is created; until then upserts by it fail);
 * - the lookups the mapping writes on every row (Field Service's vendor and currency) resolve: the
 *   vendor account exists, the currency is found by its ISO code. Resolved once per client.
 */
import type { DataverseClient } from '../dynamics/index.ts';
import { alternateKeys, type AlternateKey } from '../dynamics/alternate-keys.ts';
import { filterLiteral } from '../dynamics/keys.ts';
import { DataverseError } from '../dynamics/index.ts';
import { AppError } from '../errors/index.ts';
import type { Entity } from '../sync/change-log.ts';
import type { LookupMapping, Mapping } from '../sync/mapping.ts';


const ready = new WeakMap<DataverseClient, Map<string, Promise<Record<string, string>>>>();

function notReady(detail: string, setting?: string): AppError {
  return new AppError('NOT_CONFIGURED', { detail, ...(setting ? { extensions: { setting } } : {}) });
}

/** The alternate key on `keyColumn`, or a clear error naming what to do. */
export async function checkAlternateKey(client: DataverseClient, logicalName: string, keyColumn: string, mappingName: string): Promise<AlternateKey> {
  const key = (await alternateKeys(client, logicalName)).find((k) => k.KeyAttributes.length === 1 && k.KeyAttributes[0] === keyColumn);
  const remedy = mappingName === 'cmms-tables'
    ? 'import the Energy CMMS tables solution, which ships it'
    : 'create it with `npm run dataverse:keys` (or make.powerapps.com → Tables → Keys)';
  if (!key) throw notReady(`${logicalName} has no alternate key on ${keyColumn}, and the sync writes rows by it: ${remedy}, then start the sync again once the key is Active.`);
  if (key.EntityKeyIndexStatus !== 'Active') {
    const failed = key.EntityKeyIndexStatus === 'Failed'
      ? ' Failed means rows already share a value of the key: remove the duplicates, delete the key and create it again (`npm run dataverse:keys`).'
      : ' Dataverse builds the key\'s index in the background after the key is created (minutes on a large table); `npm run dataverse:keys` shows its state.';
    throw notReady(`The alternate key ${key.SchemaName} on ${logicalName}.${keyColumn} is ${key.EntityKeyIndexStatus}, not Active, so rows cannot be written by it yet: start the sync again when it is Active.${failed}`);
  }
  return key;
}

async function resolveLookup(client: DataverseClient, l: LookupMapping): Promise<string> {
  if (l.from === 'vendorAccount') {
    try {
      await client.getJson(`${l.entitySet}(${l.value})?$select=name`);
    } catch (e) {
      if (e instanceof DataverseError && e.status === 404) throw notReady(`DYNAMICS_VENDOR_ACCOUNT_ID: there is no account ${l.value} in Dynamics (${l.navigation} of every purchase order points to it).`, 'DYNAMICS_VENDOR_ACCOUNT_ID');
      throw e;
    }
    return `/${l.entitySet}(${l.value})`;
  }
  const filter = encodeURIComponent(`isocurrencycode eq ${filterLiteral(l.value!)}`);
  const found = await client.getJson<{ value: { transactioncurrencyid: string }[] }>(`${l.entitySet}?$select=transactioncurrencyid&$filter=${filter}`);
  const id = found.value[0]?.transactioncurrencyid;
  if (!id) throw notReady(`DYNAMICS_CURRENCY_CODE: Dynamics has no currency ${l.value} (add it under Settings → Business Management → Currencies, or set another code).`, 'DYNAMICS_CURRENCY_CODE');
  return `/${l.entitySet}(${id})`;
}

/**
 * Checks the table and returns the `@odata.bind` values every row of the entity is written with.
 * A success is remembered per client; a failure is not, so the next job checks again.
 */
export function preflight(client: DataverseClient, mapping: Mapping, entity: Entity): Promise<Record<string, string>> {
  const e = mapping.entities[entity];
  const id = `${mapping.name}:${entity}:${e.logicalName}`;
  let byClient = ready.get(client);
  if (!byClient) ready.set(client, (byClient = new Map()));
  const hit = byClient.get(id);
  if (hit) return hit;
  const work = (async () => {
    await checkAlternateKey(client, e.logicalName!, e.keyColumn, mapping.name);
    const binds: Record<string, string> = {};
    for (const l of e.lookups ?? []) binds[`${l.navigation}@odata.bind`] = await resolveLookup(client, l);
    return binds;
  })();
  byClient.set(id, work);
  work.catch(() => byClient.delete(id));
  return work;
}
