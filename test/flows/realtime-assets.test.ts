import { describe, expect, it } from 'vitest';
import { FLOWS } from '../support/flow-runner/harness.ts';
import { createAsset, useFlowWorld } from './setup.ts';

const world = useFlowWorld();

describe('Assets to Dynamics (real time)', () => {
  it('subscribes through the connector webhook trigger and upserts the asset of each event', async () => {
    const harness = world.harness();
    const { location } = await harness.enableWebhookTrigger();
    expect(location).toMatch(/\/webhooks\/[^/]+$/);
    await createAsset(world.api, 'WH-1');
    await createAsset(world.api, 'WH-2', { nombre: 'Inverter WH-2' });
    await world.webhooksDelivered();
    const runs = await harness.settle();
    expect(runs.map((r) => [r.flow, r.result.status])).toEqual([
      [FLOWS.assetsRealTime, 'Succeeded'],
      [FLOWS.assetsRealTime, 'Succeeded'],
    ]);
    expect(world.standin.tables.find('msdyn_customerasset', 'msdyn_assetnumber', 'WH-1')).toMatchObject({ msdyn_name: 'Transformer WH-1', msdyn_serialid: 'SN-WH-1' });
    expect(world.standin.tables.find('msdyn_customerasset', 'msdyn_assetnumber', 'WH-2')?.msdyn_name).toBe('Inverter WH-2');
  });

  it('deletes the row when the CMMS deletes the asset, and treats an already missing row as done', async () => {
    const harness = world.harness();
    await harness.enableWebhookTrigger();
    await createAsset(world.api, 'WH-3');
    await world.webhooksDelivered();
    await harness.settle();
    expect(world.standin.tables.find('msdyn_customerasset', 'msdyn_assetnumber', 'WH-3')).toBeDefined();
    expect((await world.api.request.delete('/assets/WH-3').set('If-Match', '*')).status).toBe(204);
    await world.webhooksDelivered();
    const [deleted] = await harness.settle();
    expect(deleted?.result.status).toBe('Succeeded');
    expect(world.standin.tables.find('msdyn_customerasset', 'msdyn_assetnumber', 'WH-3')).toBeUndefined();
    // The same delete again (a redelivery): Dataverse answers 404, which the flow accepts.
    const again = await harness.run(FLOWS.assetsRealTime, { body: { key: 'WH-3', operation: 'delete', record: { msdyn_assetnumber: 'WH-3' } } });
    expect(again.status).toBe('Succeeded');
    expect(again.log.find((l) => l.name === 'Delete_row')?.error?.code).toBe('404');
  });

  it('when Dataverse refuses the row, fails the run with a message naming the asset', async () => {
    const harness = world.harness();
    const run = await harness.run(FLOWS.assetsRealTime, { body: { key: 'WH-9', operation: 'upsert', record: { msdyn_assetnumber: 'WH-9', msdyn_name: 'x'.repeat(300) } } });
    expect(run.status).toBe('Failed');
    expect(run.error?.code).toBe('AssetRealTimeSyncFailed');
    expect(run.error?.message).toMatch(/^Asset WH-9 was not written to Dynamics: .*msdyn_name.*scheduled asset flow will pick the change up again/);
  });
});
