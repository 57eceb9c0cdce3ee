/**
 * Evaluates parsed WDL expressions (scripts/solution/wdl.ts) for the flow runner. Only the
 * functions our flows use, plus a few close relatives, are implemented; anything else throws so a
 * flow that starts using a new function fails its test until the runner learns it.
 */
import { parseTemplate, type Expr } from '../../../scripts/solution/wdl.ts';

export interface EvalScope {
  parameter(name: string): unknown;
  variable(name: string): unknown;
  triggerOutputs(): unknown;
  outputs(action: string): unknown;
  item(loop: string | undefined): unknown;
}

export class ExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpressionError';
  }
}

type Fn = (args: unknown[], scope: EvalScope) => unknown;

const isEmpty = (v: unknown) =>
  v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && Object.keys(v as object).length === 0);

function asString(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

const FUNCTIONS: Record<string, Fn> = {
  parameters: ([n], s) => s.parameter(String(n)),
  variables: ([n], s) => s.variable(String(n)),
  triggerOutputs: (_a, s) => s.triggerOutputs(),
  triggerBody: (_a, s) => (s.triggerOutputs() as { body?: unknown } | undefined)?.body,
  outputs: ([n], s) => s.outputs(String(n)),
  body: ([n], s) => (s.outputs(String(n)) as { body?: unknown } | undefined)?.body,
  items: ([n], s) => s.item(String(n)),
  item: (_a, s) => s.item(undefined),
  equals: ([a, b]) => deepEqual(a, b),
  not: ([a]) => !a,
  and: (args) => args.every(Boolean),
  or: (args) => args.some(Boolean),
  if: ([c, a, b]) => (c ? a : b),
  empty: ([v]) => isEmpty(v),
  length: ([v]) => (Array.isArray(v) || typeof v === 'string' ? v.length : Object.keys(v ?? {}).length),
  coalesce: (args) => args.find((a) => a !== null && a !== undefined) ?? null,
  concat: (args) => args.map(asString).join(''),
  string: ([v]) => asString(v),
  int: ([v]) => {
    const n = Number.parseInt(asString(v), 10);
    if (Number.isNaN(n)) throw new ExpressionError(`int(): "${asString(v)}" is not an integer`);
    return n;
  },
  replace: ([s, a, b]) => asString(s).split(asString(a)).join(asString(b)),
  toLower: ([s]) => asString(s).toLowerCase(),
  first: ([v]) => (Array.isArray(v) ? v[0] : typeof v === 'string' ? v[0] : undefined) ?? null,
  greater: ([a, b]) => (a as number) > (b as number),
  less: ([a, b]) => (a as number) < (b as number),
  add: ([a, b]) => Number(a) + Number(b),
  createArray: (args) => args,
  json: ([v]) => JSON.parse(asString(v)),
  utcNow: () => new Date().toISOString(),
};

/** Reads an object member: exact key first, then a `body/value`-style path as the platform allows. */
export function member(target: unknown, key: unknown): unknown {
  if (target === null || target === undefined) return undefined;
  if (Array.isArray(target) && typeof key === 'number') return target[key];
  if (typeof target !== 'object') return undefined;
  const k = String(key);
  const obj = target as Record<string, unknown>;
  if (k in obj) return obj[k];
  if (k.includes('/')) {
    let cur: unknown = obj;
    for (const seg of k.split('/')) {
      if (cur === null || typeof cur !== 'object') return undefined;
      cur = (cur as Record<string, unknown>)[seg];
    }
    return cur;
  }
  return undefined;
}

export function evaluate(expr: Expr, scope: EvalScope): unknown {
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'index': {
      const target = evaluate(expr.target, scope);
      const key = evaluate(expr.index, scope);
      if ((target === null || target === undefined) && !expr.safe) {
        throw new ExpressionError(`cannot read property '${String(key)}' of ${target === null ? 'null' : 'undefined'}`);
      }
      return member(target, key) ?? null;
    }
    case 'call': {
      const fn = FUNCTIONS[expr.name];
      if (!fn) throw new ExpressionError(`the flow runner does not implement ${expr.name}()`);
      return fn(expr.args.map((a) => evaluate(a, scope)), scope);
    }
  }
}

/** A JSON value of a definition with every expression and interpolation in it evaluated. */
export function resolveValue(value: unknown, scope: EvalScope): unknown {
  if (typeof value === 'string') {
    const t = parseTemplate(value);
    if (t.kind === 'text') return t.value;
    if (t.kind === 'expression') return evaluate(t.expr, scope);
    return t.parts.map((p) => (typeof p === 'string' ? p : asString(evaluate(p, scope)))).join('');
  }
  if (Array.isArray(value)) return value.map((v) => resolveValue(v, scope));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveValue(v, scope)]));
  }
  return value;
}

/** The designer's object form of a condition (`{"equals": [a, b]}`, `{"and": [...]}`) or an expression string. */
export function evaluateCondition(condition: unknown, scope: EvalScope): boolean {
  if (typeof condition === 'string') return Boolean(resolveValue(condition, scope));
  if (!condition || typeof condition !== 'object') return Boolean(condition);
  const [op, raw] = Object.entries(condition as Record<string, unknown>)[0] ?? [];
  if (!op) throw new ExpressionError('empty condition');
  if (op === 'and') return (raw as unknown[]).every((c) => evaluateCondition(c, scope));
  if (op === 'or') return (raw as unknown[]).some((c) => evaluateCondition(c, scope));
  if (op === 'not') return !evaluateCondition(raw, scope);
  const args = (raw as unknown[]).map((a) => resolveValue(a, scope));
  const fn = FUNCTIONS[op];
  if (!fn) throw new ExpressionError(`the flow runner does not implement condition ${op}`);
  return Boolean(fn(args, scope));
}
