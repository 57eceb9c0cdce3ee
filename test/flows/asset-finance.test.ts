import { describe, expect, it } from 'vitest';
import { FLOWS } from '../support/flow-runner/harness.ts';
import { createAsset, environment, HUMAN_USER, INTEGRATION_USER, useFlowWorld } from './setup.ts';

const world = useFlowWorld();
const SET = 'msdyn_customerassets';

async function bookValue(code: string): Promise<unknown> {
  const res = await world.api.request.get(`/assets/${code}`);
  expect(res.status).toBe(200);
  return res.body.valor_libros;
}

describe('Asset finance from Dynamics (the fifth flow)', () => {
  it('when finance changes the book value in Dynamics, the flow sets it in the CMMS, and the next push writes nothing back', async () => {
    await createAsset(world.api, 'FIN-100');
    const harness = world.harness();
    expect((await harness.runScheduled(FLOWS.assetsScheduled)).status).toBe('Succeeded');
    expect(world.standin.tables.find(SET, 'msdyn_assetnumber', 'FIN-100')).not.toHaveProperty('msdyn_currentbookvalue');
    harness.enableDataverseTrigger(FLOWS.assetFinance);

    const edit = await harness.gateway.request(HUMAN_USER, 'PATCH', `${SET}(msdyn_assetnumber='FIN-100')`, { msdyn_currentbookvalue: 87500.1234 });
    expect(edit.statusCode).toBe(200);
    const runs = await harness.settle();
    expect(runs.map((r) => [r.flow, r.result.status])).toEqual([[FLOWS.assetFinance, 'Succeeded']]);
    expect(await bookValue('FIN-100')).toBe(87500.1234);

    // The change came from Dynamics: the scheduled flow has nothing to write and nothing fires again.
    const upserts = world.standin.stats.byKind.upsert ?? 0;
    expect((await harness.runScheduled(FLOWS.assetsScheduled)).status).toBe('Succeeded');
    expect(await harness.settle()).toHaveLength(0);
    expect(world.standin.stats.byKind.upsert ?? 0).toBe(upserts);
  });

  it('an edit of a column the CMMS owns does not start the flow', async () => {
    await createAsset(world.api, 'FIN-101');
    const harness = world.harness();
    expect((await harness.runScheduled(FLOWS.assetsScheduled)).status).toBe('Succeeded');
    harness.enableDataverseTrigger(FLOWS.assetFinance);
    await harness.gateway.request(HUMAN_USER, 'PATCH', `${SET}(msdyn_assetnumber='FIN-101')`, { msdyn_name: 'Renamed in Dynamics' });
    expect(await harness.settle()).toHaveLength(0);
    expect(await bookValue('FIN-101')).toBe(98000.25);
  });

  it('writes by the integration user do not start the flow', async () => {
    await createAsset(world.api, 'FIN-102');
    const harness = world.harness(environment({ cmms_IntegrationUserId: INTEGRATION_USER }));
    expect((await harness.runScheduled(FLOWS.assetsScheduled)).status).toBe('Succeeded');
    harness.enableDataverseTrigger(FLOWS.assetFinance);
    await harness.gateway.request(INTEGRATION_USER, 'PATCH', `${SET}(msdyn_assetnumber='FIN-102')`, { msdyn_currentbookvalue: 1 });
    expect(await harness.settle()).toHaveLength(0);
  });

  it('is packed with a trigger filtered to the Dynamics-owned columns and Try/Catch with retries', () => {
    const flow = world.harness().packed.flows.get(FLOWS.assetFinance)! as Record<string, any>;
    const def = flow.properties.definition;
    const trigger = Object.values(def.triggers)[0] as Record<string, any>;
    expect(trigger.inputs.parameters['subscriptionRequest/filteringattributes']).toBe('msdyn_currentbookvalue');
    expect(trigger.inputs.parameters['subscriptionRequest/entityname']).toBe('msdyn_customerasset');
    expect(Object.keys(def.actions)).toEqual(['Try', 'Catch']);
    expect(def.actions.Try.actions.Send_finance_values_to_CMMS.inputs.retryPolicy).toMatchObject({ type: 'exponential' });
  });
});
