/**
 * The bits of OData URL syntax the stand-in understands: entity references by GUID or alternate
 * key (`set(col='v''q')`), and a `$filter` subset (eq ne gt ge lt le, and/or/not, parentheses,
 * contains/startswith/endswith) — enough for the client and for tests, per reference §9.7.
 */
export class StandinError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

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
    refuseUnsupportedKeyCharacters(keys[name.text] ?? null, segment);
    if (i < tokens.length && tokens[i++]?.text !== ',') throw badKeySyntax(segment);
  }
  return { set, ref: { keys } };
}

/**
 * Dataverse documents that alternate-key values holding `/ < > * % & : \ ? +` do not work in a
 * URL (reference §3.3); the stand-in refuses them so clients must address such rows another way.
 */
function refuseUnsupportedKeyCharacters(value: KeyValue, segment: string): void {
  if (typeof value === 'string' && /[/<>*%&:\\?+]/.test(value)) {
    throw new StandinError(400, '0x80060888', `Bad Request - The key value in '${segment}' contains a character that is not supported in an alternate key URL (/ < > * % & : \\ ? +).`);
  }
}

function badKeySyntax(segment: string): StandinError {
  return new StandinError(400, '0x0', `Bad Request - Error in query syntax: '${segment}'.`);
}

interface Token {
  kind: 'ident' | 'string' | 'number' | 'guid' | 'punct';
  text: string;
}

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
    const m = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|^-?\d+(\.\d+)?|^[A-Za-z_][\w./]*/.exec(text.slice(i));
    if (!m) throw new StandinError(400, '0x0', `Syntax error at position ${i} in '${text}'.`);
    const word = m[0];
    const kind = GUID.test(word) ? 'guid' : /^-?\d/.test(word) ? 'number' : 'ident';
    out.push({ kind, text: word });
    i += word.length;
  }
  return out;
}

function literalValue(t: Token): KeyValue {
  if (t.kind === 'string') return t.text;
  if (t.kind === 'number') return Number(t.text);
  if (t.kind === 'guid') return t.text.toLowerCase();
  if (t.text === 'true') return true;
  if (t.text === 'false') return false;
  if (t.text === 'null') return null;
  throw new StandinError(400, '0x0', `Unexpected '${t.text}' where a literal was expected.`);
}

export type Predicate = (row: Record<string, unknown>) => boolean;

/** Compiles a `$filter`; `knows(name)` reports unknown properties the way Dataverse does. */
export function compileFilter(text: string, knows: (property: string) => boolean, entity: string): Predicate {
  const tokens = tokenize(text);
  let i = 0;
  const peek = () => tokens[i];
  const expectPunct = (p: string) => {
    if (tokens[i]?.text !== p) throw new StandinError(400, '0x0', `Syntax error: '${p}' expected in $filter.`);
    i++;
  };
  const property = (name: string) => {
    if (!knows(name)) throw new StandinError(400, '0x0', `Could not find a property named '${name}' on type 'Microsoft.Dynamics.CRM.${entity}'.`);
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
    return (row) => compare(row[name], op, lit);
  }
  const predicate = or();
  if (i < tokens.length) throw new StandinError(400, '0x0', `Syntax error at '${tokens[i]!.text}' in $filter.`);
  return predicate;
}

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
