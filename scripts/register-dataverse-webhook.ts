/**
 * Registers (or with --remove, removes) the Dataverse webhook that tells the API about purchase-order
 * status changes: a Webhook service endpoint with WebhookKey auth pointing at
 * `<API base>/dataverse/webhook`, and an asynchronous step on the purchase-order table's Update
 * message filtered to statuscode. Idempotent: running it again updates what is there.
 *   npm run dataverse:webhook -- --url https://cmms.example.com [--remove] [--name "..."]
 * Reads DYNAMICS_* settings, DATAVERSE_WEBHOOK_KEY and DYNAMICS_PURCHASE_ORDER_TABLE from the environment.
 */
import { parseArgs } from 'node:util';
import { loadConfig, missingDynamicsSettings } from '../api/src/config/index.ts';
import { createDataverseClient, registerDataverseWebhook, isDataverseError } from '../api/src/dynamics/index.ts';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    remove: { type: 'boolean', default: false },
    name: { type: 'string', default: 'Energy CMMS purchase-order status' },
  },
});

async function main(): Promise<number> {
  const config = loadConfig(process.env);
  const missing = missingDynamicsSettings(config);
  if (missing.length) {
    console.error(`Dynamics 365 is not configured: set ${missing.join(', ')}.`);
    return 2;
  }
  const key = config.sync.dataverseWebhookKey;
  if (!values.remove && !key) {
    console.error('Set DATAVERSE_WEBHOOK_KEY: Dataverse sends it as ?code= and the API checks it.');
    return 2;
  }
  if (!values.remove && !values.url) {
    console.error('Give the API base address with --url (e.g. --url https://cmms.example.com).');
    return 2;
  }
  const base = (values.url ?? '').replace(/\/+$/, '');
  const url = base.endsWith('/dataverse/webhook') ? base : `${base}/dataverse/webhook`;
  const client = createDataverseClient({ settings: config.dynamics });
  const result = await registerDataverseWebhook(client, {
    name: values.name,
    url,
    key: key ?? '',
    entityLogicalName: config.sync.purchaseOrderTable ?? 'msdyn_purchaseorder',
    filteringAttributes: 'statuscode',
    remove: values.remove,
  });
  console.log(`service endpoint ${result.endpoint}${result.serviceEndpointId ? ` (${result.serviceEndpointId})` : ''}, step ${result.step}${result.stepId ? ` (${result.stepId})` : ''}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (isDataverseError(e)) console.error(`${e.message}\n${e.hint}`);
    else console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
