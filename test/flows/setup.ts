/** One API (in process, fresh database) + one Dataverse stand-in + the flow harness, per test file. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect } from 'vitest';
import { drainWebhooks } from '../../api/src/webhooks/worker.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { startDataverseStandin, type DataverseStandin } from '../../scripts/dataverse-standin/index.ts';
import { FlowHarness } from '../support/flow-runner/harness.ts';

export const PO_TABLE = 'cr123_purchaseorder';
export const PO_SET = 'cr123_purchaseorders';
export const INTEGRATION_USER = '5f0c7a10-0000-4000-8000-00000000f10e';
export const HUMAN_USER = '9a1d2b30-0000-4000-8000-0000000000a1';

export interface FlowWorld {
  api: TestApp;
  standin: DataverseStandin;
  harness(environment?: Record<string, string>): FlowHarness;
  drainWebhooks(): Promise<unknown>;
}

/** The environment variables an admin would set for the documented mapping's custom PO table. */
export function environment(extra: Record<string, string> = {}): Record<string, string> {
  return {
    cmms_SyncConsumer: `flows-${randomUUID().slice(0, 8)}`,
    cmms_SyncPageSize: '10',
    cmms_SyncIntervalMinutes: '5',
    cmms_PurchaseOrderTable: PO_TABLE,
    cmms_PurchaseOrderEntitySet: PO_SET,
    cmms_PurchaseOrderKeyColumn: 'name',
    ...extra,
  };
}

export function useFlowWorld(): FlowWorld {
  const world = {} as FlowWorld;
  const harnesses: FlowHarness[] = [];
  beforeAll(async () => {
    world.standin = await startDataverseStandin();
    world.api = await createTestApp({
      env: {
        MAPPING_PRESET: 'documented',
        DYNAMICS_PURCHASE_ORDER_TABLE: PO_TABLE,
        DYNAMICS_PURCHASE_ORDER_ENTITY_SET: PO_SET,
        WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
        SEED_DEMO_DATA: 'false',
        RUN_WORKERS: 'false',
      },
    });
    world.harness = (env = environment()) => {
      const h = new FlowHarness({ app: world.api.app, standin: world.standin, environment: env, integrationUserId: INTEGRATION_USER });
      harnesses.push(h);
      return h;
    };
    world.drainWebhooks = () => drainWebhooks(world.api.deps);
  });
  afterAll(async () => {
    for (const h of harnesses) await h.close();
    await world.standin?.close();
  });
  return world;
}

export async function createAsset(api: TestApp, code: string, extra: Record<string, unknown> = {}): Promise<void> {
  const res = await api.request.post('/assets').send({
    codigo_interno: code,
    nombre: `Transformer ${code}`,
    numero_de_serie: `SN-${code}`,
    valor_adquisicion: 125000.5,
    valor_libros: 98000.25,
    fecha_adquisicion: '2021-03-15',
    ...extra,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

export async function createPurchaseOrder(api: TestApp, number: string, estado = 'pendiente'): Promise<void> {
  const res = await api.request.post('/purchase-orders').send({
    numero_requisicion: number,
    justificacion: `Spare parts for ${number}`,
    total: 1520.75,
    estado,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}
