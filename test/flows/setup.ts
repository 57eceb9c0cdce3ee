/**
 * One API (in process, fresh database) + one Dataverse stand-in + the flow harness, per test file,
 * for one mapping preset: the API runs with that preset, the flows are packed for it, and the
 * stand-in has its tables with the preset's alternate keys.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect } from 'vitest';
import type { ColumnType } from '../../api/src/sync/mapping.ts';
import { column, type ColumnDefinition, type TableDefinition } from '../../scripts/dataverse-standin/columns.ts';
import { defaultTables } from '../../scripts/dataverse-standin/tables.ts';
import { loadMappingChoice, readMapping, type ResolvedMapping } from '../../scripts/solution/mapping-source.ts';
import type { Worker } from '../../api/src/workers.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { startDataverseStandin, type DataverseStandin } from '../../scripts/dataverse-standin/index.ts';
import { DataverseGateway } from '../support/flow-runner/dataverse-gateway.ts';
import { FlowHarness } from '../support/flow-runner/harness.ts';
import { outboxSettled, startTestWebhookWorker } from '../support/webhooks.ts';

export const PO_TABLE = 'cr123_purchaseorder';
export const PO_SET = 'cr123_purchaseorders';
export const INTEGRATION_USER = '5f0c7a10-0000-4000-8000-00000000f10e';
export const HUMAN_USER = '9a1d2b30-0000-4000-8000-0000000000a1';
/** The vendor account a preset with lookups is run with (the API's DYNAMICS_VENDOR_ACCOUNT_ID too). */
export const VENDOR_ACCOUNT_ID = '3c2a1b00-0000-4000-8000-00000000a001';
/** The currency it is run with: not the stand-in's first currency, so a flow taking any row shows. */
export const CURRENCY_CODE = 'EUR';

export interface FlowWorld {
  api: TestApp;
  standin: DataverseStandin;
  mapping: ResolvedMapping;
  harness(environment?: Record<string, string>): FlowHarness;
  /**
   * For a preset with lookups (Field Service): the vendor account made in the stand-in and the
   * currency code, as the environment variables the flows read; empty otherwise. Every harness
   * gets them unless its environment says otherwise.
   */
  lookupEnvironment: Record<string, string>;
  /** Resolves once the webhook worker has delivered every change to the flows' callbacks. */
  webhooksDelivered(): Promise<void>;
}

/** The environment variables an admin would set: only what differs per environment. */
export function environment(extra: Record<string, string> = {}): Record<string, string> {
  return {
    cmms_SyncConsumer: `flows-${randomUUID().slice(0, 8)}`,
    cmms_SyncPageSize: '10',
    ...extra,
  };
}

/** Minutes between scheduled runs the test packs with (a literal in the flows). */
export const INTERVAL_MINUTES = 5;

const COLUMN_SPEC: Record<Exclude<ColumnType, 'optionset'>, ColumnDefinition> = {
  string: column.text(4000),
  decimal: column.decimal(4),
  money: column.money(4),
  integer: column.integer(),
  boolean: column.boolean,
  datetime: column.dateTime,
  date: column.dateOnly,
};

/** A preset's own tables (not Field Service's), defined in the stand-in from the mapping's column types. */
function tablesTheStandinLacks(mapping: ResolvedMapping): TableDefinition[] {
  const known = new Set(defaultTables().map((t) => t.logicalName));
  return Object.values(mapping.entities)
    .filter((e) => e.logicalName && e.entitySet && !known.has(e.logicalName))
    .map((e) => ({
      logicalName: e.logicalName!,
      entitySet: e.entitySet!,
      ...(e.primaryIdColumn ? { primaryId: e.primaryIdColumn } : {}),
      alternateKeys: [[e.keyColumn]],
      upsertMultiple: false,
      columns: {
        ...Object.fromEntries(
          e.columns.map((c) => [c.column, c.type === 'optionset' ? column.choice(...new Set(c.options!.map((o) => o.optionValue))) : COLUMN_SPEC[c.type]]),
        ),
        statecode: column.choice(0, 1),
      },
    }));
}

export function useFlowWorld(preset = 'documented'): FlowWorld {
  const world = {} as FlowWorld;
  const harnesses: FlowHarness[] = [];
  // A preset that leaves the purchase-order table to settings gets the custom table, in the API and the pack alike.
  const choice = { mapping: preset, purchaseOrderTable: PO_TABLE, purchaseOrderEntitySet: PO_SET };
  const leavesTable = readMapping(preset).mapping.entities.purchaseOrders.logicalName === null;
  const mapping = loadMappingChoice(leavesTable ? choice : { mapping: preset });
  let worker: Worker | undefined;
  beforeAll(async () => {
    world.standin = await startDataverseStandin({
      tables: {
        assetKeyColumn: mapping.entities.assets.keyColumn,
        purchaseOrderKeyColumn: mapping.entities.purchaseOrders.keyColumn,
        customPurchaseOrder: { keyColumn: mapping.entities.purchaseOrders.keyColumn },
        extraTables: tablesTheStandinLacks(mapping),
      },
    });
    world.api = await createTestApp({
      env: {
        MAPPING_PRESET: preset,
        ...(leavesTable ? { DYNAMICS_PURCHASE_ORDER_TABLE: PO_TABLE, DYNAMICS_PURCHASE_ORDER_ENTITY_SET: PO_SET } : {}),
        // A preset with lookups (Field Service's vendor and currency) needs their settings to start.
        DYNAMICS_VENDOR_ACCOUNT_ID: VENDOR_ACCOUNT_ID,
        DYNAMICS_CURRENCY_CODE: CURRENCY_CODE,
        WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
        SEED_DEMO_DATA: 'false',
        RUN_WORKERS: 'false',
      },
    });
    world.mapping = mapping;
    world.lookupEnvironment = {};
    if (Object.values(mapping.entities).some((e) => e.lookups?.length)) {
      // The vendor exists in Dynamics before any flow runs, as an admin would have it.
      const made = await new DataverseGateway(world.standin).request(HUMAN_USER, 'POST', 'accounts', { accountid: VENDOR_ACCOUNT_ID, name: 'Suministros Eléctricos SA' });
      expect(made.statusCode, JSON.stringify(made.body)).toBe(201);
      world.lookupEnvironment = { cmms_VendorAccountId: VENDOR_ACCOUNT_ID, cmms_CurrencyCode: CURRENCY_CODE };
    }
    world.harness = (env = environment()) => {
      const h = new FlowHarness({
        app: world.api.app,
        standin: world.standin,
        environment: { ...world.lookupEnvironment, ...env },
        integrationUserId: INTEGRATION_USER,
        pack: { mapping: leavesTable ? choice : { mapping: preset }, intervalMinutes: INTERVAL_MINUTES },
      });
      harnesses.push(h);
      return h;
    };
    // The worker production runs beside the server, delivering to the harness's trigger callbacks.
    worker = startTestWebhookWorker(world.api);
    world.webhooksDelivered = () => outboxSettled(world.api.db);
  });
  afterAll(async () => {
    await worker?.stop();
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
