/**
 * The tables the stand-in starts with (reference §7 and §6.1): Field Service customer assets and
 * purchase orders, a configurable custom purchase-order table (the documented mapping's
 * name/description/totalamount columns), and the plug-in registration tables a webhook needs.
 */
import type { ColumnSpec, TableDefinition } from './store.ts';
import { solutionTables } from './solution-tables.ts';

const text = (maxLength: number): ColumnSpec => ({ type: 'string', maxLength });
const any: ColumnSpec = { type: 'any' };
const money: ColumnSpec = { type: 'money' };
const date: ColumnSpec = { type: 'date' };

export interface CustomPurchaseOrderOptions {
  logicalName?: string;
  entitySet?: string;
  keyColumn?: string;
  /** Newer custom tables accept UpsertMultiple; off by default so `auto` falls back to $batch here. */
  upsertMultiple?: boolean;
}

export interface TableOptions {
  /** Alternate key column of msdyn_customerasset (a customization; the documented mapping uses msdyn_assetnumber). */
  assetKeyColumn?: string;
  /** Alternate key column of msdyn_purchaseorder. */
  purchaseOrderKeyColumn?: string;
  customPurchaseOrder?: CustomPurchaseOrderOptions;
  /** Extra tables, or replacements by logical name. */
  extraTables?: TableDefinition[];
}

export function defaultTables(options: TableOptions = {}): TableDefinition[] {
  const custom = options.customPurchaseOrder ?? {};
  const customKey = custom.keyColumn ?? 'name';
  const tables: TableDefinition[] = [
    {
      logicalName: 'msdyn_customerasset',
      entitySet: 'msdyn_customerassets',
      alternateKeys: [[options.assetKeyColumn ?? 'msdyn_assetnumber']],
      upsertMultiple: true,
      columns: {
        msdyn_name: text(100), msdyn_assetnumber: text(100), msdyn_assettag: text(100), msdyn_serialid: text(100),
        msdyn_acquisitioncost: money, msdyn_acquisitiondate: date, msdyn_currentbookvalue: money,
        msdyn_notes: text(2000), msdyn_replacementvalue: money, msdyn_activefrom: date, msdyn_activeto: date,
        msdyn_modelyear: text(20), msdyn_registrationstatus: { type: 'choice', values: [192350000, 192350001, 192350002, 192350003, 192350004] },
        msdyn_latitude: any, msdyn_longitude: any, msdyn_manufacturingdate: date, overriddencreatedon: any,
        statecode: { type: 'choice', values: [0, 1] }, statuscode: { type: 'choice', values: [1, 2] },
      },
    },
    {
      logicalName: 'msdyn_purchaseorder',
      entitySet: 'msdyn_purchaseorders',
      alternateKeys: [[options.purchaseOrderKeyColumn ?? 'msdyn_name']],
      upsertMultiple: true,
      columns: {
        msdyn_name: text(100), msdyn_totalamount: money, msdyn_amountbilled: money, msdyn_purchaseorderdate: date,
        msdyn_dateexpected: date, msdyn_vendornote: text(2000), overriddencreatedon: any, exchangerate: any,
        msdyn_systemstatus: { type: 'choice', values: [690970000, 690970001, 690970002, 690970003, 690970004] },
        msdyn_approvalstatus: { type: 'choice', values: [690970000, 690970001] },
        statecode: { type: 'choice', values: [0, 1] }, statuscode: { type: 'choice', values: [1, 2] },
      },
    },
    {
      logicalName: custom.logicalName ?? 'cr123_purchaseorder',
      entitySet: custom.entitySet ?? 'cr123_purchaseorders',
      alternateKeys: [[customKey]],
      upsertMultiple: custom.upsertMultiple ?? false,
      columns: {
        [customKey]: text(100), name: text(100), description: text(2000), totalamount: money, overriddencreatedon: any,
        statecode: { type: 'choice', values: [0, 1] }, statuscode: any,
      },
    },
    // The tables the Energy CMMS tables solution ships, read from its Entity.xml files.
    ...solutionTables(),
    // What Field Service purchase orders look up: vendor accounts and currencies.
    { logicalName: 'account', entitySet: 'accounts', alternateKeys: [], upsertMultiple: false, columns: { name: text(160), accountnumber: text(20) } },
    { logicalName: 'transactioncurrency', entitySet: 'transactioncurrencies', alternateKeys: [], upsertMultiple: false, columns: { isocurrencycode: text(5), currencyname: text(100), currencysymbol: text(10), exchangerate: any } },
    { logicalName: 'serviceendpoint', entitySet: 'serviceendpoints', alternateKeys: [], upsertMultiple: false, writeOnly: ['authvalue'] },
    { logicalName: 'sdkmessage', entitySet: 'sdkmessages', alternateKeys: [], upsertMultiple: false },
    { logicalName: 'sdkmessagefilter', entitySet: 'sdkmessagefilters', alternateKeys: [], upsertMultiple: false },
    { logicalName: 'sdkmessageprocessingstep', entitySet: 'sdkmessageprocessingsteps', alternateKeys: [], upsertMultiple: false },
    { logicalName: 'sdkmessageprocessingstepimage', entitySet: 'sdkmessageprocessingstepimages', alternateKeys: [], upsertMultiple: false },
  ];
  for (const extra of options.extraTables ?? []) {
    const at = tables.findIndex((t) => t.logicalName === extra.logicalName);
    if (at >= 0) tables[at] = extra;
    else tables.push(extra);
  }
  return tables;
}

/** Currencies an environment typically has: its base currency and one more. */
export const CURRENCIES = [
  { transactioncurrencyid: '7f1c5a40-0000-4000-8000-0000000000d1', isocurrencycode: 'USD', currencyname: 'US Dollar', currencysymbol: '$', exchangerate: 1 },
  { transactioncurrencyid: '7f1c5a40-0000-4000-8000-0000000000e1', isocurrencycode: 'EUR', currencyname: 'Euro', currencysymbol: '€', exchangerate: 0.92 },
] as const;

/** Messages and per-table filters, as every environment has them. */
export const MESSAGES = ['Create', 'Update', 'Delete'] as const;
