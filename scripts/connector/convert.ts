/**
 * OpenAPI 3.0 (our openapi.yaml) → Swagger 2.0, the only format Power Platform custom connectors
 * accept. Written for exactly the constructs our spec uses (see the brief in connector/README.md);
 * anything it cannot express faithfully throws a ConversionError naming the place.
 *
 * Operations marked `x-cmms-connector: false` are left out, our other `x-cmms-*` keys are dropped
 * and every `x-ms-*` key is carried through unchanged. Components reachable from the kept
 * operations become definitions/parameters/responses; unreachable ones are pruned so the connector
 * does not describe what it does not serve.
 */
import {
  ALLOWED_FORMATS, ConversionError, convertSchema, deref, rewriteRef, type ConvertContext,
} from './convert-schema.ts';
import { collectRefs, compact, isObj, msExtensions, obj, resolvePointer, str, type Json } from './json.ts';

export { ConversionError } from './convert-schema.ts';

export interface ConnectorProfile {
  /** Replaces info.title / info.description (certification limits differ from the API's own). */
  readonly title?: string;
  readonly description?: string;
  readonly contact?: Json;
  /** Replaces info.license (its URL is public). */
  readonly license?: Json;
  /** Replaces the host of the spec's one server (the publisher's production host). */
  readonly host?: string;
  readonly connectorMetadata?: readonly { propertyName: string; propertyValue: string }[];
  /** When given, replaces the converted securitySchemes and root security requirement. */
  readonly securityDefinitions?: Json;
  readonly security?: readonly Json[];
  /** Operation used for `x-ms-capabilities.testConnection`, added only when it is in the connector. */
  readonly testConnectionOperationId?: string;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;
const JSON_MEDIA = /^application\/([\w.+-]+\+)?json$/;
const FORM_MEDIA = new Set(['multipart/form-data', 'application/x-www-form-urlencoded']);

export function isConnectorOperation(operation: unknown): boolean {
  return isObj(operation) && operation['x-cmms-connector'] !== false;
}

export function convertOpenApi3ToSwagger2(doc: Json, profile: ConnectorProfile = {}): Json {
  if (!/^3\.0\.\d+$/.test(String(doc.openapi))) {
    throw new ConversionError('openapi', `expected a 3.0.x document, got ${String(doc.openapi)}`);
  }
  const ctx: ConvertContext = { doc };
  const info = obj(doc.info);
  const paths = convertPaths(obj(doc.paths), ctx);
  const components = obj(doc.components);
  const { definitions, parameters, responses } = reachableComponents(paths, components, ctx);

  const security = profile.securityDefinitions
    ? { definitions: profile.securityDefinitions, requirement: profile.security ?? [] }
    : convertSecurity(components, doc.security);
  const rootExtensions = msExtensions(doc);
  const capabilities = { ...obj(rootExtensions['x-ms-capabilities']) };
  if (profile.testConnectionOperationId && hasOperation(paths, profile.testConnectionOperationId)) {
    capabilities.testConnection ??= { operationId: profile.testConnectionOperationId, parameters: {} };
  }

  // Cloned so the result shares no objects with the input document or the profile (callers may edit it).
  return structuredClone(compact({
    swagger: '2.0',
    info: compact({
      title: profile.title ?? info.title,
      description: profile.description ?? info.description,
      version: info.version,
      termsOfService: info.termsOfService,
      contact: profile.contact ?? info.contact,
      license: profile.license ?? info.license,
      ...msExtensions(info),
    }),
    ...server(doc.servers, profile.host),
    consumes: ['application/json'],
    produces: ['application/json'],
    paths,
    definitions: Object.keys(definitions).length ? definitions : undefined,
    parameters: Object.keys(parameters).length ? parameters : undefined,
    responses: Object.keys(responses).length ? responses : undefined,
    securityDefinitions: Object.keys(security.definitions).length ? security.definitions : undefined,
    security: security.requirement.length ? security.requirement : undefined,
    tags: convertTags(doc.tags, paths),
    ...rootExtensions,
    'x-ms-connector-metadata': rootExtensions['x-ms-connector-metadata'] ?? profile.connectorMetadata,
    'x-ms-capabilities': Object.keys(capabilities).length ? capabilities : undefined,
  }));
}

/** The single server URL → host (with port), basePath and schemes; server variables take their defaults. */
function server(servers: unknown, host?: string): Json {
  const list = Array.isArray(servers) ? servers : [];
  if (list.length !== 1) throw new ConversionError('servers', `expected exactly one server, found ${list.length}`);
  const entry = obj(list[0]);
  let url = str(entry.url) ?? '';
  for (const [name, variable] of Object.entries(obj(entry.variables))) {
    url = url.replaceAll(`{${name}}`, String(obj(variable).default ?? ''));
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConversionError('servers[0].url', `"${url}" is not an absolute URL`);
  }
  const basePath = parsed.pathname.replace(/\/+$/, '') || '/';
  return { host: host ?? parsed.host, basePath, schemes: [parsed.protocol.replace(':', '')] };
}

function convertPaths(paths: Json, ctx: ConvertContext): Json {
  const out: Json = {};
  for (const [path, rawItem] of Object.entries(paths)) {
    if (!path.startsWith('/')) continue;
    const item = deref(rawItem, ctx, `paths.${path}`);
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    const converted: Json = {};
    for (const method of METHODS) {
      const op = item[method];
      if (op === undefined || !isConnectorOperation(op)) continue;
      converted[method] = convertOperation(obj(op), shared, ctx, `${method.toUpperCase()} ${path}`);
    }
    if (Object.keys(converted).length === 0) continue;
    const extensions = msExtensions(item);
    const notification = obj(extensions['x-ms-notification-content']);
    if (isObj(notification.schema)) {
      extensions['x-ms-notification-content'] = {
        ...notification,
        schema: convertSchema(notification.schema, ctx, `${path}.x-ms-notification-content`),
      };
    }
    out[path] = { ...extensions, ...converted };
  }
  return out;
}

/**
 * An action answering 202 + Location is awaited by the platform, which polls the Location until it
 * answers 200 and shows the outputs of the 200 schema; a schema on 202 shows nothing
 * (SchemaDefinitionSetIncorrectly). Certified async actions put the final schema on 200 and leave the
 * 202 schemaless. The 202 body here is the resource the Location serves, so its schema is the final one.
 */
function asAwaitedAction(responses: Json): Json {
  const accepted = obj(responses['202']);
  const ok = obj(responses['200']);
  if (!isObj(accepted.schema) || isObj(ok.schema)) return responses;
  const rest = { ...responses };
  delete rest['200'];
  const waiting = { ...accepted };
  delete waiting.schema;
  return {
    '200': { description: 'The final result, which the platform returns once the Location URL answers 200.', schema: accepted.schema },
    ...rest,
    '202': waiting,
  };
}

function convertOperation(op: Json, shared: unknown[], ctx: ConvertContext, where: string): Json {
  // Path-level parameters are merged into each operation (an operation's own entry wins), so every
  // operation is self-describing for the designer and for our lint.
  const own = Array.isArray(op.parameters) ? op.parameters : [];
  const key = (p: unknown) => {
    const r = deref(p, ctx, where);
    return `${String(r.in)}:${String(r.name)}`;
  };
  const ownKeys = new Set(own.map(key));
  const params = [...shared.filter((p) => !ownKeys.has(key(p))), ...own].map((p) => convertParameter(p, ctx, where));
  let consumes: string[] | undefined;
  if (op.requestBody !== undefined) {
    const body = convertRequestBody(op.requestBody, ctx, where);
    params.push(...body.parameters);
    if (body.mediaType !== 'application/json') consumes = [body.mediaType];
  }
  let responses: Json = {};
  for (const [code, response] of Object.entries(obj(op.responses))) {
    if (code.startsWith('x-')) continue;
    responses[code] = convertResponse(response, code, ctx, `${where} ${code}`);
  }
  if (op['x-ms-trigger'] === undefined) responses = asAwaitedAction(responses);
  // Operation-level security is dropped: the connector authenticates every call with its one
  // connection, and Power Platform rejects requirements naming schemes it does not define.
  return compact({
    tags: Array.isArray(op.tags) && op.tags.length ? op.tags : undefined,
    summary: op.summary,
    description: op.description,
    operationId: op.operationId,
    consumes,
    parameters: params.length ? params : undefined,
    responses,
    deprecated: op.deprecated === true ? true : undefined,
    ...msExtensions(op),
  });
}

const PRIMITIVE_KEYS = [
  'default', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum', 'maxLength', 'minLength',
  'pattern', 'maxItems', 'minItems', 'uniqueItems', 'enum', 'multipleOf',
] as const;

/** The 2.0 "primitive" shape (non-body parameters, headers, items): fields hoisted out of a schema. */
function primitive(schemaInput: unknown, ctx: ConvertContext, where: string): Json {
  const schema = deref(schemaInput, ctx, where);
  if (schema.type === 'object' || isObj(schema.properties)) {
    throw new ConversionError(where, 'an object cannot be a non-body parameter or header in Swagger 2.0');
  }
  const out: Json = { type: str(schema.type) ?? 'string' };
  const format = str(schema.format);
  if (format && ALLOWED_FORMATS.has(format)) out.format = format;
  if (schema.type === 'array') out.items = primitive(schema.items, ctx, `${where}.items`);
  for (const k of PRIMITIVE_KEYS) if (schema[k] !== undefined) out[k] = schema[k];
  return out;
}

function collectionFormat(param: Json): string | undefined {
  const style = str(param.style) ?? (param.in === 'query' ? 'form' : 'simple');
  const explode = typeof param.explode === 'boolean' ? param.explode : style === 'form';
  if (style === 'form') return explode ? 'multi' : 'csv';
  if (style === 'spaceDelimited') return 'ssv';
  if (style === 'pipeDelimited') return 'pipes';
  return 'csv';
}

function convertParameter(input: unknown, ctx: ConvertContext, where: string): Json {
  if (isObj(input) && typeof input.$ref === 'string' && input.$ref.startsWith('#/components/parameters/')) {
    return { $ref: rewriteRef(input.$ref) };
  }
  return convertParameterObject(deref(input, ctx, where), ctx, where);
}

export function convertParameterObject(param: Json, ctx: ConvertContext, where: string): Json {
  const name = str(param.name) ?? '';
  const at = `${where} parameter ${name}`;
  if (!['query', 'path', 'header'].includes(String(param.in))) {
    throw new ConversionError(at, `"in: ${String(param.in)}" has no Swagger 2.0 equivalent`);
  }
  if (param.content !== undefined) throw new ConversionError(at, '"content" parameters are not supported');
  const shape = primitive(param.schema, ctx, at);
  const schema = deref(param.schema, ctx, at);
  // Dropdown and display hints are sometimes written on a shared enum schema; the designer reads them
  // from the parameter, so they move up (the parameter's own keys win).
  return compact({
    name,
    in: param.in,
    description: param.description,
    required: param.in === 'path' ? true : param.required === true,
    ...shape,
    collectionFormat: shape.type === 'array' ? collectionFormat(param) : undefined,
    allowEmptyValue: param.in === 'query' && param.allowEmptyValue === true ? true : undefined,
    ...msExtensions(schema),
    ...msExtensions(param),
  });
}

function convertRequestBody(input: unknown, ctx: ConvertContext, where: string): { parameters: Json[]; mediaType: string } {
  const body = deref(input, ctx, `${where} requestBody`);
  const content = obj(body.content);
  const mediaType = Object.keys(content).find((m) => JSON_MEDIA.test(m)) ?? Object.keys(content).find((m) => FORM_MEDIA.has(m));
  if (!mediaType) throw new ConversionError(`${where} requestBody`, `no JSON or form media type in ${Object.keys(content).join(', ')}`);
  const schema = obj(content[mediaType]).schema;
  if (JSON_MEDIA.test(mediaType)) {
    const bodyName = str(body['x-codegen-request-body-name']) ?? 'body';
    return {
      mediaType: 'application/json',
      parameters: [compact({
        name: bodyName,
        in: 'body',
        description: body.description,
        required: body.required === true,
        schema: convertSchema(schema, ctx, `${where} requestBody`),
        ...msExtensions(body),
      })],
    };
  }
  // Form bodies become one formData parameter per top-level property (2.0 has no form schema).
  const formSchema = deref(schema, ctx, `${where} requestBody`);
  const required = Array.isArray(formSchema.required) ? formSchema.required : [];
  const parameters = Object.entries(obj(formSchema.properties)).map(([name, propInput]) => {
    const prop = deref(propInput, ctx, `${where} form ${name}`);
    const binary = prop.type === 'string' && prop.format === 'binary';
    return compact({
      name,
      in: 'formData',
      description: prop.description,
      required: required.includes(name),
      ...(binary ? { type: 'file' } : primitive(prop, ctx, `${where} form ${name}`)),
      ...msExtensions(prop),
    });
  });
  return { mediaType, parameters };
}

function convertResponse(input: unknown, code: string, ctx: ConvertContext, where: string): Json {
  // Power Platform rejects a schema on `default`, so a shared response used there is inlined without one.
  if (isObj(input) && typeof input.$ref === 'string' && input.$ref.startsWith('#/components/responses/') && code !== 'default') {
    return { $ref: rewriteRef(input.$ref) };
  }
  const response = deref(input, ctx, where);
  const content = obj(response.content);
  const mediaType = Object.keys(content).find((m) => JSON_MEDIA.test(m)) ?? Object.keys(content)[0];
  const media = mediaType ? obj(content[mediaType]) : {};
  const headers: Json = {};
  for (const [name, header] of Object.entries(obj(response.headers))) {
    const h = deref(header, ctx, `${where} header ${name}`);
    headers[name] = compact({ description: h.description, ...primitive(h.schema, ctx, `${where} header ${name}`), ...msExtensions(h) });
  }
  const example = media.example ?? Object.values(obj(media.examples)).map((e) => obj(e).value)[0];
  return compact({
    description: str(response.description) ?? '',
    schema: code !== 'default' && media.schema !== undefined ? convertSchema(media.schema, ctx, where) : undefined,
    headers: Object.keys(headers).length ? headers : undefined,
    examples: example !== undefined && code !== 'default' ? { 'application/json': example } : undefined,
    ...msExtensions(response),
  });
}

/** Components referenced (transitively) from the kept paths, in their source order. */
function reachableComponents(paths: Json, components: Json, ctx: ConvertContext) {
  const wanted = new Set<string>();
  const queue = [...collectRefs(paths)];
  const definitions: Json = {};
  const parameters: Json = {};
  const responses: Json = {};
  const converted = new Map<string, unknown>();
  while (queue.length) {
    const found = queue.pop() as string;
    const [, kind, name] = /^#\/(definitions|parameters|responses)\/([^/]+)/.exec(found) ?? [];
    if (!kind || !name) throw new ConversionError('$ref', `${found} cannot be expressed in Swagger 2.0`);
    // Deeper pointers (#/definitions/X/properties/y) need their whole component X.
    const ref = `#/${kind}/${name}`;
    if (wanted.has(ref)) continue;
    wanted.add(ref);
    const source = kind === 'definitions' ? 'schemas' : kind;
    const original = obj(components[source])[name];
    if (original === undefined) throw new ConversionError('$ref', `${ref} points to a missing component`);
    const value = kind === 'definitions'
      ? convertSchema(original, ctx, `components.schemas.${name}`)
      : kind === 'parameters'
        ? convertParameterObject(deref(original, ctx, name), ctx, `components.parameters.${name}`)
        : convertResponse(original, '200', ctx, `components.responses.${name}`);
    converted.set(ref, value);
    queue.push(...collectRefs(value));
  }
  for (const [kind, target, source] of [
    ['definitions', definitions, 'schemas'], ['parameters', parameters, 'parameters'], ['responses', responses, 'responses'],
  ] as const) {
    for (const name of Object.keys(obj(components[source]))) {
      const ref = `#/${kind}/${name}`;
      if (converted.has(ref)) target[name] = converted.get(ref);
    }
  }
  return { definitions, parameters, responses };
}

function convertSecurity(components: Json, rootSecurity: unknown): { definitions: Json; requirement: Json[] } {
  const definitions: Json = {};
  for (const [name, schemeInput] of Object.entries(obj(components.securitySchemes))) {
    const scheme = obj(schemeInput);
    if (scheme.type === 'apiKey' && scheme.in !== 'cookie') {
      definitions[name] = compact({ type: 'apiKey', name: scheme.name, in: scheme.in, description: scheme.description });
    } else if (scheme.type === 'http' && scheme.scheme === 'basic') {
      definitions[name] = compact({ type: 'basic', description: scheme.description });
    } else if (scheme.type === 'oauth2') {
      const flows = obj(scheme.flows);
      const [flowName, flow] = (
        [['authorizationCode', 'accessCode'], ['implicit', 'implicit'], ['password', 'password'], ['clientCredentials', 'application']] as const
      ).map(([f, v]) => [v, flows[f]] as const).find(([, f]) => isObj(f)) ?? [];
      if (!flowName || !isObj(flow)) continue;
      definitions[name] = compact({
        type: 'oauth2',
        flow: flowName,
        authorizationUrl: flow.authorizationUrl,
        tokenUrl: flow.tokenUrl,
        scopes: obj(flow.scopes),
        description: scheme.description,
      });
    }
    // http bearer and openIdConnect have no 2.0 form; the connector's profile supplies its own scheme.
  }
  // Power Platform wants empty scope lists in requirements (SecurityRequirementMustHaveEmptyValue).
  const requirement = (Array.isArray(rootSecurity) ? rootSecurity : [])
    .map((r) => Object.fromEntries(Object.keys(obj(r)).filter((k) => k in definitions).map((k) => [k, []])))
    .filter((r) => Object.keys(r).length > 0);
  return { definitions, requirement };
}

function convertTags(tags: unknown, paths: Json): Json[] | undefined {
  const used = new Set<string>();
  for (const item of Object.values(paths)) {
    for (const op of Object.values(obj(item))) for (const t of (obj(op).tags as string[] | undefined) ?? []) used.add(t);
  }
  const list = (Array.isArray(tags) ? tags : [])
    .map((t) => obj(t))
    .filter((t) => used.has(String(t.name)))
    .map((t) => compact({ name: t.name, description: t.description }));
  return list.length ? list : undefined;
}

function hasOperation(paths: Json, operationId: string): boolean {
  return Object.values(paths).some((item) => Object.values(obj(item)).some((op) => obj(op).operationId === operationId));
}

/** Lists the connector's operations (operationId, method, path) in document order. */
export function listOperations(swagger: Json): { operationId: string; method: string; path: string; operation: Json }[] {
  const out: { operationId: string; method: string; path: string; operation: Json }[] = [];
  for (const [path, item] of Object.entries(obj(swagger.paths))) {
    for (const method of METHODS) {
      const operation = obj(item)[method];
      if (isObj(operation)) out.push({ operationId: String(operation.operationId ?? ''), method, path, operation });
    }
  }
  return out;
}

export { resolvePointer };
