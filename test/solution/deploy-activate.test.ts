/**
 * The deploy helper end to end with a stand-in `pac` on PATH and the Dataverse stand-in: it imports
 * both solutions, then turns on what import left off through the Web API once the connection
 * references are bound, and reports every flow's final state.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDataverseClient } from '../../api/src/dynamics/index.ts';
import { startDataverseStandin, type DataverseStandin } from '../../scripts/dataverse-standin/index.ts';
import { deploy, type DeployArgs } from '../../scripts/solution/deploy.ts';
import { packSolutions } from '../../scripts/solution/pack-lib.ts';
import { ROOT } from './helpers.ts';

const FLOW_IDS = {
  assetsScheduled: '987fe340-fb2d-462c-ac02-874a7d1eba8d',
  purchaseOrdersScheduled: '91929aa3-6486-489c-80e8-9676c15dd3a8',
  assetsRealTime: 'bd9c8221-f1be-4941-becd-95e9b02e8b53',
  statusToCmms: 'cb48b9ce-0d1f-458d-b5f0-10be640f4f99',
  assetFinance: '5e7a3c41-9b2d-4f08-a6e1-c3d24b8f7a19',
};
const REFS = ['cmms_EnergyCmmsConnection', 'cmms_DataverseConnection'];

let standin: DataverseStandin;
let dir: string;
let bin: string;
let pacLog: string;

beforeAll(async () => {
  standin = await startDataverseStandin({
    tables: {
      extraTables: [
        { logicalName: 'workflow', entitySet: 'workflows', alternateKeys: [], upsertMultiple: false },
        { logicalName: 'connectionreference', entitySet: 'connectionreferences', alternateKeys: [], upsertMultiple: false },
      ],
    },
  });
  dir = mkdtempSync(join(tmpdir(), 'deploy-'));
  packSolutions({ root: ROOT, outDir: dir });
  // Filled-in copies of the settings files, as an admin passes them.
  const connector = JSON.parse(readFileSync(join(dir, 'EnergyCmmsConnector.settings.json'), 'utf8'));
  connector.EnvironmentVariables.push({ SchemaName: 'cmms_CmmsApiHost', Value: 'cmms.contoso.com' }, { SchemaName: 'cmms_CmmsClientId', Value: '0f0e0d0c-0000-4000-8000-000000000001' });
  writeFileSync(join(dir, 'connector.filled.json'), JSON.stringify(connector));
  const sync = JSON.parse(readFileSync(join(dir, 'EnergyCmmsSync.settings.json'), 'utf8'));
  for (const c of sync.ConnectionReferences) c.ConnectionId = '0123456789abcdef0123456789abcdef';
  writeFileSync(join(dir, 'sync.filled.json'), JSON.stringify(sync));
  // A stand-in pac: records each call's arguments and answers like a successful import.
  bin = mkdtempSync(join(tmpdir(), 'fake-pac-'));
  pacLog = join(bin, 'calls.log');
  writeFileSync(join(bin, 'pac'), ['#!/bin/sh', `echo "$*" >> "${pacLog}"`, 'echo "Solution imported successfully."', 'exit 0'].join('\n'));
  chmodSync(join(bin, 'pac'), 0o755);
});
afterAll(async () => {
  await standin?.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(bin, { recursive: true, force: true });
});

const client = (fetchImpl: typeof fetch = standin.fetch) => createDataverseClient({ settings: standin.settings(), fetch: fetchImpl, sleep: async () => {} });

/** The environment as an import left it: which flows are on and which references have a connection. */
async function seed(on: string[], bound: string[]): Promise<void> {
  standin.tables.clear('workflow');
  standin.tables.clear('connectionreference');
  const c = client();
  for (const [name, id] of Object.entries(FLOW_IDS)) {
    const state = on.includes(id) ? { statecode: 1, statuscode: 2 } : { statecode: 0, statuscode: 1 };
    await c.request({ method: 'POST', path: 'workflows', body: { workflowid: id, name, category: 5, ...state } });
  }
  for (const ref of REFS) {
    await c.request({ method: 'POST', path: 'connectionreferences', body: { connectionreferencelogicalname: ref, connectionid: bound.includes(ref) ? '0123456789abcdef0123456789abcdef' : null } });
  }
}

const args: DeployArgs = { environment: 'https://contoso.crm4.dynamics.com', settings: '', connectorSettings: '', unmanaged: false, dryRun: false };
async function run(overrides: { dataverse?: ReturnType<typeof client> | undefined } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await deploy(
    { ...args, settings: join(dir, 'sync.filled.json'), connectorSettings: join(dir, 'connector.filled.json') },
    {
      distDir: dir,
      pacEnv: { PATH: `${bin}:/usr/bin:/bin` },
      dataverse: 'dataverse' in overrides ? overrides.dataverse : client(),
      dataverseMissing: 'set DYNAMICS_URL',
      log: (l) => out.push(l),
      error: (l) => err.push(l),
    },
  );
  return { code, out, err };
}
const stateOf = (id: string) => standin.tables.find('workflow', 'workflowid', id)?.statecode;

beforeEach(() => rmSync(pacLog, { force: true }));

describe('deploy helper: import, then turn on what import left off', () => {
  it('imports connector, tables, then sync without the deprecated activation flag, turns the off flows on and reports all five', async () => {
    await seed([FLOW_IDS.assetsScheduled, FLOW_IDS.statusToCmms], REFS);
    const { code, out } = await run();
    expect(code).toBe(0);
    const calls = readFileSync(pacLog, 'utf8').trim().split('\n');
    expect(calls).toHaveLength(3);
    expect(calls[0]).toMatch(/^solution import --path .*EnergyCmmsConnector_1_0_0_0_managed\.zip --settings-file .*connector\.filled\.json/);
    expect(calls[1]).toMatch(/^solution import --path .*EnergyCmmsTables_1_0_0_0_managed\.zip --publish-changes/);
    expect(calls[2]).toMatch(/^solution import --path .*EnergyCmmsSync_1_0_0_0_managed\.zip --settings-file .*sync\.filled\.json/);
    expect(calls.join('\n')).not.toContain('--activate-plugins');
    for (const id of Object.values(FLOW_IDS)) expect(stateOf(id)).toBe(1);
    expect(out).toContainEqual('✓ Assets to Dynamics (scheduled): on');
    expect(out).toContainEqual('✓ Purchase orders to Dynamics (scheduled): on (turned on now)');
    expect(out).toContainEqual('✓ Assets to Dynamics (real time): on (turned on now)');
    expect(out).toContainEqual('✓ Purchase order status to CMMS: on');
    expect(out).toContainEqual('✓ Asset finance from Dynamics: on (turned on now)');
  });

  it('when a connection reference has no connection, turns nothing on, names it, and exits 1', async () => {
    await seed([], ['cmms_DataverseConnection']);
    const { code, out, err } = await run();
    expect(code).toBe(1);
    for (const id of Object.values(FLOW_IDS)) expect(stateOf(id)).toBe(0);
    expect(out).toContainEqual('✗ Assets to Dynamics (scheduled): off — left off: connection reference(s) cmms_EnergyCmmsConnection have no connection');
    expect(err.join('\n')).toMatch(/Bind cmms_EnergyCmmsConnection/);
  });

  it('when Dataverse refuses to turn a flow on, reports that flow off with the reason and the others on', async () => {
    await seed([], REFS);
    const refusing = ((input: string | URL | Request, init?: RequestInit) => {
      if (init?.method === 'PATCH' && String(input).includes(`workflows(${FLOW_IDS.statusToCmms})`)) {
        const body = { error: { code: '0x80060467', message: 'Flow client error returned with status code "BadRequest": XrmConnectionReferenceMissingConnection' } };
        return Promise.resolve(new Response(JSON.stringify(body), { status: 400, headers: { 'content-type': 'application/json' } }));
      }
      return standin.fetch(input, init);
    }) as typeof fetch;
    const { code, out } = await run({ dataverse: client(refusing) });
    expect(code).toBe(1);
    expect(stateOf(FLOW_IDS.statusToCmms)).toBe(0);
    expect(stateOf(FLOW_IDS.assetsRealTime)).toBe(1);
    expect(out).toContainEqual(expect.stringMatching(/^✗ Purchase order status to CMMS: off — Dataverse refused to turn it on: .*XrmConnectionReferenceMissingConnection/));
  });

  it('when the Web API is not configured, refuses before importing anything', async () => {
    const { code, err } = await run({ dataverse: undefined });
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(/set DYNAMICS_URL: the deploy turns the flows on/);
    expect(() => readFileSync(pacLog, 'utf8')).toThrow();
  });
});
