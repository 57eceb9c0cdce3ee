/**
 * In-memory tables with Dataverse's rules: primary key GUIDs, declared alternate keys with a
 * unique index each, column validation (unknown property, string length, choice values), row
 * versions for ETags, and an undo journal so change sets and UpsertMultiple are atomic.
 */
import { randomUUID } from 'node:crypto';
import { StandinError, type KeyValue } from './odata.ts';
import { checkValue, exactNumber, keepExactTexts, numberSource, payloadError, roundDecimalText, type ColumnType, type TableDefinition } from './columns.ts';

export type { ColumnDefinition, TableDefinition } from './columns.ts';

/** Columns every table has, read-only, with their types. */
const SYSTEM: Record<string, ColumnType> = { versionnumber: 'bigint', createdon: 'datetime', modifiedon: 'datetime' };

export type Row = Record<string, unknown>;

export class Table {
  readonly def: TableDefinition;
  readonly pk: string;
  readonly rows = new Map<string, Row>();
  /** Told of every stored write (registered webhook steps fire from it). */
  observer?: (table: Table, before: Row | undefined, after: Row) => void;
  readonly #indexes: Array<{ columns: string[]; map: Map<string, string> }>;
  readonly #exact = new Map<string, Record<string, string>>();

  constructor(def: TableDefinition) {
    this.def = def;
    this.pk = def.primaryId ?? `${def.logicalName}id`;
    this.#indexes = def.alternateKeys.map((columns) => ({ columns, map: new Map() }));
  }

  knows(property: string): boolean {
    if (property === this.pk || property.startsWith('_') || property in SYSTEM || ['statecode', 'statuscode'].includes(property)) return true;
    return !this.def.columns || property in this.def.columns;
  }

  /** The column's type; undefined on an untyped table (any property, loose comparisons). */
  typeOf(property: string): ColumnType | undefined {
    if (!this.def.columns) return undefined;
    if (property === this.pk || /^_\w+_value$/.test(property)) return 'guid';
    return this.def.columns[property]?.type ?? SYSTEM[property] ?? (['statecode', 'statuscode'].includes(property) ? 'integer' : undefined);
  }

  /** The declared key matching exactly these columns, if any. */
  keyFor(columns: string[]): string[] | undefined {
    const wanted = [...columns].sort().join(',');
    return this.def.alternateKeys.find((k) => [...k].sort().join(',') === wanted);
  }

  findByKey(keys: Record<string, KeyValue>): Row | undefined {
    const index = this.#indexes.find((ix) => ix.columns.length === Object.keys(keys).length && ix.columns.every((c) => c in keys));
    const id = index?.map.get(indexValue(index.columns, keys) ?? '');
    return id ? this.rows.get(id) : undefined;
  }

  /**
   * The lookup column a navigation property binds: the column's own name, or `<column>_<target>`
   * for a lookup that may point at several tables (eventhandler_serviceendpoint → eventhandler).
   */
  lookupOf(nav: string): string | undefined {
    for (const [name, spec] of Object.entries(this.def.columns ?? {})) {
      if (spec.type !== 'lookup') continue;
      if (nav === name || (spec.targets.length > 1 && spec.targets.some((t) => nav === `${name}_${t}`))) return name;
    }
    return undefined;
  }

  /**
   * Validates a request body, translating `nav@odata.bind` into `_nav_value`. Given the tables by
   * entity set, a bind must point into a table the lookup targets and at a row that exists: Dataverse
   * answers a missing one with ObjectDoesNotExist (0x80040217, "<table> With Id = <id> Does Not
   * Exist", dataverse-webapi.md §3.4) and writes nothing.
   */
  normalize(body: Row, tables?: ReadonlyMap<string, Table>): Row {
    const out: Row = {};
    const exact: Record<string, string> = {};
    for (const [name, value] of Object.entries(body)) {
      if (name.startsWith('@odata.')) continue;
      if (name.endsWith('@odata.bind')) {
        const nav = name.slice(0, -'@odata.bind'.length);
        const ref = typeof value === 'string' ? /(?:^|\/)(\w+)\(([0-9a-fA-F-]{36})\)$/.exec(value) : null;
        const id = ref?.[2];
        const lookup = this.lookupOf(nav);
        if (this.def.columns && !lookup) {
          throw payloadError(this.def.entitySet, `An undeclared property '${nav}' which only has property annotations in the payload but no property value was found in the payload. In OData, only declared navigation properties and declared named streams can be represented as properties without values.`);
        }
        if (!id) throw payloadError(this.def.entitySet, `The value of '${name}' is not a valid entity reference.`);
        const target = tables?.get(ref![1]!);
        if (target) {
          const spec = lookup ? this.def.columns?.[lookup] : undefined;
          if (spec?.type === 'lookup' && !spec.targets.includes(target.def.logicalName)) {
            throw payloadError(this.def.entitySet, `The entity reference '${String(value)}' in '${name}' is not of a type the navigation property '${nav}' points to.`);
          }
          if (!target.rows.has(id.toLowerCase())) throw new StandinError(404, '0x80040217', `${target.def.logicalName} With Id = ${id.toLowerCase()} Does Not Exist`);
        }
        out[`_${lookup ?? nav}_value`] = id.toLowerCase();
        continue;
      }
      if (!this.knows(name)) {
        throw new StandinError(400, '0x0', `An error occurred while validating input parameters: Microsoft.Crm.CrmException: Invalid property '${name}' was found in entity 'Microsoft.Dynamics.CRM.${this.def.logicalName}'.`);
      }
      const spec = this.def.columns?.[name];
      const source = numberSource(body, name);
      out[name] = spec ? checkValue(spec, value, { entitySet: this.def.entitySet, logicalName: this.def.logicalName, column: name, source }) : value;
      // Dataverse keeps a decimal's digits; a double cannot hold 12345678901234.5678, so the text is kept beside it.
      if (spec && 'precision' in spec && source !== undefined) exact[name] = roundDecimalText(source, spec.precision);
    }
    keepExactTexts(out, exact);
    return out;
  }

  /** Inserts or replaces a row, keeping key indexes unique (0x80060892 on a clash). */
  put(row: Row, journal?: Journal, exact: Record<string, string> = {}): void {
    const id = row[this.pk] as string;
    const before = this.rows.get(id);
    for (const ix of this.#indexes) {
      const value = indexValue(ix.columns, row);
      const holder = value === undefined ? undefined : ix.map.get(value);
      if (holder && holder !== id) {
        throw new StandinError(412, '0x80060892', `Entity Key ${ix.columns.join(',')} violated. A record with the same value for ${ix.columns.join(',')} already exists. A duplicate record cannot be created. Select one or more unique values and try again.`);
      }
    }
    journal?.push({ table: this, id, before });
    if (before) this.#unindex(before);
    const now = new Date().toISOString();
    const stored = { ...row, versionnumber: nextVersion(), modifiedon: now, createdon: before?.createdon ?? now };
    this.rows.set(id, stored);
    // Texts of columns not rewritten stay; a text that no longer matches its number is ignored by view().
    this.#exact.set(id, { ...(before ? this.#exact.get(id) : {}), ...exact });
    for (const ix of this.#indexes) {
      const value = indexValue(ix.columns, stored);
      if (value !== undefined) ix.map.set(value, id);
    }
    this.observer?.(this, before, stored);
  }

  remove(id: string, journal?: Journal): boolean {
    const before = this.rows.get(id);
    if (!before) return false;
    journal?.push({ table: this, id, before });
    this.#unindex(before);
    this.rows.delete(id);
    return true;
  }

  /** Puts a journaled row back (undo). */
  restore(id: string, before: Row | undefined): void {
    const current = this.rows.get(id);
    if (current) this.#unindex(current);
    this.rows.delete(id);
    if (before) {
      this.rows.set(id, before);
      for (const ix of this.#indexes) {
        const value = indexValue(ix.columns, before);
        if (value !== undefined) ix.map.set(value, id);
      }
    }
  }

  /** Empties the table, indexes included. */
  clear(): void {
    this.rows.clear();
    for (const ix of this.#indexes) ix.map.clear();
  }

  newId(): string {
    return randomUUID();
  }

  /** A row as the Web API shows it: write-only columns hidden, `@odata.etag` added. */
  view(row: Row, select?: string[]): Row {
    const out: Row = { '@odata.etag': `W/"${String(row.versionnumber)}"` };
    const exact = this.#exact.get(row[this.pk] as string);
    const names = select ?? Object.keys(row);
    for (const name of names) {
      if (this.def.writeOnly?.includes(name)) out[name] = null;
      else out[name] = exactNumber(row[name], exact?.[name]) ?? null;
    }
    if (!(this.pk in out)) out[this.pk] = row[this.pk];
    return out;
  }

  #unindex(row: Row): void {
    for (const ix of this.#indexes) {
      const value = indexValue(ix.columns, row);
      if (value !== undefined && ix.map.get(value) === row[this.pk]) ix.map.delete(value);
    }
  }
}

let version = 1_000_000;
function nextVersion(): number {
  return ++version;
}

/** Key values compare case-insensitively, like Dataverse's default collation. */
function indexValue(columns: string[], row: Record<string, unknown>): string | undefined {
  const parts: string[] = [];
  for (const c of columns) {
    const v = row[c];
    if (v === undefined || v === null) return undefined;
    parts.push(typeof v === 'string' ? v.toLowerCase() : String(v));
  }
  return JSON.stringify(parts);
}

export type Journal = Array<{ table: Table; id: string; before: Row | undefined }>;

export function rollback(journal: Journal): void {
  for (let i = journal.length - 1; i >= 0; i--) {
    const entry = journal[i]!;
    entry.table.restore(entry.id, entry.before);
  }
  journal.length = 0;
}
