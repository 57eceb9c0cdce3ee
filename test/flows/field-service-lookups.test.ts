/**
 * Field Service purchase orders need a vendor account and a currency, which are not CMMS fields: the
 * scheduled purchase-order flow binds them from environment variables (the vendor's id, the
 * currency's ISO code looked up once per run). Expected ids come from the stand-in's own rows and the
 * variables the test sets, not from the generator or the mapping code.
 */
import { describe, expect, it } from 'vitest';
import { seedDemoData } from '../../api/src/demo/seed.ts';
import { FLOWS } from '../support/flow-runner/harness.ts';
import { createPurchaseOrder, CURRENCY_CODE, environment, useFlowWorld, VENDOR_ACCOUNT_ID } from './setup.ts';

const world = useFlowWorld('field-service');
const TABLE = 'msdyn_purchaseorder';
const KEY = 'msdyn_name';
const orders = () => world.standin.tables.rows(TABLE);

describe('Purchase orders to Dynamics (scheduled) with the Field Service mapping', () => {
  it('lands every demo purchase requisition with the vendor account and the currency of the code bound', async () => {
    await seedDemoData(world.api.db, new Date('2026-06-01T12:00:00Z'));
    const run = await world.harness().runScheduled(FLOWS.purchaseOrdersScheduled);
    expect(run.status, JSON.stringify(run.error)).toBe('Succeeded');

    const currency = world.standin.tables.rows('transactioncurrency').filter((c) => c.isocurrencycode === CURRENCY_CODE);
    expect(currency).toHaveLength(1);
    const numbers = (await world.api.db.query<{ numero_requisicion: string }>('SELECT numero_requisicion FROM purchase_orders')).rows.map((r) => r.numero_requisicion);
    expect(numbers.length).toBeGreaterThan(10); // more than one page of 10
    expect(orders()).toHaveLength(numbers.length);
    for (const n of numbers) {
      const row = world.standin.tables.find(TABLE, KEY, n);
      expect(row, n).toMatchObject({ _msdyn_vendor_value: VENDOR_ACCOUNT_ID, _transactioncurrencyid_value: currency[0]!.transactioncurrencyid });
    }
    expect((await world.api.request.get('/sync/failures').expect(200)).body.value).toEqual([]);
  });

  it('when no currency has the code, the run fails naming the code and the variable, and writes nothing', async () => {
    await createPurchaseOrder(world.api, 'FS-NOCUR-1');
    const before = orders().length;
    const run = await world.harness({ ...environment(), cmms_CurrencyCode: 'GBP' }).runScheduled(FLOWS.purchaseOrdersScheduled);
    expect(run.status).toBe('Failed');
    expect(run.error?.code).toBe('CurrencyNotFound');
    expect(run.error?.message).toMatch(/^Dynamics has no currency with ISO code 'GBP' \(environment variable cmms_CurrencyCode\)/);
    expect(orders()).toHaveLength(before);
    expect(world.standin.tables.find(TABLE, KEY, 'FS-NOCUR-1')).toBeUndefined();
  });

  it('when a code holds a quote, the currency filter still parses and the run fails cleanly', async () => {
    const run = await world.harness({ ...environment(), cmms_CurrencyCode: "E'R" }).runScheduled(FLOWS.purchaseOrdersScheduled);
    expect(run.error?.code).toBe('CurrencyNotFound');
  });

  it('when the vendor account does not exist, the run fails naming the variable, and writes nothing', async () => {
    await createPurchaseOrder(world.api, 'FS-NOVEN-1');
    const before = orders().length;
    const missing = '0badc0de-0000-4000-8000-000000000000';
    const run = await world.harness({ ...environment(), cmms_VendorAccountId: missing }).runScheduled(FLOWS.purchaseOrdersScheduled);
    expect(run.status).toBe('Failed');
    expect(run.error?.code).toBe('VendorAccountNotFound');
    expect(run.error?.message).toContain(`The vendor account '${missing}' (environment variable cmms_VendorAccountId) could not be read in Dynamics: account With Id = ${missing} Does Not Exist`);
    expect(orders()).toHaveLength(before);
  });
});
