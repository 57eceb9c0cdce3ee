/**
 * `UpsertMultiple`, Microsoft's fastest path for standard tables: one POST with `Targets`, each
 * target typed with `@odata.type` and addressed by `@odata.id` in alternate-key form. The key
 * column is NOT repeated in the body: that combination fails creates with 400 0x80040216
 * (reference §3.2). The action answers 204 without ids, and is all-or-nothing.
 */
import { DataverseError } from './errors.ts';
import type { DataverseHttp } from './http.ts';
import { filterLiteral, keyPath, primaryIdColumn, withoutKey } from './keys.ts';
import type { RowInput, TableTarget } from './upsert.ts';

/** Thrown when the table has no UpsertMultiple action, so the caller can fall back to `$batch`. */
export class UpsertMultipleNotSupported extends Error {
  readonly table: string;
  readonly error: DataverseError;
  constructor(table: string, error: DataverseError) {
    super(`UpsertMultiple is not available for ${table}`, { cause: error });
    this.name = 'UpsertMultipleNotSupported';
    this.table = table;
    this.error = error;
  }
}

export function upsertMultipleBody(table: TableTarget, rows: readonly RowInput[]): { Targets: Record<string, unknown>[] } {
  return {
    Targets: rows.map((row) => ({
      '@odata.type': `Microsoft.Dynamics.CRM.${table.logicalName}`,
      ...withoutKey(row.record, table.keyColumn),
      '@odata.id': keyPath(table.entitySet, table.keyColumn, row.key),
    })),
  };
}

/**
 * An unbound or undeclared action answers "Resource not found for the segment" or "No HTTP resource
 * was found" (404), names the message in a 400, or (a service without the route at all) 405 / 501;
 * in every case the table cannot take UpsertMultiple [inferred: not documented]. A 404 about a row
 * (a lookup's key not found) is a row error, not this.
 */
function isNotSupported(e: DataverseError): boolean {
  return (
    e.status === 405 ||
    e.status === 501 ||
    (e.status === 404 && /segment|UpsertMultiple|No HTTP resource/i.test(e.message)) ||
    (e.status === 400 && /UpsertMultiple/i.test(e.message) && /not (?:supported|enabled)|does not support|cannot be found/i.test(e.message))
  );
}

export async function upsertMultiple(http: DataverseHttp, table: TableTarget, rows: readonly RowInput[]): Promise<void> {
  try {
    await http.request({
      method: 'POST',
      path: `${table.entitySet}/Microsoft.Dynamics.CRM.UpsertMultiple`,
      body: upsertMultipleBody(table, rows),
      // Upserts by key: repeating the whole action leaves the same rows.
      idempotent: true,
      context: { table: table.logicalName, keyColumn: table.keyColumn },
    });
  } catch (e) {
    if (e instanceof DataverseError && isNotSupported(e)) throw new UpsertMultipleNotSupported(table.entitySet, e);
    throw e;
  }
}

/** Longest query string per look-up; Dataverse allows 32 KB URLs, we stay well inside. */
const MAX_QUERY_CHARS = 12_000;

/**
 * The GUIDs of rows written by UpsertMultiple (which returns none), read back with `$filter` on the
 * key in as few GETs as the URL length allows. Keys compare case-insensitively as Dataverse does.
 */
export async function lookupIds(http: DataverseHttp, table: TableTarget, keys: readonly string[]): Promise<Map<string, string>> {
  const pk = primaryIdColumn(table);
  const found = new Map<string, string>();
  let clauses: string[] = [];
  let length = 0;
  const flush = async () => {
    if (!clauses.length) return;
    const query = `$select=${pk},${table.keyColumn}&$filter=${encodeURIComponent(clauses.join(' or '))}`;
    clauses = [];
    length = 0;
    // A service may page however it likes: follow @odata.nextLink, resending the same preference.
    let path: string | undefined = `${table.entitySet}?${query}`;
    while (path) {
      const res = await http.request({ method: 'GET', path, headers: { Prefer: 'odata.maxpagesize=5000' } });
      const body = JSON.parse(res.text) as { value?: Array<Record<string, unknown>>; '@odata.nextLink'?: unknown };
      for (const row of body.value ?? []) {
        const key = row[table.keyColumn];
        const id = row[pk];
        if (typeof key === 'string' && typeof id === 'string') found.set(key.toLowerCase(), id.toLowerCase());
      }
      const next = body['@odata.nextLink'];
      // Only links into the same service: the bearer token goes with the request.
      path = typeof next === 'string' && next !== path && (next.startsWith(http.root) || !/^[a-z]+:/i.test(next)) ? next : undefined;
    }
  };
  for (const key of keys) {
    const clause = `${table.keyColumn} eq ${filterLiteral(key)}`;
    const cost = encodeURIComponent(clause).length + 8;
    if (length + cost > MAX_QUERY_CHARS) await flush();
    clauses.push(clause);
    length += cost;
  }
  await flush();
  return found;
}
