import { describe, expect, it } from 'vitest';
import { FLOWS } from '../support/flow-runner/harness.ts';
import { createAsset, environment, INTERVAL_MINUTES, useFlowWorld } from './setup.ts';

const world = useFlowWorld();
const codes = Array.from({ length: 23 }, (_, i) => `TR-${String(i + 1).padStart(3, '0')}`);

describe('Assets to Dynamics (scheduled)', () => {
  it('after one run the stand-in holds every asset once with the mapped values, paging until hasMore is false', async () => {
    for (const c of codes) await createAsset(world.api, c);
    const harness = world.harness();
    const run = await harness.runScheduled(FLOWS.assetsScheduled);
    expect(run.status, JSON.stringify(run.error)).toBe('Succeeded');
    expect(run.intervalMinutes).toBe(INTERVAL_MINUTES);
    const rows = world.standin.tables.rows('msdyn_customerasset');
    for (const c of codes) {
      const matching = rows.filter((r) => r.msdyn_assetnumber === c);
      expect(matching, c).toHaveLength(1);
      expect(matching[0]).toMatchObject({
        msdyn_name: `Transformer ${c}`,
        msdyn_serialid: `SN-${c}`,
        msdyn_acquisitioncost: 125000.5,
      });
      // Dynamics owns the book value: the flow never writes it.
      expect(matching[0]).not.toHaveProperty('msdyn_currentbookvalue');
      expect(String(matching[0]!.msdyn_acquisitiondate)).toMatch(/^2021-03-15/);
    }
    // 23 changes at 10 per page: three pages, each acknowledged.
    const pages = harness.cmms.calls.filter((c) => c.operationId === 'GetAssetChanges');
    const acks = harness.cmms.calls.filter((c) => c.operationId === 'AcknowledgeChanges');
    expect(pages).toHaveLength(3);
    expect(acks.map((a) => a.statusCode)).toEqual([200, 200, 200]);
  });

  it('a second run finds nothing new and writes nothing', async () => {
    const harness = world.harness(environment({ cmms_SyncConsumer: 'flows-second' }));
    await harness.runScheduled(FLOWS.assetsScheduled);
    const before = world.standin.stats.byKind.upsert ?? 0;
    const again = await harness.runScheduled(FLOWS.assetsScheduled);
    expect(again.status).toBe('Succeeded');
    expect(world.standin.stats.byKind.upsert ?? 0).toBe(before);
    expect(world.standin.tables.rows('msdyn_customerasset').filter((r) => codes.includes(String(r.msdyn_assetnumber)))).toHaveLength(codes.length);
  });

  it('carries updates and deletes made in the CMMS to the stand-in', async () => {
    const harness = world.harness(environment({ cmms_SyncConsumer: 'flows-upd' }));
    await harness.runScheduled(FLOWS.assetsScheduled);
    expect((await world.api.request.patch('/assets/TR-001').set('If-Match', '*').send({ nombre: 'Renamed transformer' })).status).toBeLessThan(300);
    expect((await world.api.request.delete('/assets/TR-002').set('If-Match', '*')).status).toBe(204);
    const run = await harness.runScheduled(FLOWS.assetsScheduled);
    expect(run.status, JSON.stringify(run.error)).toBe('Succeeded');
    expect(world.standin.tables.find('msdyn_customerasset', 'msdyn_assetnumber', 'TR-001')?.msdyn_name).toBe('Renamed transformer');
    expect(world.standin.tables.find('msdyn_customerasset', 'msdyn_assetnumber', 'TR-002')).toBeUndefined();
  });

  it('reports a record Dynamics refuses to the acknowledgement with the Dataverse message, and the run still succeeds', async () => {
    // msdyn_name holds 100 characters in Dataverse; the CMMS allows 200.
    await createAsset(world.api, 'TR-LONG', { nombre: 'N'.repeat(150) });
    const env = environment({ cmms_SyncConsumer: 'flows-fail' });
    const run = await world.harness(env).runScheduled(FLOWS.assetsScheduled);
    expect(run.status).toBe('Succeeded');
    expect(run.log.some((l) => l.name === 'Record_upsert_failure' && l.status === 'Succeeded')).toBe(true);
    const failures = await world.api.request.get(`/sync/failures?consumer=${env.cmms_SyncConsumer}`);
    expect(failures.status).toBe(200);
    const item = (failures.body.value as { key: string; lastError: string }[]).find((f) => f.key === 'TR-LONG');
    expect(item, JSON.stringify(failures.body)).toBeDefined();
    expect(item!.lastError).toMatch(/msdyn_name/);
    expect(world.standin.tables.find('msdyn_customerasset', 'msdyn_assetnumber', 'TR-LONG')).toBeUndefined();
  });

  it('rides out a throttling stand-in (429 + Retry-After) with its retry policies and still writes every asset once', async () => {
    world.standin.setFaults({ rate429: 0.35, retryAfterSeconds: 3, seed: 7 });
    try {
      world.standin.tables.clear('msdyn_customerasset');
      const run = await world.harness(environment({ cmms_SyncConsumer: 'flows-429' })).runScheduled(FLOWS.assetsScheduled);
      expect(run.status, JSON.stringify(run.error)).toBe('Succeeded');
      expect(world.standin.stats.faults['429'] ?? 0).toBeGreaterThan(0);
      expect(run.retries).toBeGreaterThan(0);
      // Every retry waited at least the 3 s the stand-in asked for.
      expect(run.waitedMs).toBeGreaterThanOrEqual(run.retries * 3000);
      const rows = world.standin.tables.rows('msdyn_customerasset');
      for (const c of codes.filter((x) => x !== 'TR-002')) expect(rows.filter((r) => r.msdyn_assetnumber === c), c).toHaveLength(1);
    } finally {
      world.standin.setFaults({ rate429: 0 });
    }
  });

  it('when the CMMS cannot be read, fails the run with a message that says what stopped and what happens next', async () => {
    const run = await world.harness(environment({ cmms_SyncConsumer: 'not a valid consumer!' })).runScheduled(FLOWS.assetsScheduled);
    expect(run.status).toBe('Failed');
    expect(run.error?.code).toBe('AssetSyncFailed');
    expect(run.error?.message).toMatch(/^The asset sync stopped: .*consumer.*next run resumes from the last acknowledged cursor/);
  });
});
