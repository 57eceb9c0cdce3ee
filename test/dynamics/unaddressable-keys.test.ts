import { afterEach, describe, expect, test } from 'vitest';
import { keyPath, DataverseError } from '../../api/src/dynamics/index.ts';
import { deleteRows } from '../../api/src/jobs/push.ts';
import { harness, type Harness } from './helpers.ts';

/** Every character Dataverse documents as unusable in an alternate-key URL. */
const CHARACTERS = ['/', '#', '<', '>', '*', '%', '&', ':', '\\', '?', '+'];
const assets = { logicalName: 'cmms_asset', entitySet: 'cmms_assets', keyColumn: 'cmms_assetnumber', primaryIdColumn: 'cmms_assetid' };
const keys = CHARACTERS.map((c, i) => `SE-${i}${c}TR-01`);
const V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let h: Harness | undefined;
afterEach(async () => { await h?.standin.close(); h = undefined; });

const rowsWithKey = (key: string) => h!.standin.tables.rows('cmms_asset').filter((r) => r.cmms_assetnumber === key);

describe('keys Dataverse cannot address in a URL (/ # < > * % & : \\ ? +)', () => {
  test('the stand-in refuses such a key in the URL, as Dataverse documents', async () => {
    h = await harness();
    const err = await h.client().request({ method: 'PATCH', path: keyPath('cmms_assets', 'cmms_assetnumber', 'SE/1'), body: { cmms_name: 'x' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataverseError);
    expect((err as DataverseError).status).toBe(400);
  });

  test.each(CHARACTERS)('a single upsert of a key holding %s lands once and updates that row when repeated', async (c) => {
    h = await harness();
    const key = `PO-2024${c}17`;
    const client = h.client();
    const first = await client.upsertByKey(assets.entitySet, assets.keyColumn, key, { cmms_name: 'Pump' }, { primaryIdColumn: assets.primaryIdColumn });
    const second = await client.upsertByKey(assets.entitySet, assets.keyColumn, key, { cmms_name: 'Pump 2' }, { primaryIdColumn: assets.primaryIdColumn });
    expect(rowsWithKey(key)).toHaveLength(1);
    expect(rowsWithKey(key)[0]).toMatchObject({ cmms_name: 'Pump 2', cmms_assetid: first.id });
    expect(second.id).toBe(first.id);
    expect(first.id).toMatch(V5);
    expect(h.seen.filter((s) => s.method === 'PATCH').every((s) => !s.url.includes('cmms_assetnumber='))).toBe(true);
  });

  test.each(['batch', 'upsertmultiple', 'auto'] as const)('writeRows in %s mode lands every such key exactly once, twice over and concurrently', async (mode) => {
    h = await harness();
    const client = h.client({ writeMode: mode });
    const input = keys.map((key, i) => ({ key, record: { cmms_name: `Asset ${i}`, cmms_bookvalue: 10.1234 } }));
    const first = await client.writeRows(assets, input);
    await Promise.all([client.writeRows(assets, input), client.writeRows(assets, input.map((r) => ({ ...r, record: { ...r.record, cmms_name: 'again' } })))]);
    expect(first.every((r) => r.ok)).toBe(true);
    for (const [i, key] of keys.entries()) {
      const rows = rowsWithKey(key);
      expect(rows, key).toHaveLength(1);
      const r = first[i]!;
      expect(r.ok && r.id).toBe(rows[0]!.cmms_assetid);
    }
    expect(h.standin.tables.rows('cmms_asset')).toHaveLength(keys.length);
  });

  test('a row that already holds such a key under another id is updated, not duplicated, and then deleted', async () => {
    h = await harness();
    const client = h.client({ writeMode: 'batch' });
    const key = 'SE/NORTE:TR*01';
    const created = await client.request({ method: 'POST', path: 'cmms_assets', body: { cmms_assetnumber: key, cmms_name: 'made by hand' }, headers: { Prefer: 'return=representation' } });
    const handId = (JSON.parse(created.text) as { cmms_assetid: string }).cmms_assetid;
    const [batch] = await client.writeRows(assets, [{ key, record: { cmms_name: 'from the CMMS' } }]);
    await client.upsertByKey(assets.entitySet, assets.keyColumn, key, { cmms_serialnumber: 'SN-1' });
    expect(batch).toMatchObject({ ok: true, id: handId });
    expect(rowsWithKey(key)).toEqual([expect.objectContaining({ cmms_assetid: handId, cmms_name: 'from the CMMS', cmms_serialnumber: 'SN-1' })]);
    const deleted = await deleteRows(client, assets, [key]);
    expect(deleted).toEqual([{ key, ok: true, id: '', operation: 'delete' }]);
    expect(rowsWithKey(key)).toHaveLength(0);
  });

  test('deleting rows of such keys removes them, and deleting again still answers done', async () => {
    h = await harness();
    const client = h.client({ writeMode: 'batch' });
    await client.writeRows(assets, keys.map((key) => ({ key, record: { cmms_name: key } })));
    const again = [await deleteRows(client, assets, keys), await deleteRows(client, assets, keys)];
    for (const results of again) expect(results.every((r) => r.ok)).toBe(true);
    expect(h.standin.tables.rows('cmms_asset')).toHaveLength(0);
  });
});
