/**
 * A local Dataverse stand-in: one HTTPS server on 127.0.0.1 serving the Entra ID endpoints msal
 * uses and the Web API surface of the client, over in-memory tables, with fault injection.
 * HTTPS because msal only accepts https authorities: a self-signed certificate is made at start
 * with openssl; tests use `standin.fetch` (trusts it), other processes NODE_EXTRA_CA_CERTS.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Config } from '../../api/src/config/index.ts';
import { TokenIssuer } from './auth.ts';
import { handleBatch, type BatchSettings } from './batch.ts';
import { makeSelfSignedCertificate } from './cert.ts';
import { Table, type Row } from './store.ts';
import { CURRENCIES, defaultTables, MESSAGES, type TableOptions } from './tables.ts';
import { errorResponse, execute, type ApiResponse, type WebApiContext } from './webapi.ts';
import { trustingFetch } from './trusting-fetch.ts';
import { FaultInjector, type FaultSettings } from './faults.ts';
import { createStepRunner, type StepRunner } from './steps.ts';

export type { FaultSettings } from './faults.ts';
export { trustingFetch } from './trusting-fetch.ts';

export interface StandinOptions {
  port?: number;
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  clientCertificates?: string[];
  tokenLifetimeSeconds?: number;
  /** False simulates an app with a token but no application user: every Web API call is 403 0x80072560. */
  applicationUser?: boolean;
  tables?: TableOptions;
  /** How long a key created through EntityDefinitions(…)/Keys stays Pending before it is Active. */
  keyActivationMs?: number;
  faults?: Partial<FaultSettings>;
  batch?: Partial<BatchSettings>;
}

export interface StandinStats {
  requests: number;
  byKind: Record<string, number>;
  faults: Record<string, number>;
  batchOperations: number;
  upsertMultipleTargets: number;
}

export interface DataverseStandin {
  url: string;
  authorityHost: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** The self-signed certificate (PEM) to trust. */
  ca: string;
  /** A fetch that trusts `ca`, for clients in the same process. */
  fetch: typeof fetch;
  /** Ready-made `Config['dynamics']` pointing at this stand-in. */
  settings(overrides?: Partial<Config['dynamics']>): Config['dynamics'];
  tables: {
    rows(name: string): Row[];
    find(name: string, column: string, value: unknown): Row | undefined;
    clear(name?: string): void;
  };
  /** Registered webhook steps and what they delivered. */
  steps: Pick<StepRunner, 'deliveries' | 'idle'>;
  setFaults(faults: Partial<FaultSettings>): void;
  setApplicationUser(present: boolean): void;
  revokeTokens(): void;
  readonly stats: StandinStats;
  resetStats(): void;
  close(): Promise<void>;
}

const API_ROOT = '/api/data/v9.2/';

export async function startDataverseStandin(options: StandinOptions = {}): Promise<DataverseStandin> {
  const tls = makeSelfSignedCertificate();
  const tenantId = options.tenantId ?? randomUUID();
  const clientId = options.clientId ?? randomUUID();
  const clientSecret = options.clientSecret ?? `standin-secret-${randomUUID()}`;
  const faults = new FaultInjector(options.faults);
  const batchSettings: BatchSettings = { rejectLfOnly: true, continuePastFailedChangeSet: false, ...options.batch };
  let applicationUser = options.applicationUser ?? true;
  const stats: StandinStats = { requests: 0, byKind: {}, faults: {}, batchOperations: 0, upsertMultipleTargets: 0 };
  const count = (bucket: Record<string, number>, kind: string, n = 1) => { bucket[kind] = (bucket[kind] ?? 0) + n; };

  const tables = new Map<string, Table>();
  const steps = createStepRunner((set) => [...(tables.get(set)?.rows.values() ?? [])]);
  const addTables = () => {
    for (const def of defaultTables(options.tables)) {
      const table = new Table(def);
      table.observer = steps.written;
      tables.set(def.entitySet, table);
    }
    seedMessages(tables);
    for (const c of CURRENCIES) tables.get('transactioncurrencies')!.put({ ...c });
  };
  addTables();

  const server: Server = createServer({ key: tls.key, cert: tls.cert, keepAlive: true });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const origin = `https://127.0.0.1:${port}`;
  const ctx: WebApiContext = { serviceRoot: `${origin}${API_ROOT}`, tables, keyActivationMs: options.keyActivationMs ?? 0 };
  const issuer = new TokenIssuer({
    origin, tenantId, clientId, clientSecret,
    clientCertificates: options.clientCertificates ?? [],
    resource: origin,
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
  });

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      handle(req, Buffer.concat(chunks).toString('utf8'), res).catch((e: unknown) => {
        if (!res.headersSent) send(res, errorResponse(500, '0x80040216', `Stand-in failure: ${(e as Error).message}`));
      });
    });
  });

  async function handle(req: IncomingMessage, body: string, res: ServerResponse): Promise<void> {
    stats.requests++;
    const url = new URL(req.url ?? '/', origin);
    const headers = lowerHeaders(req);
    const tenantPath = /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|\.well-known\/openid-configuration|oauth2\/v2\.0\/token)$/.exec(url.pathname);
    if (tenantPath) {
      if (tenantPath[2]!.endsWith('token')) {
        count(stats.byKind, 'token');
        const out = await issuer.token(tenantPath[1]!, new URLSearchParams(body));
        return send(res, { status: out.status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(out.body) });
      }
      count(stats.byKind, 'discovery');
      return send(res, { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(issuer.discovery(tenantPath[1]!)) });
    }
    if (!url.pathname.startsWith(API_ROOT)) return send(res, errorResponse(404, '', `No HTTP resource was found that matches the request URI '${url.pathname}'.`));
    const path = url.pathname.slice(API_ROOT.length);
    const kind = kindOf(req.method ?? 'GET', path);
    count(stats.byKind, kind);

    const fault = faults.draw();
    if (fault.latencyMs) await sleep(fault.latencyMs);
    if (fault.kind === '429') {
      count(stats.faults, '429');
      return send(res, errorResponse(429, '0x80072322', 'Number of requests exceeded the limit of 6000 over time window of 300 seconds.', { 'retry-after': String(fault.retryAfterSeconds) }));
    }
    if (fault.kind === '503') {
      count(stats.faults, '503');
      return send(res, errorResponse(503, '', 'The service is temporarily unavailable. Please try again later.'));
    }
    if (fault.kind === 'slow') count(stats.faults, 'slow');

    if (!issuer.check(headers['authorization'])) {
      count(stats.byKind, 'unauthorized');
      return send(res, errorResponse(401, '0x8005F101', 'The requested resource requires authentication.', {
        'www-authenticate': `Bearer authorization_uri=${origin}/${tenantId}/oauth2/authorize, resource_id=${origin}/`,
      }));
    }
    if (!applicationUser) return send(res, errorResponse(403, '0x80072560', 'The user is not a member of the organization.'));

    let response: ApiResponse;
    if (path === '$batch' && req.method === 'POST') {
      const out = handleBatch(ctx, headers, body, batchSettings);
      stats.batchOperations += out.operations;
      response = out;
    } else {
      if (kind === 'upsertmultiple') {
        try { stats.upsertMultipleTargets += (JSON.parse(body) as { Targets?: unknown[] }).Targets?.length ?? 0; } catch { /* counted as 0 */ }
      }
      response = execute(ctx, { method: req.method ?? 'GET', path, query: url.searchParams, headers, body });
    }
    if (fault.kind === 'drop') {
      // The work is done but the answer is lost: the hardest case for a client, which must not duplicate.
      count(stats.faults, 'drop');
      req.socket.destroy();
      return;
    }
    send(res, response);
  }

  return {
    url: origin,
    authorityHost: `127.0.0.1:${port}`,
    tenantId,
    clientId,
    clientSecret,
    ca: tls.cert,
    fetch: trustingFetch(tls.cert),
    settings: (overrides = {}) => ({
      url: origin, tenantId, clientId, clientSecret, clientCertificatePath: undefined,
      authorityHost: `127.0.0.1:${port}`, timeoutMs: 30_000, batchSize: 200, maxConcurrency: 8, maxRetries: 6, writeMode: 'auto',
      ...overrides,
    }),
    tables: {
      rows: (name) => [...tableNamed(tables, name).rows.values()],
      find: (name, column, value) => {
        const want = typeof value === 'string' ? value.toLowerCase() : value;
        return [...tableNamed(tables, name).rows.values()].find((r) => (typeof r[column] === 'string' ? (r[column] as string).toLowerCase() : r[column]) === want);
      },
      clear: (name) => {
        for (const t of name ? [tableNamed(tables, name)] : tables.values()) if (!['sdkmessage', 'sdkmessagefilter'].includes(t.def.logicalName)) t.clear();
        if (!name) { tables.clear(); addTables(); }
      },
    },
    steps,
    setFaults: (f) => faults.set(f),
    setApplicationUser: (present) => { applicationUser = present; },
    revokeTokens: () => issuer.revokeAll(),
    stats,
    resetStats: () => {
      stats.requests = 0; stats.batchOperations = 0; stats.upsertMultipleTargets = 0;
      for (const k of Object.keys(stats.byKind)) delete stats.byKind[k];
      for (const k of Object.keys(stats.faults)) delete stats.faults[k];
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

function tableNamed(tables: Map<string, Table>, name: string): Table {
  const t = tables.get(name) ?? [...tables.values()].find((x) => x.def.logicalName === name);
  if (!t) throw new Error(`The stand-in has no table ${name}`);
  return t;
}

function kindOf(method: string, path: string): string {
  if (path === '$batch') return 'batch';
  if (path.endsWith('Microsoft.Dynamics.CRM.UpsertMultiple')) return 'upsertmultiple';
  if (method === 'GET') return 'get';
  if (method === 'POST') return 'create';
  if (method === 'PATCH') return 'upsert';
  if (method === 'DELETE') return 'delete';
  return 'other';
}

/** Every environment has the SDK messages and a filter per table and message. */
function seedMessages(tables: Map<string, Table>): void {
  const messages = tables.get('sdkmessages')!;
  const filters = tables.get('sdkmessagefilters')!;
  for (const name of MESSAGES) {
    const id = randomUUID();
    messages.put({ sdkmessageid: id, name });
    for (const t of tables.values()) {
      if (t.def.alternateKeys.length === 0) continue; // only the business tables
      filters.put({ sdkmessagefilterid: randomUUID(), _sdkmessageid_value: id, primaryobjecttypecode: t.def.logicalName, iscustomprocessingstepallowed: true });
    }
  }
}

function lowerHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') out[name.toLowerCase()] = value;
  return out;
}

function send(res: ServerResponse, r: ApiResponse): void {
  res.writeHead(r.status, r.headers);
  res.end(r.status === 204 ? undefined : r.body);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
