/**
 * Loads `openapi.yaml`, the single source of truth, once per process and lists its operations in
 * the shape the router and validators need. Express paths are derived from the spec's paths, so a
 * route exists exactly when the spec declares it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const OPENAPI_PATH = fileURLToPath(new URL('../../../openapi.yaml', import.meta.url));

export type JsonSchema = Record<string, unknown>;

export interface ParameterSpec {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
  description?: string;
}

export interface OperationSpec {
  operationId: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** The spec's path template, e.g. `/assets/{codigo_interno}`. */
  path: string;
  /** The same path in Express syntax, e.g. `/assets/:codigo_interno`. */
  expressPath: string;
  /** JSON pointer of the operation inside the document, used for `$ref`s into it. */
  pointer: string;
  parameters: ParameterSpec[];
  hasBody: boolean;
  bodyRequired: boolean;
  /** False when the spec overrides the default security with `security: []`. */
  secured: boolean;
  raw: Record<string, unknown>;
}

export interface OpenApiDoc {
  openapi: string;
  info: Record<string, unknown>;
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

let cached: { text: string; doc: OpenApiDoc } | undefined;

export function loadSpecText(): string {
  return (cached ??= load()).text;
}

export function loadSpec(): OpenApiDoc {
  return (cached ??= load()).doc;
}

function load() {
  const text = readFileSync(OPENAPI_PATH, 'utf8');
  return { text, doc: parse(text) as OpenApiDoc };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Resolves a local `$ref` (`#/components/...`) against the document. */
export function resolveRef<T = Record<string, unknown>>(doc: OpenApiDoc, value: unknown): T {
  let v = value as Record<string, unknown>;
  while (v && typeof v.$ref === 'string') {
    const parts = v.$ref.replace(/^#\//, '').split('/').map(unescapePointer);
    let cur: unknown = doc;
    for (const p of parts) cur = (cur as Record<string, unknown>)[p];
    v = cur as Record<string, unknown>;
  }
  return v as T;
}

export function escapePointer(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescapePointer(s: string): string {
  return s.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function listOperations(doc: OpenApiDoc = loadSpec()): OperationSpec[] {
  const ops: OperationSpec[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    const shared = ((item.parameters as unknown[]) ?? []).map((p) => resolveRef<ParameterSpec>(doc, p));
    for (const method of METHODS) {
      const op = item[method] as Record<string, unknown> | undefined;
      if (!op) continue;
      const own = ((op.parameters as unknown[]) ?? []).map((p) => resolveRef<ParameterSpec>(doc, p));
      // An operation's parameter overrides a path-level one of the same name and location.
      const parameters = [...shared.filter((s) => !own.some((o) => o.name === s.name && o.in === s.in)), ...own];
      const body = op.requestBody ? resolveRef<Record<string, unknown>>(doc, op.requestBody) : undefined;
      ops.push({
        operationId: String(op.operationId),
        method,
        path,
        expressPath: path.replace(/\{([^}]+)\}/g, ':$1'),
        pointer: `#/paths/${escapePointer(path)}/${method}`,
        parameters,
        hasBody: Boolean(body),
        bodyRequired: Boolean(body?.required),
        secured: !(Array.isArray(op.security) && op.security.length === 0),
        raw: op,
      });
    }
  }
  return ops;
}
