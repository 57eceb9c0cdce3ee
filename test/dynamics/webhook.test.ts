import { afterEach, describe, expect, test } from 'vitest';
import { registerDataverseWebhook } from '../../api/src/dynamics/index.ts';
import { harness, type Harness } from './helpers.ts';

let h: Harness | undefined;
afterEach(async () => { await h?.standin.close(); h = undefined; });

const registration = {
  name: 'Energy CMMS purchase-order status',
  url: 'https://cmms.example.com/dataverse/webhook',
  key: 'webhook-key-value',
  entityLogicalName: 'msdyn_purchaseorder',
  filteringAttributes: 'statuscode',
};

describe('Dataverse webhook registration', () => {
  test('creates a Webhook service endpoint with WebhookKey auth and an async Update step filtered to statuscode', async () => {
    h = await harness();
    const result = await registerDataverseWebhook(h.client(), registration);
    expect(result).toMatchObject({ endpoint: 'created', step: 'created' });
    const [endpoint] = h.standin.tables.rows('serviceendpoint');
    expect(endpoint).toMatchObject({ name: registration.name, url: registration.url, contract: 8, authtype: 4, authvalue: 'webhook-key-value', messageformat: 2 });
    const [step] = h.standin.tables.rows('sdkmessageprocessingstep');
    const update = h.standin.tables.find('sdkmessage', 'name', 'Update');
    const filter = h.standin.tables.rows('sdkmessagefilter').find((f) => f._sdkmessageid_value === update?.sdkmessageid && f.primaryobjecttypecode === 'msdyn_purchaseorder');
    expect(step).toMatchObject({ mode: 1, stage: 40, filteringattributes: 'statuscode', _eventhandler_value: endpoint!.serviceendpointid, _sdkmessageid_value: update?.sdkmessageid, _sdkmessagefilterid_value: filter?.sdkmessagefilterid });
  });

  test('when run twice, it updates the endpoint and step instead of duplicating them', async () => {
    h = await harness();
    const client = h.client();
    const first = await registerDataverseWebhook(client, registration);
    const second = await registerDataverseWebhook(client, { ...registration, url: 'https://cmms2.example.com/dataverse/webhook', key: 'rotated' });
    expect(second).toMatchObject({ endpoint: 'updated', step: 'updated', serviceEndpointId: first.serviceEndpointId, stepId: first.stepId });
    expect(h.standin.tables.rows('serviceendpoint')).toHaveLength(1);
    expect(h.standin.tables.rows('sdkmessageprocessingstep')).toHaveLength(1);
    expect(h.standin.tables.rows('serviceendpoint')[0]).toMatchObject({ url: 'https://cmms2.example.com/dataverse/webhook', authvalue: 'rotated' });
  });

  test('with remove, it deletes the step and the endpoint; removing again reports them absent', async () => {
    h = await harness();
    const client = h.client();
    await registerDataverseWebhook(client, registration);
    const removed = await registerDataverseWebhook(client, { ...registration, remove: true });
    expect(removed).toMatchObject({ endpoint: 'removed', step: 'removed' });
    expect(h.standin.tables.rows('serviceendpoint')).toHaveLength(0);
    expect(h.standin.tables.rows('sdkmessageprocessingstep')).toHaveLength(0);
    expect(await registerDataverseWebhook(client, { ...registration, remove: true })).toMatchObject({ endpoint: 'absent', step: 'absent' });
  });

  test('the webhook key is written but cannot be read back through the Web API', async () => {
    h = await harness();
    const client = h.client();
    await registerDataverseWebhook(client, registration);
    const read = await client.getJson<{ value: Array<Record<string, unknown>> }>('serviceendpoints?$select=name,authvalue');
    expect(read.value[0]?.authvalue).toBeNull();
  });
});
