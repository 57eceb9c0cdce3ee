/**
 * The Workflow Definition Language functions the flow runner evaluates: the ones our flows use
 * plus close relatives. Anything else throws, so a flow that starts using a new function fails
 * its test until the runner learns it (learn.microsoft.com/azure/logic-apps/workflow-definition-language-functions-reference).
 */
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

export type WdlFunction = (args: unknown[], scope: EvalScope) => unknown;

const isEmpty = (v: unknown) =>
  v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && Object.keys(v as object).length === 0);

/** How WDL turns a value into text inside `@{…}` and string(): objects as JSON, null as empty. */
export function asString(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

export const FUNCTIONS: Readonly<Record<string, WdlFunction>> = {
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
