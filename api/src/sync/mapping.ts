/**
 * The CMMS → Dynamics 365 mapping, kept as data (mappings/*.json or MAPPING_FILE) so an environment
 * with other tables or columns needs a file, not a release. The mapping is validated once at start
 * with ajv plus the rules a schema cannot say (known CMMS fields, key column mapped, every estado
 * given an option value); a bad mapping stops the start with the offending JSON path.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import { ConfigError, type Config } from '../config/index.ts';
import { AppError } from '../errors/index.ts';
import { jsonDecimal } from '../http/json.ts';
import { STATUSES, isStatus, type Status } from '../purchase-orders/status.ts';
import type { Entity } from './change-log.ts';
import cmmsTables from './mappings/cmms-tables.json' with { type: 'json' };
import { addressableByKey, derivedRowId } from '../dynamics/row-address.ts';
import { ownershipProblems, writesToDynamics } from './ownership.ts';
import documented from './mappings/documented.json' with { type: 'json' };
import fieldService from './mappings/field-service.json' with { type: 'json' };

const PRESETS: Record<Config['sync']['mappingPreset'], unknown> = { 'cmms-tables': cmmsTables, documented, 'field-service': fieldService };

export type ColumnType = 'string' | 'decimal' | 'money' | 'integer' | 'boolean' | 'datetime' | 'date' | 'optionset';

export interface OptionMapping {
  /** The CMMS value, e.g. an estado. */
  value: string;
  optionValue: number;
  label?: string;
  /** False when several CMMS values share one option value and this one is not the value read back. */
  inbound?: boolean;
}

export interface ColumnMapping {
  source: string;
  column: string;
  type: ColumnType;
  options?: OptionMapping[];
  /** Which system owns the column (see ownership.ts); absent means the CMMS. */
  owner?: 'cmms' | 'dynamics' | 'both';
  /** How a column both systems write is settled. */
  rule?: 'last-writer';
}

/** A lookup every row of the table is written with, its value from a setting (not a CMMS field). */
export interface LookupMapping {
  /** The single-valued navigation property, e.g. msdyn_vendor. */
  navigation: string;
  /** The entity set it points into, e.g. accounts. */
  entitySet: string;
  /** vendorAccount: DYNAMICS_VENDOR_ACCOUNT_ID (a GUID); currency: DYNAMICS_CURRENCY_CODE (ISO code, looked up). */
  from: 'vendorAccount' | 'currency';
  /** Filled at load from the setting. */
  value?: string;
}

export interface EntityMapping {
  /** Null in a preset whose table comes from settings (the documented purchase-order table). */
  logicalName: string | null;
  entitySet: string | null;
  primaryIdColumn?: string;
  keyColumn: string;
  writeMode?: 'batch' | 'upsertmultiple' | 'auto';
  columns: ColumnMapping[];
  lookups?: LookupMapping[];
}

export interface Mapping {
  name: string;
  entities: Record<Entity, EntityMapping>;
}

export interface TableRef {
  logicalName: string;
  entitySet: string;
  keyColumn: string;
  primaryIdColumn?: string;
  writeMode?: 'batch' | 'upsertmultiple' | 'auto';
}

/** The CMMS key field and the fields a mapping may read, per entity (the stored columns). */
export const CMMS_FIELDS: Record<Entity, { key: string; fields: readonly string[] }> = {
  assets: {
    key: 'codigo_interno',
    fields: ['codigo_interno', 'nombre', 'numero_de_serie', 'valor_adquisicion', 'valor_libros', 'fecha_adquisicion',
      'sitio', 'ubicacion', 'categoria', 'estado_operativo', 'fabricante', 'modelo', 'created_at', 'updated_at'],
  },
  purchaseOrders: {
    key: 'numero_requisicion',
    fields: ['numero_requisicion', 'justificacion', 'total', 'moneda', 'estado', 'fecha_creacion', 'sitio',
      'solicitante', 'proveedor', 'created_at', 'updated_at'],
  },
};

const NAME = { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]{0,99}$' };
const entitySchema = {
  type: 'object',
  required: ['logicalName', 'entitySet', 'keyColumn', 'columns'],
  additionalProperties: false,
  properties: {
    $comment: { type: 'string' },
    logicalName: { anyOf: [NAME, { type: 'null' }] },
    entitySet: { anyOf: [NAME, { type: 'null' }] },
    primaryIdColumn: NAME,
    keyColumn: NAME,
    writeMode: { enum: ['batch', 'upsertmultiple', 'auto'] },
    lookups: {
      type: 'array',
      items: {
        type: 'object',
        required: ['navigation', 'entitySet', 'from'],
        additionalProperties: false,
        properties: { navigation: NAME, entitySet: NAME, from: { enum: ['vendorAccount', 'currency'] } },
      },
    },
    columns: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['source', 'column', 'type'],
        additionalProperties: false,
        properties: {
          source: { type: 'string' },
          column: NAME,
          type: { enum: ['string', 'decimal', 'money', 'integer', 'boolean', 'datetime', 'date', 'optionset'] },
          options: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              required: ['value', 'optionValue'],
              additionalProperties: false,
              properties: {
                value: { type: 'string' },
                optionValue: { type: 'integer', minimum: -2147483648, maximum: 2147483647 },
                label: { type: 'string' },
                inbound: { type: 'boolean' },
              },
            },
          },
          owner: { enum: ['cmms', 'dynamics', 'both'] },
          rule: { enum: ['last-writer'] },
        },
      },
    },
  },
};
const mappingSchema = {
  type: 'object',
  required: ['entities'],
  additionalProperties: false,
  properties: {
    $comment: { type: 'string' },
    name: { type: 'string' },
    entities: {
      type: 'object',
      required: ['assets', 'purchaseOrders'],
      additionalProperties: false,
      properties: { assets: entitySchema, purchaseOrders: entitySchema },
    },
  },
};

const validateSchema = new Ajv({ allErrors: true, strict: false }).compile(mappingSchema);

function describe(e: ErrorObject): string {
  const where = e.instancePath || '/';
  if (e.keyword === 'additionalProperties') return `${where} has unknown property "${(e.params as { additionalProperty: string }).additionalProperty}"`;
  if (e.keyword === 'enum') return `${where} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
  return `${where} ${e.message ?? 'is invalid'}`;
}

/** Every problem of a mapping document, each naming its JSON path; empty when it is valid. */
export function mappingProblems(doc: unknown): string[] {
  if (!validateSchema(doc)) {
    // anyOf failures repeat once per branch; one message per path and rule is enough.
    return [...new Set((validateSchema.errors ?? []).filter((e) => e.keyword !== 'anyOf').map(describe))];
  }
  const problems: string[] = [];
  const m = doc as unknown as Mapping;
  for (const entity of ['assets', 'purchaseOrders'] as const) {
    const e = m.entities[entity];
    const base = `/entities/${entity}`;
    const known = CMMS_FIELDS[entity];
    const seen = new Set<string>();
    e.columns.forEach((c, i) => {
      const at = `${base}/columns/${i}`;
      if (!known.fields.includes(c.source)) problems.push(`${at}/source "${c.source}" is not a CMMS field of ${entity} (known: ${known.fields.join(', ')})`);
      if (seen.has(c.column)) problems.push(`${at}/column "${c.column}" is mapped twice`);
      seen.add(c.column);
      if (c.type === 'optionset' && !c.options) problems.push(`${at}/options is required for an optionset column`);
      if (c.type !== 'optionset' && c.options) problems.push(`${at}/options is only allowed on an optionset column`);
      if (c.source === 'estado' && c.type === 'optionset') {
        const given = new Set(c.options?.map((o) => o.value));
        const missing = STATUSES.filter((s) => !given.has(s));
        if (missing.length) problems.push(`${at}/options has no option value for estado ${missing.join(', ')}`);
        c.options?.forEach((o, j) => {
          if (!isStatus(o.value)) problems.push(`${at}/options/${j}/value "${o.value}" is not an estado (${STATUSES.join(', ')})`);
        });
      }
    });
    const keyCol = e.columns.find((c) => c.source === known.key);
    if (!keyCol) problems.push(`${base}/columns must map the CMMS key ${known.key}`);
    else if (keyCol.column !== e.keyColumn) problems.push(`${base}/keyColumn "${e.keyColumn}" must be the column ${known.key} is mapped to ("${keyCol.column}")`);
    if ((e.logicalName === null) !== (e.entitySet === null)) problems.push(`${base} must give both logicalName and entitySet, or neither`);
  }
  problems.push(...ownershipProblems(m));
  return problems;
}

/** Default entity-set name for a table given without one: Dataverse's usual English plural. */
export function pluralEntitySet(logicalName: string): string {
  if (/(s|x|z|ch|sh)$/.test(logicalName)) return `${logicalName}es`;
  if (/[^aeiou]y$/.test(logicalName)) return `${logicalName.slice(0, -1)}ies`;
  return `${logicalName}s`;
}

const cache = new WeakMap<Config, Mapping>();

/**
 * The mapping in force: MAPPING_FILE when set, else the MAPPING_PRESET, with the purchase-order
 * table settings applied over it. Throws ConfigError naming the variable and JSON path when invalid.
 * Cached per config, so the sync routes and the webhook outbox share one validated copy.
 */
export function loadMapping(config: Config): Mapping {
  const hit = cache.get(config);
  if (hit) return hit;
  const s = config.sync;
  const variable = s.mappingFile ? 'MAPPING_FILE' : 'MAPPING_PRESET';
  let doc: unknown;
  if (s.mappingFile) {
    try {
      doc = JSON.parse(readFileSync(s.mappingFile, 'utf8'));
    } catch (e) {
      throw new ConfigError([{ variable, message: `cannot read ${s.mappingFile} as JSON: ${(e as Error).message}` }]);
    }
  } else {
    doc = structuredClone(PRESETS[s.mappingPreset]);
  }
  const problems = mappingProblems(doc);
  if (problems.length) throw new ConfigError(problems.map((message) => ({ variable, message: `${s.mappingFile ?? s.mappingPreset}: ${message}` })));
  const mapping = doc as Mapping;
  mapping.name ??= s.mappingFile ?? s.mappingPreset;
  const po = mapping.entities.purchaseOrders;
  if (s.purchaseOrderTable) {
    po.logicalName = s.purchaseOrderTable;
    po.entitySet = s.purchaseOrderEntitySet ?? pluralEntitySet(s.purchaseOrderTable);
  } else if (s.purchaseOrderEntitySet) {
    throw new ConfigError([{ variable: 'DYNAMICS_PURCHASE_ORDER_TABLE', message: 'is required when DYNAMICS_PURCHASE_ORDER_ENTITY_SET is set' }]);
  }
  applyLookupSettings(mapping, s);
  deepFreeze(mapping);
  cache.set(config, mapping);
  return mapping;
}

const LOOKUP_SETTINGS = {
  vendorAccount: {
    variable: 'DYNAMICS_VENDOR_ACCOUNT_ID',
    valid: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
    what: 'the id (GUID) of the vendor account every purchase order is written with (Dynamics → Accounts → the vendor → its URL id=…)',
  },
  currency: {
    variable: 'DYNAMICS_CURRENCY_CODE',
    valid: /^[A-Z]{3}$/,
    what: 'the ISO 4217 code (e.g. USD) of the Dynamics currency purchase orders are written in',
  },
} as const;

/** Fills each lookup's value from its setting; a missing or malformed one stops the start naming the setting. */
function applyLookupSettings(mapping: Mapping, s: Config['sync']): void {
  const problems: { variable: string; message: string }[] = [];
  for (const entity of ['assets', 'purchaseOrders'] as const) {
    for (const l of mapping.entities[entity].lookups ?? []) {
      const rule = LOOKUP_SETTINGS[l.from];
      const value = l.from === 'vendorAccount' ? s.vendorAccountId : s.currencyCode;
      if (!value) problems.push({ variable: rule.variable, message: `is required by the ${mapping.name} mapping (${entity}.${l.navigation}): ${rule.what}` });
      else if (!rule.valid.test(value)) problems.push({ variable: rule.variable, message: `"${value}" is not ${rule.what}` });
      else l.value = l.from === 'vendorAccount' ? value.toLowerCase() : value;
    }
  }
  if (problems.length) throw new ConfigError(problems);
}

/** The Dynamics table of an entity; 503 naming the setting when the purchase-order table is not configured. */
export function tableFor(mapping: Mapping, entity: Entity): TableRef {
  const e = mapping.entities[entity];
  if (!e.logicalName || !e.entitySet) {
    throw new AppError('NOT_CONFIGURED', {
      detail: `The Dynamics table for ${entity} is not configured: set DYNAMICS_PURCHASE_ORDER_TABLE (and DYNAMICS_PURCHASE_ORDER_ENTITY_SET when its entity set is not the plain plural), or use MAPPING_PRESET=cmms-tables (the default) or field-service, or a MAPPING_FILE that names it.`,
      extensions: { setting: 'DYNAMICS_PURCHASE_ORDER_TABLE' },
    });
  }
  return {
    logicalName: e.logicalName,
    entitySet: e.entitySet,
    keyColumn: e.keyColumn,
    ...(e.primaryIdColumn ? { primaryIdColumn: e.primaryIdColumn } : {}),
    ...(e.writeMode ? { writeMode: e.writeMode } : {}),
  };
}

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function convert(c: ColumnMapping, value: unknown, entity: Entity): unknown {
  if (value === null || value === undefined) return null;
  switch (c.type) {
    case 'string':
      return String(value);
    case 'decimal':
    case 'money':
      return jsonDecimal(typeof value === 'string' ? value : String(value));
    case 'integer':
      return Math.trunc(Number(value));
    case 'boolean':
      return Boolean(value);
    case 'datetime':
      return value instanceof Date ? value.toISOString() : String(value);
    case 'date':
      return value instanceof Date ? isoDate(value) : String(value).slice(0, 10);
    case 'optionset': {
      const hit = c.options?.find((o) => o.value === String(value));
      if (!hit) {
        throw new AppError('UNPROCESSABLE', {
          detail: `${entity}.${c.source} value "${String(value)}" has no option value for ${c.column} in the mapping.`,
        });
      }
      return hit.optionValue;
    }
  }
}

/**
 * A CMMS row as stored (decimals as exact strings, Dates) in Dynamics column names and types. Columns
 * Dynamics owns are left out: the CMMS never writes them.
 */
export function toDynamicsRecord(mapping: Mapping, entity: Entity, row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of mapping.entities[entity].columns) if (writesToDynamics(c)) out[c.column] = convert(c, row[c.source], entity);
  return out;
}

/**
 * The derived id of the row holding `key`, for a key Dataverse cannot address in a URL (flows and
 * webhook consumers write and delete such rows by this id, as the push engine does); undefined for an
 * ordinary key, or when the mapping does not name the table.
 */
export function rowIdFor(mapping: Mapping, entity: Entity, key: string): string | undefined {
  const e = mapping.entities[entity];
  if (!e.entitySet || addressableByKey(key)) return undefined;
  return derivedRowId(e.entitySet, e.keyColumn, key);
}

/** The record of a delete: just the key column. */
export function deletedRecord(mapping: Mapping, entity: Entity, key: string): Record<string, unknown> {
  return { [mapping.entities[entity].keyColumn]: key };
}

/** The mapped column of a CMMS field, if any. */
export function columnFor(mapping: Mapping, entity: Entity, source: string): ColumnMapping | undefined {
  return mapping.entities[entity].columns.find((c) => c.source === source);
}

function statusColumn(mapping: Mapping): ColumnMapping | undefined {
  const c = columnFor(mapping, 'purchaseOrders', 'estado');
  return c?.type === 'optionset' ? c : undefined;
}

/** The Dynamics column holding the purchase-order status (e.g. statuscode), if the mapping has one. */
export function statusColumnName(mapping: Mapping): string | undefined {
  return statusColumn(mapping)?.column;
}

/** The option value an estado is written as; undefined for an unknown estado. */
export function statusToDynamics(mapping: Mapping, estado: string): number | undefined {
  return statusColumn(mapping)?.options?.find((o) => o.value === estado)?.optionValue;
}

/**
 * Every estado an option value stands for, the one to apply first. Several estados may share one
 * value (e.g. Field Service's "Submitted"); a record already in any of them counts as unchanged.
 */
export function statusesFromDynamics(mapping: Mapping, value: number): Status[] {
  const hits = (statusColumn(mapping)?.options ?? []).filter((o) => o.optionValue === value && isStatus(o.value));
  hits.sort((a, b) => Number(b.inbound !== false) - Number(a.inbound !== false));
  return hits.map((o) => o.value as Status);
}

/** The estado an option value is read back as; undefined when the mapping does not know it. */
export function statusFromDynamics(mapping: Mapping, value: number): Status | undefined {
  return statusesFromDynamics(mapping, value)[0];
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
