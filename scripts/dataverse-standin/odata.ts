/**
 * The bits of OData URL syntax the stand-in understands: entity references by GUID or alternate
 * key (`set(col='v''q')`), and a `$filter` subset (eq ne gt ge lt le, and/or/not, parentheses,
 * contains/startswith/endswith) — enough for the client and for tests, per reference §9.7.
 */
import { compareStored, EDM, isDateLiteral, isDateTimeLiteral, type ColumnType } from './columns.ts';

export { StandinError } from './errors.ts';
import { StandinError } from './errors.ts';

export const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export type KeyValue = string | number | boolean | null;
export type EntityRef = { id: string } | { keys: Record<string, KeyValue> };

/** `msdyn_customerassets(msdyn_assetnumber='A-1')` (already URL-decoded) → set and reference. */
export function parseEntitySegment(segment: string): { set: string; ref?: EntityRef } {
  const open = segment.indexOf('(');
  if (open < 0) return { set: segment };
  if (!segment.endsWith(')')) throw new StandinError(400, '0x0', `Bad Request - Error in query syntax: '${segment}'.`);
  const set = segment.slice(0, open);
  const inner = segment.slice(open + 1, -1);
  if (GUID.test(inner)) return { set, ref: { id: inner.toLowerCase() } };
  const keys: Record<string, KeyValue> = {};
  const tokens = tokenize(inner);
  let i = 0;
  while (i < tokens.length) {
    const name = tokens[i++];
    if (name?.kind !== 'ident' || tokens[i++]?.text !== '=') throw badKeySyntax(segment);
    const value = tokens[i++];
    if (!value || (value.kind !== 'string' && value.kind !== 'number' && value.kind !== 'guid' && value.kind !== 'ident')) throw badKeySyntax(segment);
    keys[name.text] = literalValue(value);
    if (i < tokens.length && tokens[i++]?.text !== ',') throw badKeySyntax(segment);
  }
  return { set, ref: { keys } };
}

function badKeySyntax(segment: string): StandinError {
  return new StandinError(400, '0x0', `Bad Request - Error in query syntax: '${segment}'.`);
}

interface Token {
  kind: 'ident' | 'string' | 'number' | 'guid' | 'date' | 'datetime' | 'punct';
  text: string;
}

// Order matters: a GUID and a date both start with digits; a date-time must win over a date.
const WORD = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?|^\d{4}-\d{2}-\d{2}(?![\w-])|^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|^[A-Za-z_$][\w./$]*/;

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ') { i++; continue; }
    if (c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new StandinError(400, '0x0', 'Unterminated string literal in the query.');
        if (text[i] === "'") {
          if (text[i + 1] === "'") { value += "'"; i += 2; continue; }
          i++;
          break;
        }
        value += text[i++];
      }
      out.push({ kind: 'string', text: value });
      continue;
    }
    if ('(),='.includes(c)) { out.push({ kind: 'punct', text: c }); i++; continue; }
    const m = WORD.exec(text.slice(i));
    if (!m) throw new StandinError(400, '0x0', `Syntax error at position ${i} in '${text}'.`);
    const word = m[0];
    const kind = GUID.test(word) ? 'guid' : /^\d{4}-\d{2}-\d{2}T/.test(word) ? 'datetime' : /^\d{4}-\d{2}-\d{2}$/.test(word) ? 'date' : /^-?\d/.test(word) ? 'number' : 'ident';
    if ((kind === 'date' && !isDateLiteral(word)) || (kind === 'datetime' && !isDateTimeLiteral(word))) {
      throw new StandinError(400, '0x0', `The date or time literal '${word}' is not valid.`);
    }
    out.push({ kind, text: word });
    i += word.length;
  }
  return out;
}

function literalValue(t: Token): KeyValue {
  if (t.kind === 'string' || t.kind === 'date' || t.kind === 'datetime') return t.text;
  if (t.kind === 'number') return Number(t.text);
  if (t.kind === 'guid') return t.text.toLowerCase();
  if (t.text === 'true') return true;
  if (t.text === 'false') return false;
  if (t.text === 'null') return null;
  throw new StandinError(400, '0x0', `Unexpected '${t.text}' where a literal was expected.`);
}

/** The Edm type of a literal token, null for `null`. */
function literalType(t: Token): string | null {
  switch (t.kind) {
    case 'string': return 'Edm.String';
    case 'guid': return 'Edm.Guid';
    case 'date': return 'Edm.Date';
    case 'datetime': return 'Edm.DateTimeOffset';
    case 'number': return /[.eE]/.test(t.text) ? 'Edm.Decimal' : Math.abs(Number(t.text)) > 2_147_483_647 ? 'Edm.Int64' : 'Edm.Int32';
    default: return t.text === 'null' ? null : 'Edm.Boolean';
  }
}

const FAMILY: Record<string, string> = {
  'Edm.Int32': 'number', 'Edm.Int64': 'number', 'Edm.Decimal': 'number', 'Edm.Double': 'number',
  // ODataLib promotes Edm.Date to Edm.DateTimeOffset, so `createdon ge 2024-09-01` is valid.
  'Edm.Date': 'time', 'Edm.DateTimeOffset': 'time',
};
const compatible = (a: string, b: string) => a === b || (FAMILY[a] !== undefined && FAMILY[a] === FAMILY[b]);
const OPERATOR_KIND: Record<string, string> = { eq: 'Equal', ne: 'NotEqual', gt: 'GreaterThan', ge: 'GreaterThanOrEqual', lt: 'LessThan', le: 'LessThanOrEqual' };

export type Predicate = (row: Record<string, unknown>) => boolean;

/** What a filter needs to know of a table: whether a property exists and its type (undefined: untyped). */
export interface FilterSchema {
  knows(property: string): boolean;
  typeOf(property: string): ColumnType | undefined;
}

/**
 * Compiles a `$filter`. Properties must exist and each comparison must pair compatible Edm types,
 * as ODataLib's binder demands: a quoted date against a date column is refused, `ge 2024-09-01` is not.
 */
export function compileFilter(text: string, schema: FilterSchema, entity: string): Predicate {
  const tokens = tokenize(text);
  let i = 0;
  const peek = () => tokens[i];
  const expectPunct = (p: string) => {
    if (tokens[i]?.text !== p) throw new StandinError(400, '0x0', `Syntax error: '${p}' expected in $filter.`);
    i++;
  };
  const property = (name: string) => {
    if (!schema.knows(name)) throw new StandinError(400, '0x0', `Could not find a property named '${name}' on type 'Microsoft.Dynamics.CRM.${entity}'.`);
    return name;
  };
  function or(): Predicate {
    let left = and();
    while (peek()?.text === 'or') { i++; const l = left, r = and(); left = (row) => l(row) || r(row); }
    return left;
  }
  function and(): Predicate {
    let left = unary();
    while (peek()?.text === 'and') { i++; const l = left, r = unary(); left = (row) => l(row) && r(row); }
    return left;
  }
  function unary(): Predicate {
    if (peek()?.text === 'not') { i++; const inner = unary(); return (row) => !inner(row); }
    if (peek()?.text === '(') { i++; const inner = or(); expectPunct(')'); return inner; }
    const head = tokens[i++];
    if (!head || head.kind !== 'ident') throw new StandinError(400, '0x0', 'Syntax error in $filter.');
    if (['contains', 'startswith', 'endswith'].includes(head.text) && peek()?.text === '(') {
      i++;
      const name = property(tokens[i++]?.text ?? '');
      const type = schema.typeOf(name);
      if (type && type !== 'string') {
        throw new StandinError(400, '0x0', `No function signature for the function with name '${head.text}' matches the specified arguments. The function signatures considered are: ${head.text}(Edm.String Nullable=true, Edm.String Nullable=true).`);
      }
      expectPunct(',');
      const lit = tokens[i++];
      if (lit?.kind !== 'string') throw new StandinError(400, '0x0', `${head.text} needs a string literal.`);
      expectPunct(')');
      const needle = lit.text.toLowerCase();
      return (row) => {
        const v = row[name];
        if (typeof v !== 'string') return false;
        const hay = v.toLowerCase();
        return head.text === 'contains' ? hay.includes(needle) : head.text === 'startswith' ? hay.startsWith(needle) : hay.endsWith(needle);
      };
    }
    const name = property(head.text);
    const op = tokens[i++]?.text ?? '';
    if (!['eq', 'ne', 'gt', 'ge', 'lt', 'le'].includes(op)) throw new StandinError(400, '0x0', `Unsupported operator '${op}' in $filter.`);
    const litToken = tokens[i++];
    if (!litToken) throw new StandinError(400, '0x0', 'Literal expected in $filter.');
    const lit = literalValue(litToken);
    const type = schema.typeOf(name);
    const litType = literalType(litToken);
    if (type && litType && !compatible(EDM[type], litType)) {
      throw new StandinError(400, '0x0', `A binary operator with incompatible types was detected. Found operand types '${EDM[type]}' and '${litType}' for operator kind '${OPERATOR_KIND[op]}'.`);
    }
    return type ? (row) => typedCompare(type, row[name], op, lit) : (row) => compare(row[name], op, lit);
  }
  const predicate = or();
  if (i < tokens.length) throw new StandinError(400, '0x0', `Syntax error at '${tokens[i]!.text}' in $filter.`);
  return predicate;
}

/** A comparison on a typed column: null only equals null, ordering as SQL Server's (columns.ts). */
function typedCompare(type: ColumnType, value: unknown, op: string, lit: KeyValue): boolean {
  const isNull = value === null || value === undefined;
  if (lit === null || isNull) {
    if (op === 'eq') return isNull && lit === null;
    if (op === 'ne') return isNull !== (lit === null);
    return false;
  }
  const c = compareStored(type, value, lit);
  switch (op) {
    case 'eq': return c === 0;
    case 'ne': return c !== 0;
    case 'gt': return c > 0;
    case 'ge': return c >= 0;
    case 'lt': return c < 0;
    default: return c <= 0;
  }
}

/** Untyped tables (plug-in registration) keep the loose JavaScript comparison. */
function compare(value: unknown, op: string, lit: KeyValue): boolean {
  // Dataverse string comparisons are case-insensitive (reference §2.3).
  const a = typeof value === 'string' ? value.toLowerCase() : value ?? null;
  const b = typeof lit === 'string' ? lit.toLowerCase() : lit;
  switch (op) {
    case 'eq': return a === b || (typeof a === 'number' && typeof b === 'number' && a === b);
    case 'ne': return a !== b;
    case 'gt': return a !== null && b !== null && (a as number) > (b as number);
    case 'ge': return a !== null && b !== null && (a as number) >= (b as number);
    case 'lt': return a !== null && b !== null && (a as number) < (b as number);
    default: return a !== null && b !== null && (a as number) <= (b as number);
  }
}
