/**
 * Asset changes coming back from Dynamics 365 (ApplyAssetChangesFromDynamics and the Dataverse
 * webhook receiver). Only the columns the mapping gives to Dynamics (owner `dynamics`, or `both`
 * when Dynamics' change is the newer) are applied; a column the CMMS owns is refused naming it.
 * An event older than the last one applied is ignored, so a late retry never undoes a newer value.
 * The change is recorded with origin `dynamics`, which the feeds, push jobs and webhook triggers
 * never send back: the echo ends here.
 */
import type { Queryable } from '../db/index.ts';
import { invalidField, notFound } from '../errors/index.ts';
import { isDateTime } from '../http/formats.ts';
import { compareDecimal, parseDecimal } from '../http/decimal.ts';
import { exactDecimal, parseJsonExact } from '../http/json.ts';
import { loadSpec, resolveRef, type JsonSchema } from '../http/openapi.ts';
import { assetJson, changeAsset } from '../assets/service.ts';
import { getAsset, type AssetRow } from '../assets/store.ts';
import type { ColumnMapping, Mapping } from './mapping.ts';
import { ownedElsewhere, ownerOf } from './ownership.ts';

export interface DynamicsAssetChange {
  /** The asset's key (its CMMS code, the mapping's key column in Dynamics). */
  key: string;
  /** Dynamics' modifiedon of the change; absent only when the event carries none. */
  modifiedon?: Date | undefined;
  /** Dynamics column → value, as Dynamics sends it (numbers for money, ISO strings for dates). */
  values: Record<string, unknown>;
}

export interface InboundResult {
  status: 'applied' | 'unchanged' | 'stale';
  /** CMMS fields this change set. */
  applied: string[];
  /** CMMS fields of `both` columns kept because the CMMS changed them after this change. */
  kept: string[];
  asset: Record<string, unknown>;
}

/** Where the parts of the change came from, for error messages. */
export interface InboundFields {
  key: string;
  values: string;
}

let fieldSchemas: Record<string, JsonSchema> | undefined;
/** The CMMS field rules (maxLength, nullable, minimum) from openapi.yaml, the one source of truth. */
function fieldSchema(source: string): JsonSchema {
  if (!fieldSchemas) {
    const doc = loadSpec();
    const fields = resolveRef<{ properties: Record<string, JsonSchema> }>(doc, { $ref: '#/components/schemas/AssetFields' });
    fieldSchemas = fields.properties;
  }
  return fieldSchemas[source] ?? {};
}

/**
 * One Dynamics value as the JSON fragment of the CMMS field it maps to, checked against that field's
 * rules; decimals keep the digits Dynamics sent.
 */
function cmmsFragment(c: ColumnMapping, values: Record<string, unknown>, field: string): string {
  const value = values[c.column];
  const rules = fieldSchema(c.source);
  if (value === null) {
    if (rules.nullable !== true) throw invalidField(field, 'nullable', `must not be null: ${c.source} is required in the CMMS`);
    return 'null';
  }
  switch (c.type) {
    case 'money':
    case 'decimal': {
      // Dataverse sends money as a JSON number; its digits are kept from the request's source text.
      if (typeof value !== 'number') throw invalidField(field, 'type', 'must be a decimal number');
      const text = exactDecimal(values, c.column, field)!;
      const d = parseDecimal(text)!;
      // The same bounds openapi.yaml gives the CMMS field, compared in decimal, never in floating point.
      if (typeof rules.minimum === 'number' && compareDecimal(d, parseDecimal(String(rules.minimum))!) < 0) {
        throw invalidField(field, 'minimum', `must be at least ${rules.minimum}`);
      }
      if (typeof rules.maximum === 'number' && compareDecimal(d, parseDecimal(String(rules.maximum))!) > 0) {
        throw invalidField(field, 'maximum', `must be at most ${rules.maximum}`);
      }
      return text;
    }
    case 'datetime':
    case 'date':
      if (typeof value !== 'string' || !isDateTime(value)) throw invalidField(field, 'format', 'must be an ISO 8601 date or date-time');
      return JSON.stringify(value);
    case 'string': {
      if (typeof value !== 'string') throw invalidField(field, 'type', 'must be a string');
      const length = [...value].length;
      if (typeof rules.maxLength === 'number' && length > rules.maxLength) throw invalidField(field, 'maxLength', `must be at most ${rules.maxLength} characters`);
      if (typeof rules.minLength === 'number' && length < rules.minLength) throw invalidField(field, 'minLength', `must be at least ${rules.minLength} characters`);
      return JSON.stringify(value);
    }
    default:
      throw invalidField(field, 'type', `is a ${c.type} column, which the CMMS does not take from Dynamics`);
  }
}

/**
 * When the CMMS itself last changed a field: its newest change-log entry naming the field that did
 * not come from Dynamics. The log is written in the change's own transaction, so it is exact.
 */
async function cmmsChangedAt(tx: Queryable, key: string, source: string): Promise<Date | undefined> {
  const r = await tx.query<{ at: Date | null }>(
    `SELECT max(changed_at) AS at FROM change_log
      WHERE entity = 'assets' AND record_key = $1 AND origin <> 'dynamics' AND $2 = ANY(changed_fields)`,
    [key, source],
  );
  return r.rows[0]?.at ?? undefined;
}

export async function applyAssetChangeFromDynamics(
  tx: Queryable, mapping: Mapping, change: DynamicsAssetChange, now: Date, fields: InboundFields,
): Promise<InboundResult> {
  const columns = mapping.entities.assets.columns;
  // Refuse what can never apply before touching the record: unknown and CMMS-owned columns.
  const given = Object.keys(change.values).map((name) => {
    const field = `${fields.values}/${name}`;
    const c = columns.find((x) => x.column === name);
    if (!c) {
      throw invalidField(field, 'mapping', `is not a column the mapping "${mapping.name}" maps for assets (mapped: ${columns.map((x) => x.column).join(', ')})`);
    }
    if (ownerOf(c) === 'cmms') throw ownedElsewhere(field, c, 'dynamics');
    return { c, fragment: cmmsFragment(c, change.values, field) };
  });

  const times = await tx.query<{ dynamics_modified_on: Date | null }>(
    'SELECT dynamics_modified_on FROM assets WHERE codigo_interno = $1 FOR UPDATE', [change.key],
  );
  if (times.rowCount === 0) throw notFound('asset', change.key);
  const lastApplied = times.rows[0]!.dynamics_modified_on;
  const at = change.modifiedon;
  const answer = (status: InboundResult['status'], row: AssetRow, applied: string[], kept: string[]): InboundResult =>
    ({ status, applied, kept, asset: assetJson(row) });
  if (at && lastApplied && at.getTime() < lastApplied.getTime()) return answer('stale', (await getAsset(tx, change.key))!, [], []);

  // A `both` column takes Dynamics' value only when Dynamics changed it after the CMMS last did.
  const kept: typeof given = [];
  for (const g of given) {
    if (ownerOf(g.c) !== 'both') continue;
    const cmmsAt = await cmmsChangedAt(tx, change.key, g.c.source);
    if (cmmsAt && (!at || at.getTime() <= cmmsAt.getTime())) kept.push(g);
  }
  const taken = given.filter((g) => !kept.includes(g));
  const body = parseJsonExact(`{${taken.map(({ c, fragment }) => `${JSON.stringify(c.source)}:${fragment}`).join(',')}}`) as object;
  let before: AssetRow | undefined;
  const row = await changeAsset(tx, change.key, body, now, (r) => { before = r; }, 'dynamics');
  if (at && (!lastApplied || at.getTime() > lastApplied.getTime())) {
    await tx.query('UPDATE assets SET dynamics_modified_on = $2 WHERE codigo_interno = $1', [change.key, at]);
  }
  const applied = row.version !== before!.version ? taken.map(({ c }) => c.source) : [];
  return answer(applied.length ? 'applied' : 'unchanged', row, applied, kept.map(({ c }) => c.source));
}
