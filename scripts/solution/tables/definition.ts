/**
 * The compact definition of the Dataverse tables the "Energy CMMS tables" solution ships. Everything
 * under solution/tables/ (Entity.xml, forms, views, relationships, the app) is generated from this
 * by `npm run tables` (scripts/solution/tables/generate.ts); `--check` fails when the files are stale.
 *
 * Column types and lengths follow the CMMS API (openapi.yaml): text lengths are the API's maxLength,
 * amounts are money with 4 decimals (the API is exact to 4 places), dates are date-time where the
 * API field is `format: date-time`. Schema names are PascalCase after the prefix; logical names are
 * their lower case, as in exported tables.
 */

export type CustomColumn =
  | { kind: 'text'; schemaName: string; display: string; description: string; maxLength: number; required?: boolean }
  | { kind: 'memo'; schemaName: string; display: string; description: string; maxLength: number; required?: boolean }
  | { kind: 'money'; schemaName: string; display: string; description: string; precision: number }
  | { kind: 'datetime'; schemaName: string; display: string; description: string; behavior: 'UserLocal' | 'DateOnly' };

export interface StatusReason {
  value: number;
  label: string;
  /** 0 Active, 1 Inactive. */
  state: 0 | 1;
}

export interface TableSpec {
  schemaName: string;
  display: string;
  displayPlural: string;
  description: string;
  entitySet: string;
  /** The primary name column (always text). */
  primaryName: Extract<CustomColumn, { kind: 'text' }>;
  columns: CustomColumn[];
  /** The alternate key: its schema name and the (schema-named) columns it covers. */
  key: { schemaName: string; display: string; columns: string[] };
  /** Status reasons; when absent, the default Active (1) / Inactive (2). */
  statusReasons?: StatusReason[];
  /** Fixed ids so regenerating gives the same files (forms, views). */
  ids: { mainForm: string; views: Record<ViewKind, string> };
  /** Columns shown on the main form and in the views, by schema name, in order. */
  formColumns: string[];
  viewColumns: string[];
}

export type ViewKind = 'active' | 'inactive' | 'quickFind' | 'advancedFind' | 'associated' | 'lookup';

export const PREFIX = 'cmms';
/** The publisher's option-value prefix (solution/*\/Other/Solution.xml). */
export const OPTION_VALUE_PREFIX = 61354;

export const ASSET_TABLE: TableSpec = {
  schemaName: 'cmms_Asset',
  display: 'CMMS Asset',
  displayPlural: 'CMMS Assets',
  description: 'An asset (activo) of the Energy CMMS, kept in step with the CMMS by the Energy CMMS sync.',
  entitySet: 'cmms_assets',
  primaryName: { kind: 'text', schemaName: 'cmms_Name', display: 'Name', description: "The asset's name (CMMS nombre).", maxLength: 200, required: true },
  columns: [
    { kind: 'text', schemaName: 'cmms_AssetNumber', display: 'Asset Number', description: "The asset's internal code in the CMMS (codigo_interno), its unique key.", maxLength: 50, required: true },
    { kind: 'text', schemaName: 'cmms_SerialNumber', display: 'Serial Number', description: "The manufacturer's serial number (numero_de_serie).", maxLength: 100 },
    { kind: 'money', schemaName: 'cmms_AcquisitionCost', display: 'Acquisition Cost', description: 'The acquisition cost (valor_adquisicion), exact to four decimal places.', precision: 4 },
    { kind: 'money', schemaName: 'cmms_BookValue', display: 'Book Value', description: 'The current book value (valor_libros), exact to four decimal places.', precision: 4 },
    { kind: 'datetime', schemaName: 'cmms_AcquisitionDate', display: 'Acquisition Date', description: 'When the asset was acquired (fecha_adquisicion).', behavior: 'UserLocal' },
    { kind: 'text', schemaName: 'cmms_Site', display: 'Site', description: 'The code of the site where the asset is (sitio).', maxLength: 100 },
    { kind: 'text', schemaName: 'cmms_Location', display: 'Location', description: 'Where the asset stands within its site (ubicacion).', maxLength: 200 },
    { kind: 'text', schemaName: 'cmms_Category', display: 'Category', description: 'The kind of equipment (categoria).', maxLength: 50 },
    { kind: 'text', schemaName: 'cmms_OperatingStatus', display: 'Operating Status', description: 'The operating status in the CMMS (estado_operativo).', maxLength: 50 },
    { kind: 'text', schemaName: 'cmms_Manufacturer', display: 'Manufacturer', description: 'The manufacturer (fabricante).', maxLength: 100 },
    { kind: 'text', schemaName: 'cmms_Model', display: 'Model', description: "The manufacturer's model (modelo).", maxLength: 100 },
  ],
  key: { schemaName: 'cmms_AssetNumberKey', display: 'Asset Number', columns: ['cmms_AssetNumber'] },
  ids: {
    mainForm: '4c1e6f2a-8d3b-4f0e-9a51-2b7c9e0d1a01',
    views: {
      active: '4c1e6f2a-8d3b-4f0e-9a51-2b7c9e0d1b01',
      inactive: '4c1e6f2a-8d3b-4f0e-9a51-2b7c9e0d1b02',
      quickFind: '4c1e6f2a-8d3b-4f0e-9a51-2b7c9e0d1b03',
      advancedFind: '4c1e6f2a-8d3b-4f0e-9a51-2b7c9e0d1b04',
      associated: '4c1e6f2a-8d3b-4f0e-9a51-2b7c9e0d1b05',
      lookup: '4c1e6f2a-8d3b-4f0e-9a51-2b7c9e0d1b06',
    },
  },
  formColumns: ['cmms_AssetNumber', 'cmms_Name', 'cmms_SerialNumber', 'cmms_Category', 'cmms_OperatingStatus', 'cmms_Manufacturer', 'cmms_Model', 'cmms_Site', 'cmms_Location', 'cmms_AcquisitionDate', 'cmms_AcquisitionCost', 'cmms_BookValue', 'OwnerId'],
  viewColumns: ['cmms_AssetNumber', 'cmms_Name', 'cmms_Site', 'cmms_Category', 'cmms_OperatingStatus', 'cmms_BookValue', 'modifiedon'],
};

/**
 * The seven estados as status reasons, all of the Active state: the sync writes statuscode alone,
 * and Dataverse only accepts a status reason of the row's current state on such a write; an
 * Inactive received or cancelled requisition would also turn read-only in the form.
 */
export const REQUISITION_STATUS: StatusReason[] = [
  { value: 613540000, label: 'Draft', state: 0 },
  { value: 613540001, label: 'Pending approval', state: 0 },
  { value: 613540002, label: 'Approved', state: 0 },
  { value: 613540003, label: 'Rejected', state: 0 },
  { value: 613540004, label: 'Ordered', state: 0 },
  { value: 613540005, label: 'Received', state: 0 },
  { value: 613540006, label: 'Cancelled', state: 0 },
  { value: 2, label: 'Inactive', state: 1 },
];

export const REQUISITION_TABLE: TableSpec = {
  schemaName: 'cmms_PurchaseRequisition',
  display: 'Purchase Requisition',
  displayPlural: 'Purchase Requisitions',
  description: 'A purchase requisition (presupuesto) of the Energy CMMS; its status reason is the CMMS estado, and changing it here sends the new status back to the CMMS.',
  entitySet: 'cmms_purchaserequisitions',
  primaryName: { kind: 'text', schemaName: 'cmms_Name', display: 'Requisition Number', description: 'The requisition number in the CMMS (numero_requisicion), its unique key.', maxLength: 50, required: true },
  columns: [
    { kind: 'memo', schemaName: 'cmms_Justification', display: 'Justification', description: 'Why the purchase is needed (justificacion).', maxLength: 2000 },
    { kind: 'money', schemaName: 'cmms_Total', display: 'Total', description: 'The total amount (total), exact to four decimal places.', precision: 4 },
    { kind: 'text', schemaName: 'cmms_CurrencyCode', display: 'CMMS Currency', description: 'The ISO 4217 code of the currency the CMMS holds the total in (moneda).', maxLength: 3 },
    { kind: 'text', schemaName: 'cmms_Site', display: 'Site', description: 'The code of the site the purchase is for (sitio).', maxLength: 100 },
    { kind: 'text', schemaName: 'cmms_Requester', display: 'Requester', description: 'Who requested the purchase (solicitante).', maxLength: 200 },
  ],
  key: { schemaName: 'cmms_RequisitionNumberKey', display: 'Requisition Number', columns: ['cmms_Name'] },
  statusReasons: REQUISITION_STATUS,
  ids: {
    mainForm: '4c1e6f2a-8d3b-4f0e-9a51-2b7c9e0d2a01',
    views: {
      active: '4c1e6f2a-8d3b-4f0e-9a51-2b7c9e0d2b01',
      inactive: '4c1e6f2a-8d3b-4f0e-9a51-2b7c9e0d2b02',
      quickFind: '4c1e6f2a-8d3b-4f0e-9a51-2b7c9e0d2b03',
      advancedFind: '4c1e6f2a-8d3b-4f0e-9a51-2b7c9e0d2b04',
      associated: '4c1e6f2a-8d3b-4f0e-9a51-2b7c9e0d2b05',
      lookup: '4c1e6f2a-8d3b-4f0e-9a51-2b7c9e0d2b06',
    },
  },
  formColumns: ['cmms_Name', 'statuscode', 'cmms_Total', 'cmms_CurrencyCode', 'cmms_Site', 'cmms_Requester', 'overriddencreatedon', 'cmms_Justification', 'OwnerId'],
  viewColumns: ['cmms_Name', 'statuscode', 'cmms_Total', 'cmms_Site', 'cmms_Requester', 'overriddencreatedon'],
};

export const TABLES: readonly TableSpec[] = [ASSET_TABLE, REQUISITION_TABLE];

/** The solution that ships them (solution/tables/Other/Solution.xml). */
export const TABLES_SOLUTION = { uniqueName: 'EnergyCmmsTables', version: '1.0.0.0' } as const;

export const APP = {
  uniqueName: 'cmms_EnergyCMMS',
  display: 'Energy CMMS',
  description: 'Assets and purchase requisitions synchronised from the Energy CMMS.',
  /** The platform's default app icon web resource, as apps made in the designer reference it. */
  webResourceId: '953b9fac-1e5e-e611-80d6-00155ded156f',
};

export function logicalName(schemaName: string): string {
  return schemaName.toLowerCase();
}
