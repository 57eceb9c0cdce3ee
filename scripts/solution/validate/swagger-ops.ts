/**
 * What a flow may pass to a custom-connector operation: path, query and header parameters by
 * their `name`, the body as `body` or field by field as `body/<property>[/<nested>]`
 * (solution-format.md §7.8). Internal parameters with a default are filled in by the platform.
 */
export type Swagger = Record<string, unknown>;
type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

export interface Operation {
  path: string;
  method: string;
  op: Json;
  /** Parameters merged from path level and operation level, `$ref`s resolved. */
  parameters: Json[];
}

export function findOperation(swagger: Swagger, operationId: string): Operation | undefined {
  for (const [path, item] of Object.entries(obj(swagger.paths))) {
    for (const method of METHODS) {
      const op = obj(obj(item)[method]);
      if (op.operationId !== operationId) continue;
      const merged = new Map<string, Json>();
      for (const raw of [...((obj(item).parameters as unknown[]) ?? []), ...((op.parameters as unknown[]) ?? [])]) {
        const p = resolveRef(swagger, obj(raw));
        merged.set(`${String(p.in)}:${String(p.name)}`, p);
      }
      return { path, method, op, parameters: [...merged.values()] };
    }
  }
  return undefined;
}

export function resolveRef(swagger: Swagger, value: Json, depth = 0): Json {
  const ref = value.$ref;
  if (typeof ref !== 'string' || depth > 20) return value;
  if (!ref.startsWith('#/')) return value;
  let target: unknown = swagger;
  for (const seg of ref.slice(2).split('/')) target = obj(target)[seg.replace(/~1/g, '/').replace(/~0/g, '~')];
  return resolveRef(swagger, obj(target), depth + 1);
}

function bodyFieldPaths(swagger: Swagger, schema: Json, prefix: string, out: Set<string>, depth = 0): void {
  if (depth > 6) return;
  const s = resolveRef(swagger, schema);
  for (const part of (s.allOf as Json[] | undefined) ?? []) bodyFieldPaths(swagger, part, prefix, out, depth + 1);
  for (const [name, prop] of Object.entries(obj(s.properties))) {
    const path = `${prefix}/${name}`;
    out.add(path);
    bodyFieldPaths(swagger, obj(prop), path, out, depth + 1);
  }
}

export interface CallProblem {
  rule: string;
  message: string;
}

export function checkConnectorCall(swagger: Swagger, operationId: string, keys: readonly string[], isTrigger: boolean): CallProblem[] {
  const op = findOperation(swagger, operationId);
  if (!op) return [{ rule: 'connector-operation-missing', message: `operation ${operationId} does not exist in the connector` }];
  const problems: CallProblem[] = [];
  const trigger = op.op['x-ms-trigger'];
  if (isTrigger && !trigger) problems.push({ rule: 'connector-trigger', message: `${operationId} is not a trigger (no x-ms-trigger)` });
  if (!isTrigger && trigger) problems.push({ rule: 'connector-trigger', message: `${operationId} is a trigger and cannot be called as an action` });

  const allowed = new Set<string>();
  const required: string[] = [];
  const isFilledByPlatform = (p: Json) => p['x-ms-visibility'] === 'internal' && p.default !== undefined;
  for (const p of op.parameters) {
    const name = String(p.name);
    if (p.in === 'body') {
      allowed.add('body');
      const schema = resolveRef(swagger, obj(p.schema));
      bodyFieldPaths(swagger, schema, 'body', allowed);
      for (const r of (schema.required as string[] | undefined) ?? []) {
        const prop = resolveRef(swagger, obj(obj(schema.properties)[r]));
        if (!isFilledByPlatform(prop) && !prop['x-ms-notification-url']) required.push(`body/${r}`);
      }
    } else {
      allowed.add(name);
      if (p.required === true && !isFilledByPlatform(p)) required.push(name);
    }
  }
  for (const k of keys) {
    if (!allowed.has(k)) {
      problems.push({
        rule: 'connector-parameter-unknown',
        message: `${operationId} has no parameter "${k}" (it takes: ${[...allowed].sort().join(', ') || 'none'})`,
      });
    }
  }
  const passesWholeBody = keys.includes('body');
  for (const r of required) {
    if (keys.includes(r) || (r.startsWith('body/') && passesWholeBody)) continue;
    problems.push({ rule: 'connector-parameter-missing', message: `${operationId} requires "${r}", which the flow does not pass` });
  }
  return problems;
}
