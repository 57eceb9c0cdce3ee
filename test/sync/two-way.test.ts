/**
 * Two writers racing on one asset: people in the CMMS (UpdateAsset) and finance in Dynamics (the
 * stand-in's rows, whose registered webhook step calls the API back, as Dataverse does), with push
 * jobs carrying CMMS changes to Dynamics in between. Each column must end with its owner's last value
 * in both systems, and nothing may loop.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataverseClient, registerDataverseWebhook, type DataverseClient } from '../../api/src/dynamics/index.ts';
import type { JobWorker } from '../../api/src/jobs/worker.ts';
import { loadMapping } from '../../api/src/sync/mapping.ts';
import { assetWebhookStep } from '../../api/src/sync/webhook-step.ts';
import { startDataverseStandin, type DataverseStandin } from '../../scripts/dataverse-standin/index.ts';
import { standinEnv, testWorker, until } from '../jobs/support.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

const KEY = 'two-way-webhook-key-0123456789';
const SET = 'msdyn_customerassets';
let standin: DataverseStandin;
let t: TestApp;
let server: Server;
let worker: JobWorker;
let client: DataverseClient;

beforeAll(async () => {
  standin = await startDataverseStandin();
  t = await createTestApp({ env: standinEnv(standin, { DATAVERSE_WEBHOOK_KEY: KEY }), fetch: standin.fetch });
  server = t.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  client = createDataverseClient({ settings: standin.settings(), fetch: standin.fetch });
  await registerDataverseWebhook(client, { name: 'CMMS asset finance', url: `${api}/dataverse/webhook`, key: KEY, ...assetWebhookStep(loadMapping(t.config))! });
  worker = testWorker(t.deps);
});
afterAll(async () => {
  await worker.stop();
  await new Promise((resolve) => server.close(resolve));
  await standin.close();
});

async function push(): Promise<{ written: number }> {
  const start = await t.request.post('/sync/jobs').send({ entity: 'assets', mode: 'changes' });
  if (start.status === 409) return { written: 0 }; // a push is already running: it carries these changes
  expect(start.status).toBe(202);
  return until('the push to end', async () => {
    const res = await t.request.get(`/sync/jobs/${start.body.id}`);
    return res.status === 200 ? res.body : undefined;
  });
}

const dynamicsRow = () => standin.tables.find(SET, 'msdyn_assetnumber', 'RACE-1')!;

/** Finance changes the book value in Dynamics, as a person in a model-driven app would. */
async function financeEdit(value: number): Promise<void> {
  const id = dynamicsRow().msdyn_customerassetid as string;
  await client.request({ method: 'PATCH', path: `${SET}(${id})`, body: { msdyn_currentbookvalue: value }, headers: { 'If-Match': '*' } });
}

describe('two-way sync of an asset under racing writers', () => {
  it('ends with each column at its owner\'s last value in both systems, never written by the other, without echoes', async () => {
    await t.request.post('/assets').send({ codigo_interno: 'RACE-1', nombre: 'Turbina', valor_adquisicion: 1000, valor_libros: 1000 }).expect(201);
    await push();
    expect(dynamicsRow()).toMatchObject({ msdyn_name: 'Turbina', msdyn_acquisitioncost: 1000 });
    expect(dynamicsRow()).not.toHaveProperty('msdyn_currentbookvalue');

    const ROUNDS = 12;
    for (let i = 1; i <= ROUNDS; i++) {
      await Promise.all([
        t.request.patch('/assets/RACE-1').send({ nombre: `Turbina ${i}`, valor_adquisicion: 1000 + i }).expect(200),
        financeEdit(900 - i + 0.0001 * i),
        i % 3 === 0 ? push() : Promise.resolve(),
      ]);
    }
    await standin.steps.idle();
    await push();
    await standin.steps.idle();

    const last = 900 - ROUNDS + 0.0001 * ROUNDS;
    // The CMMS has its own last values and Dynamics' last book value, exactly.
    const cmms = (await t.request.get('/assets/RACE-1').expect(200)).body;
    expect(cmms).toMatchObject({ nombre: `Turbina ${ROUNDS}`, valor_adquisicion: 1000 + ROUNDS, valor_libros: last });
    // Dynamics has the CMMS's last values and its own book value, never overwritten by a push.
    expect(dynamicsRow()).toMatchObject({ msdyn_name: `Turbina ${ROUNDS}`, msdyn_acquisitioncost: 1000 + ROUNDS, msdyn_currentbookvalue: last });

    // Every finance edit called the API once; no push touched the book value, so none called it back.
    const calls = standin.steps.deliveries.filter((d) => d.entity === 'msdyn_customerasset');
    expect(calls).toHaveLength(ROUNDS);
    expect(calls.every((d) => d.status === 200)).toBe(true);
    // Each edit was recorded with origin dynamics and only ever changed the book value.
    const fromDynamics = (await t.db.query<{ changed_fields: string[] }>(
      `SELECT changed_fields FROM change_log WHERE record_key = 'RACE-1' AND origin = 'dynamics'`)).rows;
    expect(fromDynamics.length).toBeLessThanOrEqual(ROUNDS);
    expect(fromDynamics.every((r) => r.changed_fields.join() === 'valor_libros')).toBe(true);

    // Quiet afterwards: nothing left to push, and a push writes nothing and calls nothing back.
    const before = standin.steps.deliveries.length;
    expect(await push()).toMatchObject({ written: 0 });
    await standin.steps.idle();
    expect(standin.steps.deliveries.length).toBe(before);
  });

  it('a finance edit made in Dynamics is readable from the CMMS API as soon as its webhook has run', async () => {
    await t.request.post('/assets').send({ codigo_interno: 'FIN-1', nombre: 'Inversor', valor_libros: 10 }).expect(201);
    await push();
    const id = standin.tables.find(SET, 'msdyn_assetnumber', 'FIN-1')!.msdyn_customerassetid as string;
    await client.request({ method: 'PATCH', path: `${SET}(${id})`, body: { msdyn_currentbookvalue: 7654.321 }, headers: { 'If-Match': '*' } });
    await standin.steps.idle();
    expect((await t.request.get('/assets/FIN-1').expect(200)).text).toContain('"valor_libros":7654.321');
    // The change came from Dynamics: the next push has nothing to write back.
    const upserts = standin.stats.byKind.upsert ?? 0;
    expect(await push()).toMatchObject({ written: 0 });
    expect(standin.stats.byKind.upsert ?? 0).toBe(upserts);
  });
});
