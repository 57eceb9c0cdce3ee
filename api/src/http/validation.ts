/**
 * Request and response validation against openapi.yaml with ajv. One ajv instance holds the whole
 * document under the id `spec`, so every `$ref` in it resolves; validators are compiled once per
 * operation at start. Parameters are coerced from strings (query, path, headers); bodies are not.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FieldError } from '../errors/index.ts';
import { exactNumberKeywords } from './exact-keywords.ts';
import { isDate, isDateTime } from './formats.ts';
import { escapePointer, listOperations, loadSpec, resolveRef, type OpenApiDoc, type OperationSpec } from './openapi.ts';

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv, formats?: string[]) => Ajv;

export interface OperationValidators {
  op: OperationSpec;
  /** The declared query parameters' names. */
  queryNames: ReadonlySet<string>;
  /** The declared header parameters' names, lower-cased as Node gives them. */
  headerNames: readonly string[];
  /** Validates and coerces `{ path, query, header }` in place (defaults filled in); adds what is wrong to `errors`. */
  params(input: { path: Record<string, unknown>; query: Record<string, unknown>; header: Record<string, unknown> }, errors: FieldError[]): void;
  body(value: unknown): FieldError[];
}

function newAjv(doc: OpenApiDoc, coerce: boolean): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    // The document carries OpenAPI and x-ms-* keywords that are not JSON Schema; the spec itself is
    // linted by Redocly, so ajv's strict schema checks would only repeat that with worse messages.
    strict: false,
    coerceTypes: coerce,
    useDefaults: coerce,
  });
  exactNumberKeywords(ajv);
  addFormats(ajv, ['uri', 'email', 'uuid', 'int32', 'int64', 'float', 'double', 'byte', 'binary', 'password']);
  ajv.addFormat('date-time', { type: 'string', validate: isDateTime });
  ajv.addFormat('date', { type: 'string', validate: isDate });
  ajv.addSchema({ ...doc, $id: 'spec' });
  return ajv;
}

/** Rewrites local refs so a schema fragment can be compiled outside the document. */
function specRefs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(specRefs);
  if (schema && typeof schema === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(schema)) out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#') ? `spec${v}` : specRefs(v);
    return out;
  }
  return schema;
}

export function toFieldErrors(errors: readonly ErrorObject[] | null | undefined, location: string): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors ?? []) {
    let field = `/${location}${e.instancePath}`;
    let message = e.message ?? 'is not valid';
    if (e.keyword === 'required') {
      field += `/${escapePointer(String(e.params.missingProperty))}`;
      message = 'is required';
    } else if (e.keyword === 'additionalProperties') {
      field += `/${escapePointer(String(e.params.additionalProperty))}`;
      message = 'is not a known field';
    } else if (e.keyword === 'enum') {
      message = `must be one of: ${(e.params.allowedValues as unknown[]).filter((v) => v !== null).join(', ')}`;
    } else if (e.keyword === 'format') {
      message = e.params.format === 'date-time' ? 'must be an ISO 8601 date or date-time that exists, within years 0001-9999 UTC' : `must be a valid ${e.params.format}`;
    }
    // ajv reports a nullable type mismatch twice (type and the nullable wrapper); keep one per field+rule.
    if (!out.some((o) => o.field === field && o.rule === e.keyword)) out.push({ field, rule: e.keyword, message });
  }
  return out;
}

const PARAM_PLACES = ['path', 'query', 'header'] as const;

export function compileValidators(doc: OpenApiDoc = loadSpec()): Map<string, OperationValidators> {
  const paramsAjv = newAjv(doc, true);
  const bodyAjv = newAjv(doc, false);
  const result = new Map<string, OperationValidators>();
  for (const op of listOperations(doc)) {
    const groups = { path: [] as typeof op.parameters, query: [] as typeof op.parameters, header: [] as typeof op.parameters };
    for (const p of op.parameters) if (p.in !== 'cookie') groups[p.in].push(p);
    const compiled = Object.fromEntries(
      Object.entries(groups).map(([where, list]) => {
        const schema = {
          type: 'object',
          properties: Object.fromEntries(list.map((p) => [where === 'header' ? p.name.toLowerCase() : p.name, specRefs(p.schema ?? {})])),
          required: list.filter((p) => p.required).map((p) => (where === 'header' ? p.name.toLowerCase() : p.name)),
        };
        return [where, paramsAjv.compile(schema)];
      }),
    ) as Record<'path' | 'query' | 'header', ValidateFunction>;
    const headerNames = new Map(groups.header.map((p) => [p.name.toLowerCase(), p.name]));
    let bodyFn: ValidateFunction | undefined;
    if (op.hasBody) {
      const rb = resolveRef<{ content?: Record<string, { schema?: unknown }> }>(doc, op.raw.requestBody);
      const schema = rb.content?.['application/json']?.schema;
      if (schema) bodyFn = bodyAjv.compile(specRefs(schema) as object);
    }
    result.set(op.operationId, {
      op,
      queryNames: new Set(groups.query.map((p) => p.name)),
      headerNames: [...headerNames.keys()],
      params(input, errors) {
        for (const where of PARAM_PLACES) {
          const fn = compiled[where];
          if (!fn(input[where])) {
            for (const e of toFieldErrors(fn.errors, where)) {
              const name = e.field.split('/')[2] ?? '';
              errors.push(where === 'header' ? { ...e, field: `/header/${headerNames.get(name) ?? name}` } : e);
            }
          }
        }
      },
      body(value) {
        if (!bodyFn || bodyFn(value)) return [];
        return toFieldErrors(bodyFn.errors, 'body');
      },
    });
  }
  return result;
}

/** Validates a response against the spec; tests call this for every response they receive. */
export function createResponseValidator(doc: OpenApiDoc = loadSpec()) {
  const ajv = newAjv(doc, false);
  const cache = new Map<string, ValidateFunction | null>();
  const ops = new Map(listOperations(doc).map((o) => [o.operationId, o]));
  return (operationId: string, status: number, contentType: string | undefined, body: unknown): string[] => {
    const op = ops.get(operationId);
    if (!op) return [`unknown operation ${operationId}`];
    const responses = op.raw.responses as Record<string, unknown>;
    const declared = responses[String(status)] ?? responses.default;
    if (!declared) return [`${operationId} does not declare status ${status}`];
    const response = resolveRef<{ content?: Record<string, { schema?: unknown }> }>(doc, declared);
    if (!response.content) return body === undefined || body === '' || (typeof body === 'object' && body !== null && Object.keys(body).length === 0) ? [] : [`${operationId} ${status} declares no body`];
    const media = (contentType ?? '').split(';')[0]!.trim();
    const entry = response.content[media];
    if (!entry) return [`${operationId} ${status} does not declare content type ${media || '(none)'}`];
    const key = `${operationId}:${status}:${media}`;
    if (!cache.has(key)) cache.set(key, entry.schema ? ajv.compile(specRefs(entry.schema) as object) : null);
    const fn = cache.get(key);
    if (!fn || fn(body)) return [];
    return toFieldErrors(fn.errors, 'response').map((e) => `${e.field} ${e.message} (${e.rule})`);
  };
}
