/**
 * The Dataverse client: `createDataverseClient({ settings })` needs nothing but the DYNAMICS_*
 * settings. It exposes single upserts by key, `writeRows` for many rows (UpsertMultiple or
 * `$batch`, chosen per table and remembered), and plain requests for everything else.
 */
import type { Logger } from 'pino';
import type { Config } from '../config/index.ts';
import { AppError } from '../errors/index.ts';
import { DataverseError, type RowError } from './errors.ts';
import { createHttp, type DataverseRequest, type DataverseResponse, type HttpStats } from './http.ts';
import { AdaptiveLimiter, type LimiterState } from './limiter.ts';
import { createTokenProvider } from './token.ts';
import { lookupIds, upsertMultiple, UpsertMultipleNotSupported } from './multiple.ts';
import { upsertByKey, writeBatch, type RowInput, type RowResult, type TableTarget, type UpsertOptions, type UpsertResult } from './upsert.ts';
import { keyPath } from './keys.ts';
import type { DataverseRequestEvent } from '../observability/events.ts';
import { addressableByKey } from './row-address.ts';

export { DataverseError, toAppError, isDataverseError } from './errors.ts';
export type { RowError } from './errors.ts';
export type { RowInput, RowResult, TableTarget, UpsertOptions, UpsertResult } from './upsert.ts';
export { keyPath, keyLiteral } from './keys.ts';
export { addressableByKey, derivedRowId, rowAddress, UNADDRESSABLE_KEY_CHARACTERS } from './row-address.ts';
export { findRowId } from './upsert.ts';
export { registerDataverseWebhook, removeDataverseWebhook, POST_IMAGE_ALIAS } from './webhook.ts';

export type WriteMode = 'batch' | 'upsertmultiple' | 'auto';

export interface DataverseClientOptions {
  settings: Config['dynamics'];
  fetch?: typeof fetch;
  logger?: Logger;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Rows per atomic change set inside a `$batch`; 0 = independent parts. Defaults to the batch size. */
  changeSetSize?: number;
  /** Read back each row's GUID (default true; the sync records it on the CMMS row). */
  returnIds?: boolean;
  /** Told of every request attempt's outcome (metrics). */
  onRequest?: (e: DataverseRequestEvent) => void;
}

export interface WriteOptions {
  mode?: WriteMode;
}

export interface DataverseClient {
  request(req: DataverseRequest): Promise<DataverseResponse>;
  getJson<T = unknown>(path: string): Promise<T>;
  upsertByKey(entitySet: string, keyColumn: string, keyValue: string, body: Record<string, unknown>, options?: UpsertOptions): Promise<UpsertResult>;
  writeRows(table: TableTarget, rows: readonly RowInput[], options?: WriteOptions): Promise<RowResult[]>;
  /** Whether `auto` found UpsertMultiple usable for an entity set (undefined until tried). */
  supportsUpsertMultiple(entitySet: string): boolean | undefined;
  readonly stats: HttpStats;
  readonly concurrency: LimiterState;
}

/**
 * The environment URL as the token scope and the Web API root need it. Operators often paste the
 * Web API endpoint from the Developer resources page (`…/api/data/v9.2/`); that is accepted too.
 */
export function environmentUrl(value: string): string {
  return value.trim().replace(/\/+$/, '').replace(/\/api\/data(?:\/v\d+(?:\.\d+)*)?$/i, '');
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createDataverseClient(options: DataverseClientOptions): DataverseClient {
  const s = options.settings;
  const missing = [
    !s.url && 'DYNAMICS_URL',
    !s.tenantId && 'DYNAMICS_TENANT_ID',
    !s.clientId && 'DYNAMICS_CLIENT_ID',
    !s.clientSecret && !s.clientCertificatePath && 'DYNAMICS_CLIENT_SECRET or DYNAMICS_CLIENT_CERTIFICATE_PATH',
  ].filter((x): x is string => typeof x === 'string');
  if (missing.length) {
    throw new AppError('NOT_CONFIGURED', { detail: `Dynamics 365 is not configured: set ${missing.join(', ')}.` });
  }
  const url = environmentUrl(s.url!);
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const limiter = new AdaptiveLimiter(s.maxConcurrency);
  const tokens = createTokenProvider(
    { url, tenantId: s.tenantId!, clientId: s.clientId!, clientSecret: s.clientSecret, clientCertificatePath: s.clientCertificatePath, authorityHost: s.authorityHost },
    fetchImpl,
  );
  const http = createHttp({ settings: { url, timeoutMs: s.timeoutMs, maxRetries: s.maxRetries }, fetch: fetchImpl, tokens, limiter, logger: options.logger, sleep, random, onRequest: options.onRequest });
  const batchSize = Math.max(1, Math.min(s.batchSize, 1000));
  const changeSetSize = Math.max(0, Math.min(options.changeSetSize ?? batchSize, batchSize));
  const returnIds = options.returnIds ?? true;
  const upsertMultipleSupport = new Map<string, boolean>();
  const backoff = (attempt: number) => {
    const cap = Math.min(30_000, 250 * 2 ** attempt);
    return Math.round(cap / 2 + (cap / 2) * random());
  };

  const batchOptions = { changeSetSize, maxRetries: s.maxRetries, returnIds, sleep, backoff };

  async function viaUpsertMultiple(table: TableTarget, rows: readonly RowInput[]): Promise<RowResult[]> {
    try {
      await upsertMultiple(http, table, rows);
    } catch (e) {
      if (e instanceof UpsertMultipleNotSupported) throw e;
      if (e instanceof DataverseError && !e.retryable) {
        // The action is all-or-nothing: one bad row fails the lot. $batch finds which one.
        options.logger?.info({ table: table.logicalName, rows: rows.length, code: e.code }, 'UpsertMultiple rejected a chunk; isolating rows through $batch');
        return writeBatch(http, table, rows, batchOptions);
      }
      const error: RowError = e instanceof DataverseError ? e.toRowError() : { code: 'Failed', message: String(e), status: 0, retryable: true };
      return rows.map((r) => ({ key: r.key, ok: false as const, error }));
    }
    const ids = returnIds ? await lookupIds(http, table, rows.map((r) => r.key)).catch(() => new Map<string, string>()) : new Map<string, string>();
    return rows.map((r) => ({ key: r.key, ok: true as const, id: ids.get(r.key.toLowerCase()) ?? keyPath(table.entitySet, table.keyColumn, r.key) }));
  }

  async function writeChunk(table: TableTarget, rows: readonly RowInput[], mode: WriteMode): Promise<RowResult[]> {
    const tryMultiple = mode === 'upsertmultiple' || (mode === 'auto' && upsertMultipleSupport.get(table.entitySet) !== false);
    if (!tryMultiple) return writeBatch(http, table, rows, batchOptions);
    // UpsertMultiple names each row by its key; rows whose key a URL cannot carry go through $batch by derived id.
    const byId = rows.filter((r) => !addressableByKey(r.key));
    if (byId.length) {
      const keyed = rows.filter((r) => addressableByKey(r.key));
      const [a, b] = await Promise.all([keyed.length ? writeChunk(table, keyed, mode) : [], writeBatch(http, table, byId, batchOptions)]);
      const byKey = new Map([...a, ...b].map((r) => [r.key, r]));
      return rows.map((r) => byKey.get(r.key)!);
    }
    try {
      const results = await viaUpsertMultiple(table, rows);
      if (mode === 'auto') upsertMultipleSupport.set(table.entitySet, true);
      return results;
    } catch (e) {
      if (!(e instanceof UpsertMultipleNotSupported)) throw e;
      if (mode === 'upsertmultiple') {
        const error = { ...e.error.toRowError(), message: `${e.message}: ${e.error.message}` };
        return rows.map((r) => ({ key: r.key, ok: false as const, error }));
      }
      if (upsertMultipleSupport.get(table.entitySet) !== false) {
        options.logger?.info({ table: table.logicalName }, 'UpsertMultiple not available for this table; using $batch from now on');
      }
      upsertMultipleSupport.set(table.entitySet, false);
      return writeBatch(http, table, rows, batchOptions);
    }
  }

  async function writeRows(table: TableTarget, rows: readonly RowInput[], writeOptions: WriteOptions = {}): Promise<RowResult[]> {
    const mode = writeOptions.mode ?? table.writeMode ?? s.writeMode;
    const chunks: RowInput[][] = [];
    for (let i = 0; i < rows.length; i += batchSize) chunks.push(rows.slice(i, i + batchSize));
    if (!chunks.length) return [];
    const out: RowResult[][] = new Array(chunks.length);
    let start = 0;
    if (mode === 'auto' && !upsertMultipleSupport.has(table.entitySet)) {
      // Learn the table's capability on the first chunk before sending the rest in parallel.
      out[0] = await writeChunk(table, chunks[0]!, mode);
      start = 1;
    }
    // All chunks are started at once; the adaptive limiter decides how many are in flight.
    await Promise.all(chunks.slice(start).map(async (chunk, i) => {
      out[start + i] = await writeChunk(table, chunk, mode);
    }));
    return out.flat();
  }

  return {
    request: http.request,
    async getJson<T>(path: string) {
      const res = await http.request({ method: 'GET', path });
      return JSON.parse(res.text) as T;
    },
    upsertByKey: (entitySet, keyColumn, keyValue, body, upsertOptions) => upsertByKey(http, entitySet, keyColumn, keyValue, body, upsertOptions),
    writeRows,
    supportsUpsertMultiple: (entitySet) => upsertMultipleSupport.get(entitySet),
    get stats() {
      return http.stats;
    },
    get concurrency() {
      return limiter.state;
    },
  };
}
