/**
 * The two connectors the flows use, as the runner sees them:
 * - the Energy CMMS custom connector, driven by its swagger (the one packed into the solution):
 *   path/query/header parameters by name, body fields from `body/<prop>` keys, internal defaults
 *   filled in as the platform does, sent to the real API in process;
 * - the Dataverse connector, mapping ListRecords/GetItem/UpdateRecord/DeleteRecord onto Web API
 *   calls against the local stand-in through a gateway that also raises "row modified" triggers.
 */
import type { Express } from 'express';
import supertest from 'supertest';
import type { ConnectorImpl, HttpOutputs } from './engine.ts';
import type { DataverseGateway } from './dataverse-gateway.ts';

type Swagger = Record<string, unknown>;
type Json = Record<string, unknown>;

/**
 * The runner reads the swagger on its own, as the platform would, rather than with the
 * validator's reader (scripts/solution/validate/swagger-ops.ts): a bug there must not pass both.
 */
function deref(swagger: Swagger, value: Json): Json {
  let v = value;
  for (let hops = 0; typeof v.$ref === 'string' && hops < 32; hops++) {
    const pointer = v.$ref.replace(/^#\//, '').split('/').map((seg) => seg.replace(/~1/g, '/').replace(/~0/g, '~'));
    v = pointer.reduce<unknown>((node, seg) => (node as Json | undefined)?.[seg], swagger) as Json;
    if (!v) throw new Error(`the connector swagger has no ${String(value.$ref)}`);
  }
  return v;
}

function operation(swagger: Swagger, operationId: string): { path: string; method: string; parameters: Json[] } | undefined {
  for (const [path, item] of Object.entries((swagger.paths ?? {}) as Record<string, Json>)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      const op = item[method] as Json | undefined;
      if (op?.operationId !== operationId) continue;
      // Operation-level parameters override path-level ones with the same name and place.
      const byKey = new Map<string, Json>();
      for (const raw of [...((item.parameters ?? []) as Json[]), ...((op.parameters ?? []) as Json[])]) {
        const param = deref(swagger, raw);
        byKey.set(`${String(param.in)} ${String(param.name)}`, param);
      }
      return { path, method, parameters: [...byKey.values()] };
    }
  }
  return undefined;
}

export interface HttpRequest {
  method: string;
  /** Path and query, starting with `/`. */
  url: string;
  headers: Record<string, string>;
  body?: string | undefined;
}
export type Transport = (req: HttpRequest) => Promise<HttpOutputs>;

function parseBody(text: string, contentType: string | undefined): unknown {
  if (!text) return undefined;
  if (contentType?.includes('json')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** Requests to the Express app without a listening port of our own (supertest manages it). */
export function appTransport(app: Express): Transport {
  return async (req) => {
    let r = supertest(app)[req.method.toLowerCase() as 'get'](req.url).set(req.headers);
    if (req.body !== undefined) r = r.send(req.body);
    const res = await r.buffer(true).parse((resp, cb) => {
      let data = '';
      resp.setEncoding('utf8');
      resp.on('data', (c: string) => (data += c));
      resp.on('end', () => cb(null, data));
    });
    const headers = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
    return { statusCode: res.status, headers, body: parseBody(String(res.body ?? ''), headers['content-type']) };
  };
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let cur = target;
  for (const seg of path.slice(0, -1)) cur = (cur[seg] ??= {}) as Record<string, unknown>;
  cur[path.at(-1)!] = value;
}

export interface CustomConnector extends ConnectorImpl {
  /** Calls a webhook trigger's subscribe operation with `callbackUrl` in its notification-URL field. */
  subscribe(operationId: string, parameters: Record<string, unknown>, callbackUrl: string): Promise<HttpOutputs>;
  readonly calls: { operationId: string; statusCode: number }[];
}

export function customConnector(swagger: Swagger, transport: Transport, headers: Record<string, string> = {}): CustomConnector {
  const basePath = String(swagger.basePath ?? '/').replace(/\/$/, '');
  const calls: CustomConnector['calls'] = [];
  const send = async (operationId: string, parameters: Record<string, unknown>, callbackUrl?: string) => {
    const op = operation(swagger, operationId);
    if (!op) throw new Error(`the connector has no operation ${operationId}`);
    let path = op.path;
    const query = new URLSearchParams();
    const reqHeaders: Record<string, string> = { accept: 'application/json', ...headers };
    let body: Record<string, unknown> | undefined;
    for (const p of op.parameters) {
      const name = String(p.name);
      if (p.in === 'body') {
        const schema = deref(swagger, (p.schema ?? {}) as Json);
        body = parameters.body !== undefined ? (parameters.body as Record<string, unknown>) : {};
        for (const [k, v] of Object.entries(parameters)) if (k.startsWith('body/') && v !== null && v !== undefined) setPath(body, k.split('/').slice(1), v);
        for (const [prop, rawDef] of Object.entries((schema.properties ?? {}) as Record<string, Record<string, unknown>>)) {
          const def = deref(swagger, rawDef);
          if (def['x-ms-notification-url'] && callbackUrl) body[prop] = callbackUrl;
          else if (body[prop] === undefined && def['x-ms-visibility'] === 'internal' && def.default !== undefined) body[prop] = def.default;
        }
        continue;
      }
      let value = parameters[name];
      if (value === undefined && p['x-ms-visibility'] === 'internal') value = p.default;
      if (value === undefined || value === null) continue;
      if (p.in === 'path') path = path.replace(`{${name}}`, encodeURIComponent(String(value)));
      else if (p.in === 'query') query.set(name, String(value));
      else if (p.in === 'header') reqHeaders[name.toLowerCase()] = String(value);
    }
    if (body !== undefined) reqHeaders['content-type'] = 'application/json';
    const qs = query.toString();
    const out = await transport({
      method: op.method.toUpperCase(),
      url: `${basePath}${path}${qs ? `?${qs}` : ''}`,
      headers: reqHeaders,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    calls.push({ operationId, statusCode: out.statusCode });
    return out;
  };
  return {
    calls,
    call: (operationId, parameters) => send(operationId, parameters),
    subscribe: (operationId, parameters, callbackUrl) => send(operationId, parameters, callbackUrl),
  };
}

/** The Dataverse connector's row operations, acting as one Dataverse user (the connection's owner). */
export function dataverseConnector(gateway: DataverseGateway, userId: string): ConnectorImpl {
  return {
    async call(operationId, parameters) {
      const entitySet = String(parameters.entityName ?? '');
      const recordId = parameters.recordId === undefined ? undefined : String(parameters.recordId);
      const target = recordId === undefined ? entitySet : `${entitySet}(${encodeURI(recordId)})`;
      // Columns come as `item/<column>`, one parameter each (the designer's form); a whole-row
      // `item` is not a form the runner accepts, so a flow written that way fails here too.
      if ('item' in parameters) {
        return { statusCode: 400, headers: {}, body: { error: { code: 'InvalidFlowParameters', message: `${operationId}: pass columns as item/<column> parameters, not one item object` } } };
      }
      const columns: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(parameters)) if (k.startsWith('item/')) columns[k.slice(5)] = v;
      switch (operationId) {
        case 'UpdateRecord':
          return gateway.request(userId, 'PATCH', target, columns);
        case 'DeleteRecord':
          return gateway.request(userId, 'DELETE', target);
        case 'GetItem':
          return gateway.request(userId, 'GET', target);
        case 'ListRecords': {
          const q = new URLSearchParams();
          for (const k of ['$select', '$filter', '$top', '$orderby']) if (parameters[k] !== undefined) q.set(k, String(parameters[k]));
          return gateway.request(userId, 'GET', `${entitySet}?${q.toString()}`);
        }
        default:
          throw new Error(`the flow runner's Dataverse connector does not implement ${operationId}`);
      }
    },
  };
}
