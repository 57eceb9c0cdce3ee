/**
 * Alternate-key addressing and id extraction. A string key value is an OData literal: single
 * quotes doubled, then URL-encoded (reference §2.3, §3.3).
 */

/** `'O''Brien%2F7'` for `O'Brien/7`. Parentheses are encoded too so no parser mistakes them for syntax. */
export function keyLiteral(value: string): string {
  const encoded = encodeURIComponent(value.replaceAll("'", "''")).replaceAll('(', '%28').replaceAll(')', '%29');
  return `'${encoded}'`;
}

/** `msdyn_customerassets(msdyn_assetnumber='A-1')` */
export function keyPath(entitySet: string, keyColumn: string, keyValue: string): string {
  return `${entitySet}(${keyColumn}=${keyLiteral(keyValue)})`;
}

const GUID_AT_END = /\(([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\)\s*$/;

/** The GUID in an `OData-EntityId` when it has one; an alternate-key upsert echoes the key form instead. */
export function guidFromEntityId(entityId: string | null | undefined): string | undefined {
  return entityId ? GUID_AT_END.exec(entityId)?.[1]?.toLowerCase() : undefined;
}

/** The record without its key column: repeating it in the body breaks UpsertMultiple creates (reference §3.2). */
export function withoutKey(record: Record<string, unknown>, keyColumn: string): Record<string, unknown> {
  if (!(keyColumn in record)) return record;
  const { [keyColumn]: _omitted, ...rest } = record;
  return rest;
}

/** The primary-key column of a table: `<logical name>id` for every Dataverse table unless told otherwise. */
export function primaryIdColumn(table: { logicalName: string; primaryIdColumn?: string | undefined }): string {
  return table.primaryIdColumn ?? `${table.logicalName}id`;
}

/** A `$filter` string literal (quotes doubled); the caller URL-encodes the whole query. */
export function filterLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
