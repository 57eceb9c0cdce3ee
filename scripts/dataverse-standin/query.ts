/**
 * Collection reads: `$select`, a typed `$filter`, a typed multi-column `$orderby`, `$count=true`,
 * `set/$count`, `$top`, and server-driven paging with `Prefer: odata.maxpagesize` (reference §2.3–§2.4).
 */
import { StandinError, compileFilter } from './odata.ts';
import { compareStored } from './columns.ts';
import type { Row, Table } from './store.ts';
import { json, type ApiRequest, type ApiResponse, type WebApiContext } from './responses.ts';

export function selectOf(table: Table, query: URLSearchParams): string[] | undefined {
  const select = query.get('$select');
  if (!select) return undefined;
  const names = select.split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of names) {
    if (!table.knows(n)) throw new StandinError(400, '0x0', `Could not find a property named '${n}' on type 'Microsoft.Dynamics.CRM.${table.def.logicalName}'.`);
  }
  return names;
}

export function query(ctx: WebApiContext, table: Table, req: ApiRequest): ApiResponse {
  const q = req.query;
  if (q.has('$skip')) throw new StandinError(400, '0x0', "The query parameter $skip is not supported");
  const select = selectOf(table, q);
  const filterText = q.get('$filter');
  const filter = filterText ? compileFilter(filterText, table, table.def.logicalName) : () => true;
  const anyOf = filterText ? eqChain(filterText) : undefined;
  let rows = anyOf
    // `k eq 'a' or k eq 'b' ...` (the client's id look-up) as one set test per row instead of n comparisons.
    ? [...table.rows.values()].filter((r) => typeof r[anyOf.column] === 'string' && anyOf.values.has((r[anyOf.column] as string).toLowerCase()))
    : [...table.rows.values()].filter(filter);
  const orderby = q.get('$orderby');
  if (orderby) rows.sort(orderOf(table, orderby));
  const count = countOption(q);
  // @odata.count counts every matching row, not the page, up to the 5,000 a query can return.
  const total = Math.min(rows.length, 5000);
  const pageSize = Number(/odata\.maxpagesize=(\d+)/.exec(req.headers['prefer'] ?? '')?.[1] ?? 0);
  const extra: Record<string, string> = {};
  let nextLink: string | undefined;
  if (pageSize > 0) {
    // $top is ignored when a page size is asked for (reference §2.4); the skiptoken is opaque.
    const offset = Number(/pagenumber="(\d+)"/.exec(q.get('$skiptoken') ?? '')?.[1] ?? 1) - 1;
    const page = rows.slice(offset * pageSize, (offset + 1) * pageSize);
    if ((offset + 1) * pageSize < rows.length) {
      const next = new URLSearchParams(q);
      next.set('$skiptoken', `<cookie pagenumber="${offset + 2}" istracking="False" />`);
      nextLink = `${ctx.serviceRoot}${table.def.entitySet}?${next.toString().replaceAll('+', '%20')}`;
    }
    rows = page;
    extra['preference-applied'] = `odata.maxpagesize=${pageSize}`;
  } else {
    const top = Number(q.get('$top') ?? 5000);
    rows = rows.slice(0, Math.min(top, 5000));
  }
  const context = `${ctx.serviceRoot}$metadata#${table.def.entitySet}${select ? `(${select.join(',')})` : ''}`;
  return json(200, {
    '@odata.context': context,
    ...(count ? { '@odata.count': total } : {}),
    value: rows.map((r) => table.view(r, select)),
    ...(nextLink ? { '@odata.nextLink': nextLink } : {}),
  }, extra);
}

function countOption(q: URLSearchParams): boolean {
  const value = q.get('$count');
  if (value === null || value === 'false') return false;
  if (value === 'true') return true;
  throw new StandinError(400, '0x0', `Invalid value '${value}' for $count query option found. The $count query option requires a Boolean value.`);
}

/** `set/$count`: the number of rows as plain text, at most 5,000 (docs: count-rows). */
export function countOnly(table: Table, req: ApiRequest): ApiResponse {
  const filterText = req.query.get('$filter');
  const filter = filterText ? compileFilter(filterText, table, table.def.logicalName) : () => true;
  const n = Math.min([...table.rows.values()].filter(filter).length, 5000);
  return { status: 200, headers: { 'content-type': 'text/plain', 'odata-version': '4.0' }, body: String(n) };
}

/** `$orderby=a desc,b`: each column typed (money by value, dates by instant, text case-insensitively). */
function orderOf(table: Table, orderby: string): (a: Row, b: Row) => number {
  const keys = orderby.split(',').map((part) => {
    const [column = '', direction = 'asc', ...rest] = part.trim().split(/\s+/);
    if (rest.length || !['asc', 'desc'].includes(direction)) throw new StandinError(400, '0x0', `Syntax error at position ${orderby.indexOf(part) + part.length} in '${orderby}'.`);
    if (!table.knows(column)) throw new StandinError(400, '0x0', `Could not find a property named '${column}' on type 'Microsoft.Dynamics.CRM.${table.def.logicalName}'.`);
    return { column, sign: direction === 'desc' ? -1 : 1, type: table.typeOf(column) };
  });
  return (a, b) => {
    for (const k of keys) {
      const c = compareStored(k.type, a[k.column], b[k.column]);
      if (c) return c * k.sign;
    }
    return 0;
  };
}

/** Recognises a filter made only of `col eq 'literal'` joined by `or` on one column. */
function eqChain(filter: string): { column: string; values: Set<string> } | undefined {
  const clause = /^\s*(\w+) eq '((?:[^']|'')*)'\s*(?:or\s+|$)/;
  let rest = filter;
  let column: string | undefined;
  const values = new Set<string>();
  while (rest.length) {
    const m = clause.exec(rest);
    if (!m || (column !== undefined && m[1] !== column)) return undefined;
    column = m[1]!;
    values.add(m[2]!.replaceAll("''", "'").toLowerCase());
    rest = rest.slice(m[0].length);
  }
  return column ? { column, values } : undefined;
}
