/**
 * The tables the stand-in starts with (reference §7 and §6.1): Field Service customer assets and
 * purchase orders, a configurable custom purchase-order table (the documented mapping's
 * name/description/totalamount columns), and the plug-in registration tables a webhook needs.
 */
import { column, type TableDefinition } from './columns.ts';
import { solutionTables } from './solution-tables.ts';

export type { ColumnDefinition, TableDefinition } from './columns.ts';

const { text, money, dateOnly, dateTime, choice } = column;
const state = choice(0, 1);
const status = choice(1, 2);
/** The documented mapping's purchase-order statuses: the publisher's option-value prefix 61354. */
const PUBLISHER_STATUSES = [613540000, 613540001, 613540002, 613540003, 613540004, 613540005, 613540006];

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
      // The acquisition/book-value columns come with the asset integration or the customer (reference §7.1);
      // the documented mapping writes them as money with 4 places and a date-time.
      columns: {
        msdyn_name: text(100), msdyn_assetnumber: text(100), msdyn_assettag: text(100), msdyn_serialid: text(100),
        msdyn_acquisitioncost: money(4), msdyn_acquisitiondate: dateTime, msdyn_currentbookvalue: money(4),
        msdyn_notes: text(2000), msdyn_replacementvalue: money(4), msdyn_activefrom: dateTime, msdyn_activeto: dateTime,
        msdyn_modelyear: text(20), msdyn_registrationstatus: choice(192350000, 192350001, 192350002, 192350003, 192350004),
        msdyn_latitude: column.double(5, -90, 90), msdyn_longitude: column.double(5, -180, 180), msdyn_manufacturingdate: dateOnly,
        msdyn_parentasset: column.lookup('msdyn_customerasset'), overriddencreatedon: dateTime, statecode: state, statuscode: status,
      },
    },
    {
      logicalName: 'msdyn_purchaseorder',
      entitySet: 'msdyn_purchaseorders',
      alternateKeys: [[options.purchaseOrderKeyColumn ?? 'msdyn_name']],
      upsertMultiple: true,
      // Field Service's table as documented (reference §7.2): total 0 … 922,337,203,685,477 with 2 places.
      columns: {
        msdyn_name: text(100), msdyn_totalamount: money(2, 0), msdyn_amountbilled: money(2), msdyn_purchaseorderdate: dateOnly,
        msdyn_dateexpected: dateOnly, msdyn_vendornote: text(2000), overriddencreatedon: dateTime, exchangerate: column.decimal(10, 0.0000000001, 100_000_000_000),
        msdyn_systemstatus: choice(690970000, 690970001, 690970002, 690970003, 690970004),
        msdyn_approvalstatus: choice(690970000, 690970001),
        msdyn_vendor: column.lookup('account'), transactioncurrencyid: column.lookup('transactioncurrency'), statecode: state, statuscode: status,
      },
    },
    {
      logicalName: custom.logicalName ?? 'cr123_purchaseorder',
      entitySet: custom.entitySet ?? 'cr123_purchaseorders',
      alternateKeys: [[customKey]],
      upsertMultiple: custom.upsertMultiple ?? false,
      columns: {
        [customKey]: text(100), name: text(100), description: text(2000), totalamount: money(4), overriddencreatedon: dateTime,
        statecode: state, statuscode: choice(1, 2, ...PUBLISHER_STATUSES),
      },
    },
    // The tables the Energy CMMS tables solution ships, read from its Entity.xml files.
    ...solutionTables(),
    // What Field Service purchase orders look up: vendor accounts and currencies.
    { logicalName: 'account', entitySet: 'accounts', alternateKeys: [], upsertMultiple: false, columns: { name: text(160), accountnumber: text(20) } },
    {
      logicalName: 'transactioncurrency', entitySet: 'transactioncurrencies', alternateKeys: [], upsertMultiple: false,
      columns: { isocurrencycode: text(5), currencyname: text(100), currencysymbol: text(10), exchangerate: column.decimal(10, 0.0000000001, 100_000_000_000) },
    },
    // Plug-in registration tables (reference §6.1), typed with their documented choice values; text
    // lengths are generous where the reference gives none [inferred].
    {
      logicalName: 'serviceendpoint', entitySet: 'serviceendpoints', alternateKeys: [], upsertMultiple: false, writeOnly: ['authvalue'],
      columns: {
        name: text(256), url: text(2000), description: text(2000), authvalue: text(4000), namespaceaddress: text(256),
        contract: choice(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), authtype: choice(1, 2, 3, 4, 5, 6, 7, 8, 9), messageformat: choice(1, 2, 3),
      },
    },
    { logicalName: 'sdkmessage', entitySet: 'sdkmessages', alternateKeys: [], upsertMultiple: false, columns: { name: text(256) } },
    {
      logicalName: 'sdkmessagefilter', entitySet: 'sdkmessagefilters', alternateKeys: [], upsertMultiple: false,
      columns: { primaryobjecttypecode: text(128), iscustomprocessingstepallowed: column.boolean, sdkmessageid: column.lookup('sdkmessage') },
    },
    {
      logicalName: 'sdkmessageprocessingstep', entitySet: 'sdkmessageprocessingsteps', alternateKeys: [], upsertMultiple: false,
      columns: {
        name: text(256), description: text(256), mode: choice(0, 1), stage: choice(10, 20, 30, 40, 45, 50), rank: column.integer(),
        supporteddeployment: choice(0, 1, 2), asyncautodelete: column.boolean, filteringattributes: text(100_000),
        sdkmessageid: column.lookup('sdkmessage'), sdkmessagefilterid: column.lookup('sdkmessagefilter'),
        // Polymorphic: bound as eventhandler_serviceendpoint or eventhandler_plugintype, stored as _eventhandler_value.
        eventhandler: column.lookup('serviceendpoint', 'plugintype'),
      },
    },
    {
      logicalName: 'sdkmessageprocessingstepimage', entitySet: 'sdkmessageprocessingstepimages', alternateKeys: [], upsertMultiple: false,
      columns: {
        name: text(256), entityalias: text(256), imagetype: choice(0, 1, 2), messagepropertyname: text(256), attributes: text(100_000),
        description: text(256), sdkmessageprocessingstepid: column.lookup('sdkmessageprocessingstep'),
      },
    },
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
