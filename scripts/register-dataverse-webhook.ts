/**
 * Registers (or with --remove, removes) the Dataverse webhooks that tell the API about changes made in
 * Dynamics. Purchase-order status changes: a Webhook service endpoint with WebhookKey auth pointing at
 * `<API base>/dataverse/webhook`, an asynchronous step on the purchase-order table's Update message
 * filtered to the status column, and a post-image carrying the key column, the status column and
 * modifiedon. Table and columns come from the CMMS → Dynamics mapping (MAPPING_PRESET or
 * MAPPING_FILE, DYNAMICS_PURCHASE_ORDER_TABLE), so the step matches what the receiver reads.
 * And, when the mapping gives Dynamics asset columns (the book value in every preset), a second
 * registration on the asset table filtered to exactly those columns, its post-image carrying the key
 * column, those columns and modifiedon.
 * Idempotent: running it again updates what is there.
 *   npm run dataverse:webhook -- --url https://cmms.example.com [--remove] [--name "..."] [--assets-name "..."]
 * Reads DYNAMICS_* settings, DATAVERSE_WEBHOOK_KEY and the mapping settings from the environment.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, missingDynamicsSettings } from '../api/src/config/index.ts';
import { createDataverseClient, registerDataverseWebhook, removeDataverseWebhook, isDataverseError } from '../api/src/dynamics/index.ts';
import type { WebhookRegistrationResult } from '../api/src/dynamics/webhook.ts';
import { isAppError } from '../api/src/errors/index.ts';
import { loadMapping } from '../api/src/sync/mapping.ts';
import { assetWebhookStep, purchaseOrderWebhookStep, type WebhookStep } from '../api/src/sync/webhook-step.ts';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    remove: { type: 'boolean', default: false },
    name: { type: 'string', default: 'Energy CMMS purchase-order status' },
    'assets-name': { type: 'string', default: 'Energy CMMS asset finance' },
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
    // Found by name: removal works even when the mapping no longer names the tables.
    for (const name of [values.name, values['assets-name']]) console.log(`${name}: ${report(await removeDataverseWebhook(client, name))}`);
    return 0;
  }
  const mapping = loadMapping(config);
  const registrations: Array<[string, () => WebhookStep | undefined]> = [
    [values.name, () => purchaseOrderWebhookStep(mapping)],
    [values['assets-name'], () => assetWebhookStep(mapping)],
  ];
  let registered = 0;
  for (const [name, stepOf] of registrations) {
    let step: WebhookStep | undefined;
    try {
      step = stepOf();
    } catch (e) {
      // One table not configured (e.g. no purchase-order table yet) must not block the other.
      if (isAppError(e) && e.code === 'NOT_CONFIGURED') { console.error(`${name}: skipped: ${e.detail ?? e.message}`); continue; }
      throw e;
    }
    if (!step) { console.log(`${name}: skipped: the mapping gives Dynamics no asset column`); continue; }
    const result = await registerDataverseWebhook(client, { name, url, key: key ?? '', ...step });
    console.log(`${name}: ${step.entityLogicalName}, filtered to ${step.filteringAttributes.join(',')}, image ${step.imageAttributes.join(',')}: ${report(result)}`);
    registered++;
  }
  if (registered === 0) return 2;
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
