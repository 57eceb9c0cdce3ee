/**
 * Every other operation with a JSON body in openapi.yaml (listed from the spec, not by hand): a
 * body with one field broken is refused with a problem naming the field and rule, and nothing is
 * stored. The Dataverse webhook receiver is left out: its body is Dataverse's own open-ended
 * RemoteExecutionContext (additionalProperties: true), checked by its own tests.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { brokenBodies } from './broken.ts';
import { operationsWithBody, requestSchema, toJsonText } from './spec-arbitrary.ts';
import { expectRefused, PROPERTY_TIMEOUT, propertyParameters, send } from './support.ts';

/**
 * Operations covered by their own property files, the Dataverse receiver (see above), and
 * ApplyAssetChangesFromDynamics, whose `values` is open-ended too (the mapping decides its columns;
 * test/sync/inbound-assets.test.ts refuses each bad column by name).
 */
const ELSEWHERE = new Set(['CreateAsset', 'UpdateAsset', 'CreatePurchaseOrder', 'UpdatePurchaseOrder', 'SetPurchaseOrderStatus', 'ReceiveDataverseWebhook', 'ApplyAssetChangesFromDynamics']);
const TABLES = ['assets', 'purchase_orders', 'change_log', 'sync_consumers', 'sync_cursors', 'sync_failures', 'webhook_subscriptions', 'webhook_deliveries', 'sync_jobs'];

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

async function snapshot(): Promise<Record<string, number>> {
  const r = await t.db.query<Record<string, number>>(`SELECT ${TABLES.map((table) => `(SELECT count(*)::int FROM ${table}) AS ${table}`).join(', ')}`);
  return r.rows[0]!;
}

const operations = operationsWithBody().filter((o) => !ELSEWHERE.has(o.operationId));

describe('request bodies of the other operations, generated from openapi.yaml', () => {
  it('lists the operations it covers from the spec', () => {
    expect(operations.map((o) => o.operationId).sort()).toEqual([
      'AcknowledgeChanges', 'ConsoleRetryParkedFailures', 'ConsoleStartSyncJob',
      'StartSyncJob', 'SubscribeAssetChanges', 'SubscribePurchaseOrderStatusChanges',
    ]);
  });

  for (const op of operations) {
    it(`${op.operationId}: when one field is broken, answers 400 problem+json naming that field and its rule, and stores nothing`, async () => {
      const schema = requestSchema(op.operationId);
      await fc.assert(fc.asyncProperty(brokenBodies(schema), async (broken) => {
        const before = await snapshot();
        // Path parameters get a valid value, so the refusal can only be about the body.
        const res = await send(t, op.method as 'post', op.path.replace(/\{[^}]+\}/g, 'PROP-1'), toJsonText(broken.body));
        expectRefused(res, broken);
        expect(await snapshot()).toEqual(before);
      }), propertyParameters(`${op.operationId} broken`));
    }, PROPERTY_TIMEOUT);
  }
});
