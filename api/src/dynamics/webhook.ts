/**
 * Registers the API's Dataverse webhook receiver in an environment: a `serviceendpoint` (contract
 * Webhook, WebhookKey auth: Dataverse appends `?code=<key>`), an asynchronous
 * `sdkmessageprocessingstep` on the table's Update message filtered to the given columns, and a
 * post-image on that step (reference §6.1, §6.2): an Update's Target carries only the changed
 * columns, so without the image the receiver would not see the record's key. Everything is found
 * (endpoint by name, step by endpoint, image by step and alias) and updated in place, so running it
 * twice never duplicates.
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
/** sdkmessageprocessingstepimage.imagetype: 1 = PostImage (the row as it is after the change). */
const IMAGE_POST = 1;
/** The key the image has in the payload's PostEntityImages list. */
export const POST_IMAGE_ALIAS = 'PostImage';

export interface WebhookRegistration {
  name: string;
  /** The receiver, e.g. `https://api.example.com/dataverse/webhook`. */
  url: string;
  key: string;
  entityLogicalName: string;
  /** The columns whose change fires the step (the status column). */
  filteringAttributes: readonly string[];
  /** The columns of the post-image: at least the key column the receiver finds the record by. */
  imageAttributes: readonly string[];
  remove?: boolean;
}

type Outcome = 'created' | 'updated' | 'removed' | 'absent';

export interface WebhookRegistrationResult {
  serviceEndpointId: string | undefined;
  stepId: string | undefined;
  imageId: string | undefined;
  endpoint: Outcome;
  step: Outcome;
  image: Outcome;
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

interface ImageRow {
  sdkmessageprocessingstepimageid: string;
  entityalias: string | null;
}

async function imagesOf(client: DataverseClient, stepId: string): Promise<ImageRow[]> {
  return (await client.getJson<Rows<ImageRow>>(
    `sdkmessageprocessingstepimages?$select=sdkmessageprocessingstepimageid,entityalias&$filter=${encodeURIComponent(`_sdkmessageprocessingstepid_value eq ${stepId}`)}`,
  )).value;
}

// Aliases are compared without case, so a hand-made "postimage" is recognised rather than duplicated.
const isOurs = (image: ImageRow): boolean => image.entityalias?.toLowerCase() === POST_IMAGE_ALIAS.toLowerCase();

async function deleteImages(client: DataverseClient, images: readonly ImageRow[]): Promise<void> {
  for (const image of images) {
    await client.request({ method: 'DELETE', path: `sdkmessageprocessingstepimages(${image.sdkmessageprocessingstepimageid})` });
  }
}

/**
 * Removes a step and its images, images first: the run deletes (and reports) them itself instead of
 * relying on the cascade, and a failure part-way never leaves an image pointing at no step.
 */
async function deleteStep(client: DataverseClient, stepId: string): Promise<ImageRow[]> {
  const images = await imagesOf(client, stepId);
  await deleteImages(client, images);
  await client.request({ method: 'DELETE', path: `sdkmessageprocessingsteps(${stepId})` });
  return images;
}

async function findRegistration(client: DataverseClient, name: string) {
  const endpoint = await first<{ serviceendpointid: string }>(
    client,
    `serviceendpoints?$select=serviceendpointid&$filter=${encodeURIComponent(`name eq ${filterLiteral(name)} and contract eq ${CONTRACT_WEBHOOK}`)}`,
  );
  const steps = endpoint
    ? (await client.getJson<Rows<{ sdkmessageprocessingstepid: string }>>(
        `sdkmessageprocessingsteps?$select=sdkmessageprocessingstepid&$filter=${encodeURIComponent(`_eventhandler_value eq ${endpoint.serviceendpointid}`)}`,
      )).value
    : [];
  return { endpoint, steps };
}

/** Removes the endpoint named `name`, its steps and their images; needs no table or mapping. */
export async function removeDataverseWebhook(client: DataverseClient, name: string): Promise<WebhookRegistrationResult> {
  const { endpoint, steps } = await findRegistration(client, name);
  const removedImages: ImageRow[] = [];
  for (const step of steps) removedImages.push(...await deleteStep(client, step.sdkmessageprocessingstepid));
  if (endpoint) await client.request({ method: 'DELETE', path: `serviceendpoints(${endpoint.serviceendpointid})` });
  const image = removedImages.find(isOurs) ?? removedImages[0];
  return {
    serviceEndpointId: endpoint?.serviceendpointid,
    stepId: steps[0]?.sdkmessageprocessingstepid,
    imageId: image?.sdkmessageprocessingstepimageid,
    endpoint: endpoint ? 'removed' : 'absent',
    step: steps.length ? 'removed' : 'absent',
    image: removedImages.length ? 'removed' : 'absent',
  };
}

export async function registerDataverseWebhook(
  client: DataverseClient,
  registration: WebhookRegistration,
): Promise<WebhookRegistrationResult> {
  if (registration.remove) return removeDataverseWebhook(client, registration.name);
  const { name, url, key, entityLogicalName } = registration;
  // Dataverse stores both lists as comma-separated logical names (lower case).
  const filteringAttributes = [...new Set(registration.filteringAttributes.map((a) => a.toLowerCase()))].join(',');
  const imageAttributes = [...new Set(registration.imageAttributes.map((a) => a.toLowerCase()))].join(',');
  if (!filteringAttributes || !imageAttributes) {
    throw new Error('A webhook step needs at least one filtering attribute and one image attribute');
  }
  const { endpoint, steps } = await findRegistration(client, name);

  const endpointBody = {
    name,
    url,
    contract: CONTRACT_WEBHOOK,
    authtype: AUTH_WEBHOOK_KEY,
    authvalue: key,
    messageformat: FORMAT_JSON,
    description: `Energy CMMS connector: ${name}`,
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
    for (const extra of steps.slice(1)) await deleteStep(client, extra.sdkmessageprocessingstepid);
  } else {
    stepId = await createRow(client, 'sdkmessageprocessingsteps', stepBody);
  }

  const imageBody = {
    name: POST_IMAGE_ALIAS,
    entityalias: POST_IMAGE_ALIAS,
    imagetype: IMAGE_POST,
    messagepropertyname: 'Target',
    attributes: imageAttributes,
    description: `${entityLogicalName} after the change: the key the CMMS API finds the purchase order by`,
    'sdkmessageprocessingstepid@odata.bind': `/sdkmessageprocessingsteps(${stepId})`,
  };
  // Images under other aliases were added by someone else and are left alone; ours is kept once.
  const ours = existing ? (await imagesOf(client, stepId)).filter(isOurs) : [];
  let imageId: string;
  const existingImage = ours[0];
  if (existingImage) {
    imageId = existingImage.sdkmessageprocessingstepimageid;
    await client.request({ method: 'PATCH', path: `sdkmessageprocessingstepimages(${imageId})`, body: imageBody, headers: { 'If-Match': '*' } });
    await deleteImages(client, ours.slice(1));
  } else {
    imageId = await createRow(client, 'sdkmessageprocessingstepimages', imageBody);
  }
  return {
    serviceEndpointId: endpointId,
    stepId,
    imageId,
    endpoint: endpoint ? 'updated' : 'created',
    step: existing ? 'updated' : 'created',
    image: existingImage ? 'updated' : 'created',
  };
}
