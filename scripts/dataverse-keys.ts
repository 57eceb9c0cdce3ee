/**
 * `npm run dataverse:keys`: makes sure each table of the mapping in force has the alternate key the
 * sync writes by (assets on the CMMS code's column, purchase orders on the requisition number's),
 * creating a missing one, and prints each key's index state. Idempotent: run it again to see when
 * Dataverse has finished building the index (Active); a sync started before then stops with a
 * message saying so. The tables the Energy CMMS tables solution ships already carry their keys;
 * the Field Service preset needs this command (msdyn_assettag, msdyn_name are not keys there).
 * Reads the DYNAMICS_* and mapping settings from the environment.
 */
import { ConfigError, loadConfig, missingDynamicsSettings } from '../api/src/config/index.ts';
import { ensureAlternateKey } from '../api/src/dynamics/alternate-keys.ts';
import { createDataverseClient, isDataverseError } from '../api/src/dynamics/index.ts';
import { loadMapping } from '../api/src/sync/mapping.ts';

async function main(): Promise<number> {
  const config = loadConfig(process.env);
  const missing = missingDynamicsSettings(config);
  if (missing.length) {
    console.error(`Dynamics 365 is not configured: set ${missing.join(', ')}.`);
    return 2;
  }
  const mapping = loadMapping(config);
  const client = createDataverseClient({ settings: config.dynamics });
  let pending = 0;
  for (const entity of ['assets', 'purchaseOrders'] as const) {
    const e = mapping.entities[entity];
    if (!e.logicalName) {
      console.error(`${entity}: the ${mapping.name} mapping names no table (set DYNAMICS_PURCHASE_ORDER_TABLE).`);
      return 2;
    }
    const key = await ensureAlternateKey(client, e.logicalName, e.keyColumn);
    if (key.status !== 'Active') pending++;
    console.log(`${key.table}.${key.column}: key ${key.schemaName} ${key.action === 'created' ? 'created' : 'already there'}, ${key.status}`);
  }
  if (pending) console.log('Dataverse builds new keys in the background: run this again until every key is Active before the first sync.');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    if (isDataverseError(e)) console.error(`${e.message}\n${e.hint}`);
    else console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
