/**
 * Registers (or with --remove, removes) the Dataverse webhook that tells the API about purchase-order
 * status changes: a Webhook service endpoint with WebhookKey auth pointing at
 * `<API base>/dataverse/webhook`, an asynchronous step on the purchase-order table's Update message
 * filtered to the status column, and a post-image carrying the key column, the status column and
 * modifiedon. Table and columns come from the CMMS → Dynamics mapping (MAPPING_PRESET or
 * MAPPING_FILE, DYNAMICS_PURCHASE_ORDER_TABLE), so the step matches what the receiver reads.
 * Idempotent: running it again updates what is there.
 *   npm run dataverse:webhook -- --url https://cmms.example.com [--remove] [--name "..."]
 * Reads DYNAMICS_* settings, DATAVERSE_WEBHOOK_KEY and the mapping settings from the environment.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, missingDynamicsSettings } from '../api/src/config/index.ts';
import { createDataverseClient, registerDataverseWebhook, removeDataverseWebhook, isDataverseError } from '../api/src/dynamics/index.ts';
import type { WebhookRegistrationResult } from '../api/src/dynamics/webhook.ts';
import { isAppError } from '../api/src/errors/index.ts';
import { loadMapping } from '../api/src/sync/mapping.ts';
import { purchaseOrderWebhookStep } from '../api/src/sync/webhook-step.ts';

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
  const id = (v: string | undefined) => (v ? ` (${v})` : '');
  const report = (r: WebhookRegistrationResult) =>
    `service endpoint ${r.endpoint}${id(r.serviceEndpointId)}, step ${r.step}${id(r.stepId)}, post-image ${r.image}${id(r.imageId)}`;
  if (values.remove) {
    // Found by name: removal works even when the mapping no longer names the table.
    console.log(report(await removeDataverseWebhook(client, values.name)));
    return 0;
  }
  const step = purchaseOrderWebhookStep(loadMapping(config));
  const result = await registerDataverseWebhook(client, { name: values.name, url, key: key ?? '', ...step });
  console.log(`${step.entityLogicalName}, filtered to ${step.filteringAttributes.join(',')}, image ${step.imageAttributes.join(',')}: ${report(result)}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof ConfigError || (isAppError(e) && e.code === 'NOT_CONFIGURED')) {
      console.error(e.message);
      process.exit(2);
    }
    if (isDataverseError(e)) console.error(`${e.message}\n${e.hint}`);
    else console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
