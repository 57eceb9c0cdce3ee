/**
 * The client against a Dataverse stand-in this project's stand-in did not shape (foreign-standin.ts):
 * it must need nothing but the DYNAMICS_* settings. The only other input is TLS trust of the
 * stand-in's self-signed certificate (another process gets it from NODE_EXTRA_CA_CERTS).
 */
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createDataverseClient } from '../../api/src/dynamics/index.ts';
import { loadConfig } from '../../api/src/config/index.ts';
import { makeSelfSignedCertificate } from '../../scripts/dataverse-standin/cert.ts';
import { trustingFetch } from '../../scripts/dataverse-standin/trusting-fetch.ts';
import { startForeignStandin, type ForeignStandin } from './foreign-standin.ts';

let cert: { key: string; cert: string };
let foreign: ForeignStandin | undefined;
beforeAll(() => { cert = makeSelfSignedCertificate(); });
afterEach(async () => { await foreign?.close(); foreign = undefined; });

const table = { logicalName: 'new_asset', entitySet: 'new_assets', keyColumn: 'new_number' };
const rows = (n: number, prefix = 'F-'): Array<{ key: string; record: Record<string, unknown> }> => Array.from({ length: n }, (_, i) => ({
  key: `${prefix}${i}`, record: { new_number: `${prefix}${i}`, new_name: `Asset ${i}`, new_cost: 10.25 + i },
}));

async function start(upsertMultiple: boolean, extraEnv: Record<string, string> = {}) {
  foreign = await startForeignStandin({ cert, ...table, upsertMultiple });
  // Exactly what an operator writes in .env; nothing else reaches the client.
  const config = loadConfig({
    DYNAMICS_URL: foreign.url,
    DYNAMICS_AUTHORITY_HOST: foreign.host,
    DYNAMICS_TENANT_ID: foreign.tenant,
    DYNAMICS_CLIENT_ID: foreign.clientId,
    DYNAMICS_CLIENT_SECRET: foreign.secret,
    DYNAMICS_MAX_RETRIES: '0',
    ...extraEnv,
  });
  return { f: foreign, client: createDataverseClient({ settings: config.dynamics, fetch: trustingFetch(cert.cert) }) };
}

describe('the client against a stand-in it was not written with', () => {
  test('with nothing but the settings, $batch writes every row, asking Entra ID for nothing but one token', async () => {
    const { f, client } = await start(false, { DYNAMICS_WRITE_MODE: 'batch', DYNAMICS_BATCH_SIZE: '10' });
    const results = await client.writeRows(table, rows(25));
    expect(results.filter((r) => r.ok)).toHaveLength(25);
    expect(f.rows.size).toBe(25);
    expect(f.rows.get('f-7')).toMatchObject({ new_number: 'F-7', new_name: 'Asset 7', new_cost: 17.25 });
    const entra = f.hits.filter((h) => !h.includes('/api/data/'));
    expect(entra).toEqual([`POST /${f.tenant}/oauth2/v2.0/token`]);
  });

  test('when UpsertMultiple answers 501, auto mode falls back to $batch and does not ask again', async () => {
    const { f, client } = await start(false, { DYNAMICS_BATCH_SIZE: '5' });
    const first = await client.writeRows(table, rows(12));
    const second = await client.writeRows(table, rows(12, 'G-'));
    expect([...first, ...second].every((r) => r.ok)).toBe(true);
    expect(f.rows.size).toBe(24);
    expect(client.supportsUpsertMultiple(table.entitySet)).toBe(false);
    expect(f.hits.filter((h) => h.endsWith('UpsertMultiple'))).toHaveLength(1);
  });

  test('when UpsertMultiple works, rows land without the key repeated in the body and ids are read back across pages', async () => {
    const { f, client } = await start(true);
    const results = await client.writeRows(table, rows(7));
    expect(f.rows.size).toBe(7);
    for (const r of results) {
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.id).toBe(f.rows.get(r.key.toLowerCase())!.new_assetid);
    }
    // Seven rows at two per page: the look-up followed three nextLinks.
    expect(f.hits.filter((h) => h === 'GET /api/data/v9.2/new_assets')).toHaveLength(4);
  });

  test('a single upsert by a key with a quote and a space lands under that exact key', async () => {
    const { f, client } = await start(false);
    await client.upsertByKey(table.entitySet, table.keyColumn, "O'Brien 7", { new_name: 'Quoted' });
    expect(f.rows.get("o'brien 7")).toMatchObject({ new_number: "O'Brien 7", new_name: 'Quoted' });
  });

  test('when one row of a change set is refused, the others land and that row reports the service message', async () => {
    const { f, client } = await start(false, { DYNAMICS_WRITE_MODE: 'batch', DYNAMICS_BATCH_SIZE: '10' });
    const input = rows(10);
    input[4] = { key: 'F-4', record: { new_name: 'x', bad_column: 1 } };
    const results = await client.writeRows(table, input);
    expect(results.filter((r) => r.ok)).toHaveLength(9);
    const bad = results.find((r) => !r.ok);
    expect(bad).toMatchObject({ key: 'F-4', ok: false, error: { status: 400, message: expect.stringMatching(/Invalid property 'bad_column'/) } });
    expect(bad && !bad.ok && bad.error.hint).toMatch(/column in the mapping does not exist/);
    expect(f.rows.size).toBe(9);
  });

  test('when DYNAMICS_URL is pasted as the Web API endpoint and the authority host with https://, both are understood', async () => {
    foreign = await startForeignStandin({ cert, ...table, upsertMultiple: false });
    const config = loadConfig({
      DYNAMICS_URL: `${foreign.url}/api/data/v9.2/`,
      DYNAMICS_AUTHORITY_HOST: `https://${foreign.host}/`,
      DYNAMICS_TENANT_ID: foreign.tenant,
      DYNAMICS_CLIENT_ID: foreign.clientId,
      DYNAMICS_CLIENT_SECRET: foreign.secret,
    });
    const client = createDataverseClient({ settings: config.dynamics, fetch: trustingFetch(cert.cert) });
    await client.upsertByKey(table.entitySet, table.keyColumn, 'U-1', { new_name: 'one' });
    expect(foreign.rows.get('u-1')).toMatchObject({ new_name: 'one' });
  });
});
