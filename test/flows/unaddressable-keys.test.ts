/**
 * Keys Dataverse cannot address in a URL (`/ # < > * % & : \ ? +`): the CMMS API allows `/` in codes
 * and older data holds the rest. The scheduled flow must still land each such record exactly once,
 * update it and delete it, against a stand-in that refuses those keys in a URL as Dataverse does.
 */
import { describe, expect, it } from 'vitest';
import { FLOWS } from '../support/flow-runner/harness.ts';
import { createAsset, useFlowWorld } from './setup.ts';

const world = useFlowWorld();
const TABLE = 'msdyn_customerasset';
const KEY = 'msdyn_assetnumber';
const rowsOf = (key: string) => world.standin.tables.rows(TABLE).filter((r) => r[KEY] === key);

/** A record from older data, with characters the API no longer accepts, and its change. */
async function oldRecord(key: string): Promise<void> {
  await world.api.db.query(`INSERT INTO assets (codigo_interno, nombre) VALUES ($1, $2)`, [key, `Legacy ${key}`]);
  await world.api.db.query(
    `INSERT INTO change_log (entity, record_key, operation, version, origin, changed_fields) VALUES ('assets', $1, 'upsert', 1, 'cmms', '{}')`, [key]);
}

describe('Assets to Dynamics (scheduled) with keys a URL cannot carry', () => {
  const apiKeys = ['FK/01', 'FK/02/B'];
  const oldKeys = ['OLD#1', 'OLD<2>', 'OLD*3', 'OLD%4', 'OLD&5', 'OLD:6', 'OLD\\7', 'OLD?8', 'OLD+9'];

  it('lands each record exactly once, then updates and deletes it by the same row', async () => {
    for (const k of apiKeys) await createAsset(world.api, k);
    for (const k of oldKeys) await oldRecord(k);
    const harness = world.harness();

    const first = await harness.runScheduled(FLOWS.assetsScheduled);
    expect(first.status, JSON.stringify(first.error)).toBe('Succeeded');
    for (const k of [...apiKeys, ...oldKeys]) {
      expect(rowsOf(k), k).toHaveLength(1);
      expect(rowsOf(k)[0]!.msdyn_name, k).toBe(apiKeys.includes(k) ? `Transformer ${k}` : `Legacy ${k}`);
    }
    expect((await world.api.request.get('/sync/failures').expect(200)).body.value).toEqual([]);

    // A retried run (nothing new) and an update land on the same rows.
    await world.api.request.patch(`/assets/${encodeURIComponent('FK/01')}`).send({ nombre: 'Renamed' }).expect(200);
    await world.api.db.query(`UPDATE assets SET nombre = 'Legacy renamed', version = 2 WHERE codigo_interno = 'OLD#1'`);
    await world.api.db.query(`INSERT INTO change_log (entity, record_key, operation, version, origin, changed_fields) VALUES ('assets', 'OLD#1', 'upsert', 2, 'cmms', '{nombre}')`);
    const second = await harness.runScheduled(FLOWS.assetsScheduled);
    expect(second.status, JSON.stringify(second.error)).toBe('Succeeded');
    expect(rowsOf('FK/01')).toHaveLength(1);
    expect(rowsOf('FK/01')[0]!.msdyn_name).toBe('Renamed');
    expect(rowsOf('OLD#1')).toHaveLength(1);
    expect(rowsOf('OLD#1')[0]!.msdyn_name).toBe('Legacy renamed');

    await world.api.request.delete(`/assets/${encodeURIComponent('FK/02/B')}`).expect(204);
    const third = await harness.runScheduled(FLOWS.assetsScheduled);
    expect(third.status, JSON.stringify(third.error)).toBe('Succeeded');
    expect(rowsOf('FK/02/B')).toHaveLength(0);
    expect((await world.api.request.get('/sync/failures').expect(200)).body.value).toEqual([]);
  });
});
