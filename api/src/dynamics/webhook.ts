/**
 * Registers the API's Dataverse webhook receiver in an environment: a `serviceendpoint` (contract
 * Webhook, WebhookKey auth: Dataverse appends `?code=<key>`) and an asynchronous
 * `sdkmessageprocessingstep` on the table's Update message, filtered to the status column
 * (reference §6.1). Found by name and updated in place, so running it twice never duplicates.
 */
import type { DataverseClient } from './index.ts';
import { guidFromEntityId, filterLiteral } from './keys.ts';

/** serviceendpoint.contract: 8 = Webhook. */
const CONTRACT_WEBHOOK = 8;
/** serviceendpoint.authtype: 4 = WebhookKey (sent as `?code=`). */
const AUTH_WEBHOOK_KEY = 4;
/** serviceendpoint.messageformat: 2 = JSON. */
const FORMAT_JSON = 2;
/** Step stage 40 = PostOperation; mode 1 = Asynchronous; deployment 0 = server only. */
const STAGE_POST_OPERATION = 40;
const MODE_ASYNC = 1;

export interface WebhookRegistration {
  name: string;
  /** The receiver, e.g. `https://api.example.com/dataverse/webhook`. */
  url: string;
  key: string;
  entityLogicalName: string;
  filteringAttributes?: string;
  remove?: boolean;
}

export interface WebhookRegistrationResult {
  serviceEndpointId: string | undefined;
  stepId: string | undefined;
  endpoint: 'created' | 'updated' | 'removed' | 'absent';
  step: 'created' | 'updated' | 'removed' | 'absent';
}

interface Rows<T> {
  value: T[];
}

async function first<T>(client: DataverseClient, path: string): Promise<T | undefined> {
  return (await client.getJson<Rows<T>>(path)).value[0];
}

async function createRow(client: DataverseClient, entitySet: string, body: Record<string, unknown>): Promise<string> {
  // A create is not idempotent, so it is never retried: a second run finds the row by name instead.
  const res = await client.request({ method: 'POST', path: entitySet, body, idempotent: false });
  const id = guidFromEntityId(res.headers.get('odata-entityid'));
  if (!id) throw new Error(`Dataverse created a ${entitySet} row but sent no OData-EntityId`);
  return id;
}

export async function registerDataverseWebhook(
  client: DataverseClient,
  registration: WebhookRegistration,
): Promise<WebhookRegistrationResult> {
  const { name, url, key, entityLogicalName } = registration;
  const filteringAttributes = registration.filteringAttributes ?? 'statuscode';
  const endpoint = await first<{ serviceendpointid: string }>(
    client,
    `serviceendpoints?$select=serviceendpointid&$filter=${encodeURIComponent(`name eq ${filterLiteral(name)} and contract eq ${CONTRACT_WEBHOOK}`)}`,
  );
  const steps = endpoint
    ? (await client.getJson<Rows<{ sdkmessageprocessingstepid: string }>>(
        `sdkmessageprocessingsteps?$select=sdkmessageprocessingstepid&$filter=${encodeURIComponent(`_eventhandler_value eq ${endpoint.serviceendpointid}`)}`,
      )).value
    : [];

  if (registration.remove) {
    for (const step of steps) await client.request({ method: 'DELETE', path: `sdkmessageprocessingsteps(${step.sdkmessageprocessingstepid})` });
    if (endpoint) await client.request({ method: 'DELETE', path: `serviceendpoints(${endpoint.serviceendpointid})` });
    return {
      serviceEndpointId: endpoint?.serviceendpointid,
      stepId: steps[0]?.sdkmessageprocessingstepid,
      endpoint: endpoint ? 'removed' : 'absent',
      step: steps.length ? 'removed' : 'absent',
    };
  }

  const endpointBody = {
    name,
    url,
    contract: CONTRACT_WEBHOOK,
    authtype: AUTH_WEBHOOK_KEY,
    authvalue: key,
    messageformat: FORMAT_JSON,
    description: 'Energy CMMS connector: purchase-order status changes',
  };
  let endpointId: string;
  if (endpoint) {
    endpointId = endpoint.serviceendpointid;
    await client.request({ method: 'PATCH', path: `serviceendpoints(${endpointId})`, body: endpointBody, headers: { 'If-Match': '*' } });
  } else {
    endpointId = await createRow(client, 'serviceendpoints', endpointBody);
  }

  const message = await first<{ sdkmessageid: string }>(client, `sdkmessages?$select=sdkmessageid&$filter=${encodeURIComponent("name eq 'Update'")}`);
  if (!message) throw new Error('Dataverse has no Update sdkmessage (unexpected)');
  const filter = await first<{ sdkmessagefilterid: string }>(
    client,
    `sdkmessagefilters?$select=sdkmessagefilterid&$filter=${encodeURIComponent(`_sdkmessageid_value eq ${message.sdkmessageid} and primaryobjecttypecode eq ${filterLiteral(entityLogicalName)}`)}`,
  );
  if (!filter) throw new Error(`The table ${entityLogicalName} has no Update message filter: check the table's logical name`);

  const stepBody = {
    name: `${name}: Update of ${entityLogicalName}`,
    description: `Sends ${entityLogicalName} ${filteringAttributes} changes to the CMMS API`,
    mode: MODE_ASYNC,
    stage: STAGE_POST_OPERATION,
    rank: 1,
    supporteddeployment: 0,
    asyncautodelete: false,
    filteringattributes: filteringAttributes,
    'sdkmessageid@odata.bind': `/sdkmessages(${message.sdkmessageid})`,
    'sdkmessagefilterid@odata.bind': `/sdkmessagefilters(${filter.sdkmessagefilterid})`,
    'eventhandler_serviceendpoint@odata.bind': `/serviceendpoints(${endpointId})`,
  };
  let stepId: string;
  const existing = steps[0];
  if (existing) {
    stepId = existing.sdkmessageprocessingstepid;
    await client.request({ method: 'PATCH', path: `sdkmessageprocessingsteps(${stepId})`, body: stepBody, headers: { 'If-Match': '*' } });
    // Earlier duplicates (from manual registration) would fire twice: keep one.
    for (const extra of steps.slice(1)) await client.request({ method: 'DELETE', path: `sdkmessageprocessingsteps(${extra.sdkmessageprocessingstepid})` });
  } else {
    stepId = await createRow(client, 'sdkmessageprocessingsteps', stepBody);
  }
  return {
    serviceEndpointId: endpointId,
    stepId,
    endpoint: endpoint ? 'updated' : 'created',
    step: existing ? 'updated' : 'created',
  };
}
