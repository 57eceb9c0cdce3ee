import { afterEach, describe, expect, test } from 'vitest';
import { startDataverseStandin, type DataverseStandin } from '../../scripts/dataverse-standin/index.ts';
import { assetRows, assets, harness, type Harness } from './helpers.ts';

let h: Harness | undefined;
let bare: DataverseStandin | undefined;
afterEach(async () => { await h?.standin.close(); await bare?.close(); h = undefined; bare = undefined; });

describe('Dataverse stand-in', () => {
  test('without a bearer token it answers 401 with the WWW-Authenticate header and 0x8005F101', async () => {
    bare = await startDataverseStandin();
    const res = await bare.fetch(`${bare.url}/api/data/v9.2/WhoAmI`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(`Bearer authorization_uri=${bare.url}/${bare.tenantId}/oauth2/authorize, resource_id=${bare.url}/`);
    expect(await res.json()).toEqual({ error: { code: '0x8005F101', message: 'The requested resource requires authentication.' } });
  });

  test('an unknown entity set is 404 0x8006088a naming the segment (names are case-sensitive)', async () => {
    h = await harness();
    const err = await h.client().getJson('Msdyn_customerassets').catch((e: { code: string; message: string }) => e);
    expect(err).toMatchObject({ code: '0x8006088a', message: "Resource not found for the segment 'Msdyn_customerassets'." });
  });

  test('pages with odata.maxpagesize and an opaque $skiptoken nextLink, selects columns, rejects $skip', async () => {
    h = await harness();
    const client = h.client();
    await client.writeRows(assets, assetRows(25), { mode: 'batch' });
    const first = await client.request({ method: 'GET', path: 'msdyn_customerassets?$select=msdyn_assetnumber&$orderby=msdyn_assetnumber', headers: { Prefer: 'odata.maxpagesize=10' } });
    const page1 = JSON.parse(first.text) as { value: Array<Record<string, unknown>>; '@odata.nextLink': string };
    expect(first.headers.get('preference-applied')).toBe('odata.maxpagesize=10');
    expect(page1.value).toHaveLength(10);
    expect(Object.keys(page1.value[0]!).sort()).toEqual(['@odata.etag', 'msdyn_assetnumber', 'msdyn_customerassetid']);
    const second = JSON.parse((await client.request({ method: 'GET', path: page1['@odata.nextLink'], headers: { Prefer: 'odata.maxpagesize=10' } })).text) as { value: unknown[]; '@odata.nextLink'?: string };
    expect(second.value).toHaveLength(10);
    const top = await client.getJson<{ value: unknown[] }>(`msdyn_customerassets?$top=3&$filter=${encodeURIComponent("startswith(msdyn_assetnumber,'A-1')")}`);
    expect(top.value).toHaveLength(3);
    const skip = await client.getJson('msdyn_customerassets?$skip=5').catch((e: { status: number }) => e);
    expect(skip).toMatchObject({ status: 400 });
  });

  test('a JSON-format $batch is refused with 400 (Dataverse speaks OData 4.0 multipart only)', async () => {
    h = await harness();
    const err = await h.client({ maxRetries: 0 }).request({ method: 'POST', path: '$batch', body: { requests: [] } }).catch((e: { status: number }) => e);
    expect(err).toMatchObject({ status: 400 });
  });

  test('fault rates can be changed while running, and stats count requests by kind', async () => {
    h = await harness();
    const client = h.client({ maxRetries: 0 });
    await client.getJson('WhoAmI');
    h.standin.setFaults({ rate503: 1 });
    await expect(client.getJson('WhoAmI')).rejects.toMatchObject({ status: 503 });
    h.standin.setFaults({ rate503: 0 });
    await client.getJson('WhoAmI');
    expect(h.standin.stats.byKind.get).toBe(3);
    expect(h.standin.stats.faults['503']).toBe(1);
  });
});
