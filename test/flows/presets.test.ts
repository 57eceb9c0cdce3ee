/**
 * Issue 10's measure: for every mapping preset, the four flows packed for it run after an import
 * into an environment where the connector got another internal id. Expected rows and option
 * values come from the preset files, not from the generator.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FLOWS } from '../support/flow-runner/harness.ts';
import { createAsset, createPurchaseOrder, HUMAN_USER, PO_SET, PO_TABLE, useFlowWorld } from './setup.ts';

const PRESET_DIR = resolve(import.meta.dirname, '..', '..', 'api', 'src', 'sync', 'mappings');
const presets = readdirSync(PRESET_DIR).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));

interface Entity {
  logicalName: string | null;
  entitySet: string | null;
  keyColumn: string;
  columns: { source: string; column: string; options?: { value: string; optionValue: number; inbound?: boolean }[] }[];
}

describe.each(presets)('the four flows packed for the %s mapping, imported where the connector has another id', (preset) => {
  const world = useFlowWorld(preset);
  const m = JSON.parse(readFileSync(join(PRESET_DIR, `${preset}.json`), 'utf8')) as { entities: { assets: Entity; purchaseOrders: Entity } };
  const assets = m.entities.assets;
  const po = m.entities.purchaseOrders;
  const poTable = po.logicalName ?? PO_TABLE;
  const poSet = po.entitySet ?? PO_SET;
  const column = (e: Entity, source: string) => e.columns.find((c) => c.source === source)?.column;
  const status = po.columns.find((c) => c.source === 'estado')!;
  const optionOf = (estado: string) => status.options!.find((o) => o.value === estado && o.inbound !== false)!.optionValue;
  const tag = preset.replace(/[^a-z]/g, '').slice(0, 4).toUpperCase();

  it('import resolves the connector by its logical name to the id this environment gave it', () => {
    const harness = world.harness();
    expect(harness.connectorInternalId).not.toBe(harness.packed.connectorApiName);
    for (const [name, flow] of harness.imported) {
      const refs = (flow.properties as { connectionReferences: Record<string, { api: { name: string; logicalName?: string } }> }).connectionReferences;
      const custom = Object.values(refs).filter((r) => r.api.logicalName);
      expect(custom.map((r) => r.api.name), name).toEqual([harness.connectorInternalId]);
    }
  });

  it('the scheduled asset flow writes each asset into the mapped table under its key column', async () => {
    await createAsset(world.api, `${tag}-A1`);
    const run = await world.harness().runScheduled(FLOWS.assetsScheduled);
    expect(run.status, JSON.stringify(run.error)).toBe('Succeeded');
    expect(run.intervalMinutes).toBe(5);
    const row = world.standin.tables.find(assets.logicalName!, assets.keyColumn, `${tag}-A1`);
    expect(row?.[column(assets, 'nombre')!]).toBe(`Transformer ${tag}-A1`);
  });

  it('the real-time asset flow upserts the asset of each webhook event', async () => {
    const harness = world.harness();
    await harness.enableWebhookTrigger();
    await createAsset(world.api, `${tag}-W1`, { nombre: 'Inverter' });
    await world.webhooksDelivered();
    const runs = await harness.settle();
    expect(runs.map((r) => [r.flow, r.result.status])).toContainEqual([FLOWS.assetsRealTime, 'Succeeded']);
    expect(world.standin.tables.find(assets.logicalName!, assets.keyColumn, `${tag}-W1`)?.[column(assets, 'nombre')!]).toBe('Inverter');
  });

  it('the scheduled purchase-order flow writes the order with its status option, and a status set in Dynamics reaches the CMMS', async () => {
    await createPurchaseOrder(world.api, `${tag}-RQ1`, 'borrador');
    const harness = world.harness();
    const run = await harness.runScheduled(FLOWS.purchaseOrdersScheduled);
    expect(run.status, JSON.stringify(run.error)).toBe('Succeeded');
    const row = world.standin.tables.find(poTable, po.keyColumn, `${tag}-RQ1`);
    expect(row?.[status.column]).toBe(optionOf('borrador'));

    harness.enableDataverseTrigger();
    const change = await harness.gateway.request(HUMAN_USER, 'PATCH', `${poSet}(${po.keyColumn}='${tag}-RQ1')`, { [status.column]: optionOf('pendiente') });
    expect(change.statusCode).toBe(200);
    const runs = await harness.settle();
    expect(runs.map((r) => [r.flow, r.result.status])).toEqual([[FLOWS.statusToCmms, 'Succeeded']]);
    const res = await world.api.request.get(`/purchase-orders/${tag}-RQ1`);
    expect(res.body.estado).toBe('pendiente');
  });
});
