/**
 * A key Dataverse cannot address in a URL (`/ # < > * % & : \ ? +`) is written by the flows by row
 * id. When a person already made that row in Dynamics by hand, under an id of their own, the flows
 * must find it (List rows `$filter` on the key column) and update or delete it in place: writing by
 * the derived id would be refused as a duplicate key. The expected rows are the stand-in's own,
 * made by the test under random ids before any flow ran.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataverseGateway } from '../support/flow-runner/dataverse-gateway.ts';
import { FLOWS } from '../support/flow-runner/harness.ts';
import { createAsset, HUMAN_USER, useFlowWorld } from './setup.ts';

const PRESET = 'cmms-tables';
const world = useFlowWorld(PRESET);
const preset = JSON.parse(readFileSync(join(resolve(import.meta.dirname, '..', '..', 'api', 'src', 'sync', 'mappings'), `${PRESET}.json`), 'utf8')) as {
  entities: { assets: { logicalName: string; entitySet: string; primaryIdColumn: string; keyColumn: string; columns: { source: string; column: string }[] } };
};
const assets = preset.entities.assets;
const NAME = assets.columns.find((c) => c.source === 'nombre')!.column;
const rowsOf = (key: string) => world.standin.tables.rows(assets.logicalName).filter((r) => r[assets.keyColumn] === key);

/** A row a person made in Dynamics: an id of Dataverse's choosing, the key, their own name for it. */
async function handMade(key: string): Promise<string> {
  const id = randomUUID();
  const made = await new DataverseGateway(world.standin).request(HUMAN_USER, 'POST', assets.entitySet, { [assets.primaryIdColumn]: id, [assets.keyColumn]: key, [NAME]: `By hand ${key}` });
  expect(made.statusCode, JSON.stringify(made.body)).toBe(201);
  return id;
}

async function change(key: string, operation: 'upsert' | 'delete', version: number): Promise<void> {
  await world.api.db.query(
    `INSERT INTO change_log (entity, record_key, operation, version, origin, changed_fields) VALUES ('assets', $1, $2, $3, 'cmms', '{}')`, [key, operation, version]);
}

describe('Flows and rows made by hand under another id, for keys a URL cannot carry', () => {
  // Each character Dataverse refuses in a key segment, and a quote the $filter literal must double.
  const keys = ['HM/1', 'HM#2', 'HM<3>', 'HM*4', 'HM%5', 'HM&6', 'HM:7', 'HM\\8', 'HM?9', 'HM+10', "O'HM/11"];

  it('the scheduled flow updates each such row in place, creates no duplicate, and deletes it by the id it found', async () => {
    const ids = new Map<string, string>();
    for (const k of keys) {
      ids.set(k, await handMade(k));
      await world.api.db.query(`INSERT INTO assets (codigo_interno, nombre) VALUES ($1, $2)`, [k, `From CMMS ${k}`]);
      await change(k, 'upsert', 1);
    }
    const harness = world.harness();
    const run = await harness.runScheduled(FLOWS.assetsScheduled);
    expect(run.status, JSON.stringify(run.error)).toBe('Succeeded');
    for (const k of keys) {
      expect(rowsOf(k), k).toHaveLength(1);
      expect(rowsOf(k)[0], k).toMatchObject({ [assets.primaryIdColumn]: ids.get(k), [NAME]: `From CMMS ${k}` });
    }
    expect((await world.api.request.get('/sync/failures').expect(200)).body.value).toEqual([]);

    for (const k of keys) {
      await world.api.db.query('DELETE FROM assets WHERE codigo_interno = $1', [k]);
      await change(k, 'delete', 2);
    }
    const deleted = await harness.runScheduled(FLOWS.assetsScheduled);
    expect(deleted.status, JSON.stringify(deleted.error)).toBe('Succeeded');
    for (const k of keys) expect(rowsOf(k), k).toEqual([]);
    const left = world.standin.tables.rows(assets.logicalName).map((r) => r[assets.primaryIdColumn]);
    for (const id of ids.values()) expect(left).not.toContain(id);
    expect((await world.api.request.get('/sync/failures').expect(200)).body.value).toEqual([]);
  });

  it('the real-time flow updates and deletes a row made by hand in place', async () => {
    const key = 'RT/HM/1';
    const id = await handMade(key);
    const harness = world.harness();
    await harness.enableWebhookTrigger();
    await createAsset(world.api, key, { nombre: 'Inverter' });
    await world.webhooksDelivered();
    const upserted = await harness.settle();
    expect(upserted.map((r) => [r.flow, r.result.status, r.result.error])).toEqual([[FLOWS.assetsRealTime, 'Succeeded', undefined]]);
    expect(rowsOf(key)).toHaveLength(1);
    expect(rowsOf(key)[0]).toMatchObject({ [assets.primaryIdColumn]: id, [NAME]: 'Inverter' });

    await world.api.request.delete(`/assets/${encodeURIComponent(key)}`).expect(204);
    await world.webhooksDelivered();
    const deleted = await harness.settle();
    expect(deleted.map((r) => [r.flow, r.result.status])).toEqual([[FLOWS.assetsRealTime, 'Succeeded']]);
    expect(rowsOf(key)).toEqual([]);
  });
});
