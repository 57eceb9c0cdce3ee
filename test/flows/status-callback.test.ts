import { describe, expect, it } from 'vitest';
import { FLOWS } from '../support/flow-runner/harness.ts';
import { createPurchaseOrder, environment, HUMAN_USER, INTEGRATION_USER, PO_SET, PO_TABLE, useFlowWorld } from './setup.ts';

const world = useFlowWorld();
// The documented mapping's statuscode option values (publisher option-value prefix 61354).
const PENDING = 613540001;
const APPROVED = 613540002;

async function cmmsStatus(number: string): Promise<string> {
  const res = await world.api.request.get(`/purchase-orders/${number}`);
  expect(res.status).toBe(200);
  return res.body.estado as string;
}

async function pendingChanges(consumer: string): Promise<number> {
  const res = await world.api.request.get(`/sync/purchase-orders/changes?consumer=${consumer}`);
  expect(res.status).toBe(200);
  return (res.body.items as unknown[]).length;
}

describe('Purchase orders to Dynamics and status back to the CMMS', () => {
  it('the scheduled purchase-order flow writes each requisition with its mapped status into the configured table', async () => {
    await createPurchaseOrder(world.api, 'RQ-100');
    await createPurchaseOrder(world.api, 'RQ-101', 'borrador');
    const run = await world.harness().runScheduled(FLOWS.purchaseOrdersScheduled);
    expect(run.status, JSON.stringify(run.error)).toBe('Succeeded');
    expect(world.standin.tables.find(PO_TABLE, 'name', 'RQ-100')).toMatchObject({ description: 'Spare parts for RQ-100', totalamount: 1520.75, statuscode: PENDING });
    expect(world.standin.tables.find(PO_TABLE, 'name', 'RQ-101')).toMatchObject({ statuscode: 613540000 });
  });

  it('after a status change in Dynamics the call-back flow sets the CMMS status, and the echo ends', async () => {
    await createPurchaseOrder(world.api, 'RQ-200');
    const env = environment();
    const harness = world.harness(env);
    harness.enableDataverseTrigger();

    // CMMS → Dynamics: the upsert carries statuscode, so Dataverse fires the status trigger: echo #1.
    expect((await harness.runScheduled(FLOWS.purchaseOrdersScheduled)).status).toBe('Succeeded');
    const echo = await harness.settle();
    expect(echo.map((r) => [r.flow, r.result.status])).toContainEqual([FLOWS.statusToCmms, 'Succeeded']);
    expect(await cmmsStatus('RQ-200')).toBe('pendiente');
    expect(await pendingChanges(env.cmms_SyncConsumer!)).toBe(0);

    // A person approves the order in Dynamics.
    const approve = await harness.gateway.request(HUMAN_USER, 'PATCH', `${PO_SET}(name='RQ-200')`, { statuscode: APPROVED });
    expect(approve.statusCode).toBe(200);
    const callback = await harness.settle();
    expect(callback).toHaveLength(1);
    expect(callback[0]!.result.status, JSON.stringify(callback[0]!.result.error)).toBe('Succeeded');
    expect(await cmmsStatus('RQ-200')).toBe('aprobada');

    // A change applied from Dynamics is never sent back to it: no echo at all, however often the flow runs.
    const echoes = [];
    const upserts = world.standin.stats.byKind.upsert ?? 0;
    for (let round = 0; round < 3; round++) {
      expect((await harness.runScheduled(FLOWS.purchaseOrdersScheduled)).status).toBe('Succeeded');
      echoes.push(...(await harness.settle()));
    }
    expect(echoes).toEqual([]);
    expect(world.standin.stats.byKind.upsert ?? 0).toBe(upserts);
    expect(await pendingChanges(env.cmms_SyncConsumer!)).toBe(0);
    expect(await cmmsStatus('RQ-200')).toBe('aprobada');
    expect(world.standin.tables.find(PO_TABLE, 'name', 'RQ-200')?.statuscode).toBe(APPROVED);
    const before = harness.runs.length;
    expect((await harness.runScheduled(FLOWS.purchaseOrdersScheduled)).status).toBe('Succeeded');
    expect(await harness.settle()).toHaveLength(0);
    expect(harness.runs.length).toBe(before + 1);
  });

  it('with the integration user set, the flows own writes do not trigger the call-back at all', async () => {
    await createPurchaseOrder(world.api, 'RQ-300');
    const harness = world.harness(environment({ cmms_IntegrationUserId: INTEGRATION_USER }));
    harness.enableDataverseTrigger();
    await harness.runScheduled(FLOWS.purchaseOrdersScheduled);
    expect(harness.suppressed.length).toBeGreaterThan(0);
    expect(await harness.settle()).toHaveLength(0);
    await harness.gateway.request(HUMAN_USER, 'PATCH', `${PO_SET}(name='RQ-300')`, { statuscode: APPROVED });
    const runs = await harness.settle();
    expect(runs.map((r) => r.result.status)).toEqual(['Succeeded']);
    expect(await cmmsStatus('RQ-300')).toBe('aprobada');
  });

  it('only status changes fire the call-back: editing another column runs nothing', async () => {
    const harness = world.harness();
    harness.enableDataverseTrigger();
    await harness.gateway.request(HUMAN_USER, 'PATCH', `${PO_SET}(name='RQ-300')`, { description: 'Edited in Dynamics' });
    expect(harness.queued).toBe(0);
  });

  it('when the CMMS refuses the status, the run fails with a message naming the requisition, the status and the reason', async () => {
    await createPurchaseOrder(world.api, 'RQ-400', 'borrador');
    const harness = world.harness();
    await harness.runScheduled(FLOWS.purchaseOrdersScheduled);
    harness.enableDataverseTrigger();
    // borrador → aprobada skips the approval step, which the CMMS does not allow.
    await harness.gateway.request(HUMAN_USER, 'PATCH', `${PO_SET}(name='RQ-400')`, { statuscode: APPROVED });
    const [run] = await harness.settle();
    expect(run?.result.status).toBe('Failed');
    expect(run?.result.error?.code).toBe('PurchaseOrderStatusNotSent');
    expect(run?.result.error?.message).toMatch(new RegExp(`^The CMMS did not take status ${APPROVED} for requisition RQ-400: .+`));
    expect(await cmmsStatus('RQ-400')).toBe('borrador');
  });
});
