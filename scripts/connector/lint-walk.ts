/**
 * Navigation over a Swagger 2.0 connector document for the lint: resolving local refs, listing
 * operations with their resolved parameters, and finding the schema at a slash path.
 */
import { listOperations } from './convert.ts';
import { isObj, obj, resolvePointer, type Json } from './json.ts';

export interface Finding {
  /** Stable rule name, e.g. `operation-summary`; tests and reviewers key on it. */
  readonly rule: string;
  /** Where in the files, e.g. `apiDefinition: POST /assets (CreateAsset)`. */
  readonly where: string;
  readonly message: string;
}

export interface OperationView {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly operation: Json;
  readonly pathItem: Json;
  readonly parameters: Json[];
  readonly where: string;
}

/** Follows `$ref`s (with a hop limit so a loop cannot hang the lint). */
export function resolve(doc: Json, node: unknown): Json {
  let current = node;
  for (let i = 0; i < 30 && isObj(current) && typeof current.$ref === 'string'; i++) {
    current = resolvePointer(doc, current.$ref);
  }
  return obj(current);
}

export function operations(doc: Json): OperationView[] {
  return listOperations(doc).map(({ operationId, method, path, operation }) => ({
    operationId,
    method,
    path,
    operation,
    pathItem: obj(obj(doc.paths)[path]),
    parameters: (Array.isArray(operation.parameters) ? operation.parameters : []).map((p) => resolve(doc, p)),
    where: `${method.toUpperCase()} ${path} (${operationId || 'no operationId'})`,
  }));
}

export function successResponses(doc: Json, op: Json): [string, Json][] {
  return Object.entries(obj(op.responses))
    .filter(([code]) => /^2\d\d$/.test(code))
    .map(([code, r]) => [code, resolve(doc, r)]);
}

/** The schema of the one 2xx response that has one (the schema the designer shows). */
export function successSchema(doc: Json, op: Json): Json | undefined {
  const withSchema = successResponses(doc, op).find(([, r]) => isObj(r.schema));
  return withSchema ? resolveSchema(doc, withSchema[1].schema) : undefined;
}

/** A schema with refs and allOf merged into one view of its properties (enough for lint checks). */
export function resolveSchema(doc: Json, schema: unknown, depth = 0): Json {
  const s = resolve(doc, schema);
  if (!Array.isArray(s.allOf) || depth > 10) return s;
  const merged: Json = { ...s, properties: { ...obj(s.properties) }, required: [...((s.required as string[]) ?? [])] };
  delete merged.allOf;
  for (const part of s.allOf) {
    const p = resolveSchema(doc, part, depth + 1);
    if (p.type !== undefined && merged.type === undefined) merged.type = p.type;
    if (p.items !== undefined && merged.items === undefined) merged.items = p.items;
    Object.assign(merged.properties as Json, obj(p.properties));
    (merged.required as string[]).push(...((p.required as string[]) ?? []));
  }
  return merged;
}

/** The schema reached by a slash path of property names (`value`, `data/items`); '' is the root. */
export function schemaAtPath(doc: Json, root: Json, path: string): Json | undefined {
  let current: Json | undefined = root;
  for (const part of path.split('/').filter(Boolean)) {
    if (!current) return undefined;
    const props = obj(resolveSchema(doc, current).properties);
    current = part in props ? resolveSchema(doc, props[part]) : undefined;
  }
  return current;
}

/** Item schema of an array schema (resolved), or undefined when it is not an array. */
export function arrayItems(doc: Json, schema: Json | undefined): Json | undefined {
  if (!schema) return undefined;
  const s = resolveSchema(doc, schema);
  return s.type === 'array' ? resolveSchema(doc, s.items) : undefined;
}

/**
 * Visits every schema node below `schema`, following refs once each, calling `visit` with the node,
 * the path of property names to it and whether every step on that path was required.
 */
export function walkSchema(
  doc: Json,
  schema: unknown,
  visit: (node: Json, trail: string[], requiredAllTheWay: boolean, raw: Json) => void,
  trail: string[] = [],
  requiredAllTheWay = true,
  seen: Set<string> = new Set(),
): void {
  if (isObj(schema) && typeof schema.$ref === 'string') {
    if (seen.has(schema.$ref)) return;
    seen = new Set(seen).add(schema.$ref);
  }
  const node = resolveSchema(doc, schema);
  visit(node, trail, requiredAllTheWay, obj(schema));
  const required = Array.isArray(node.required) ? (node.required as string[]) : [];
  for (const [name, child] of Object.entries(obj(node.properties))) {
    walkSchema(doc, child, visit, [...trail, name], requiredAllTheWay && required.includes(name), seen);
  }
  if (node.items !== undefined) walkSchema(doc, node.items, visit, [...trail, '[]'], false, seen);
  if (isObj(node.additionalProperties)) walkSchema(doc, node.additionalProperties, visit, [...trail, '{}'], false, seen);
}
