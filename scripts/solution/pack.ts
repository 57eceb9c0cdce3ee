/**
 * `npm run solution`: packs solution/connector and solution/sync into dist/solution/ as managed
 * and unmanaged zips plus deployment-settings files, with the sync flows generated for one mapping.
 *   --mapping <preset|file>               the API's mapping the flows write (default: documented)
 *   --purchase-order-table <logical>      for a mapping that leaves it to settings (as DYNAMICS_PURCHASE_ORDER_TABLE)
 *   --purchase-order-entity-set <set>     its entity set when not the plain plural
 *   --interval-minutes <n>                minutes between scheduled runs (default 15)
 *   --connector-internal-id shared_…      the connector's API name to write (import resolves it by logical name anyway)
 *   --out <dir>                           output folder (default dist/solution)
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { packSolutions } from './pack-lib.ts';

const root = resolve(import.meta.dirname, '..', '..');
try {
  const { values } = parseArgs({
    options: {
      mapping: { type: 'string' },
      'purchase-order-table': { type: 'string' },
      'purchase-order-entity-set': { type: 'string' },
      'interval-minutes': { type: 'string' },
      'connector-internal-id': { type: 'string' },
      out: { type: 'string' },
    },
  });
  const interval = values['interval-minutes'];
  if (interval !== undefined && !/^\d+$/.test(interval)) throw new Error(`--interval-minutes "${interval}" is not a whole number`);
  const result = packSolutions({
    root,
    outDir: values.out ? resolve(values.out) : undefined,
    connectorInternalId: values['connector-internal-id'],
    mapping: {
      mapping: values.mapping,
      purchaseOrderTable: values['purchase-order-table'],
      purchaseOrderEntitySet: values['purchase-order-entity-set'],
    },
    intervalMinutes: interval === undefined ? undefined : Number(interval),
  });
  const { assets, purchaseOrders } = result.mapping.entities;
  console.log(`flows generated for mapping ${result.mapping.source}: assets → ${assets.logicalName}, purchase orders → ${purchaseOrders.logicalName}`);
  for (const z of result.zips) {
    const sha = createHash('sha256').update(z.bytes).digest('hex').slice(0, 16);
    console.log(`${z.path}  ${z.bytes.length} bytes  sha256:${sha}…`);
  }
  for (const s of result.settings) console.log(`${s.path}  (deployment settings for ${s.solution})`);
} catch (e) {
  console.error(`solution packing failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
}
