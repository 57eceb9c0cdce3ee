/**
 * The receiver for Dataverse webhooks (a service endpoint with a step on the purchase-order table).
 * Dataverse signs nothing: the shared key arrives as `?code=` (WebhookKey) or a header
 * (HttpHeader) and is compared in constant time. The body is a serialized RemoteExecutionContext:
 * lists of `{key, value}`, `__type`-annotated values, `/Date(ms)/` dates. Each request id is
 * handled once; a statuscode change goes through the same rules as SetPurchaseOrderStatus.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import type { Config } from '../config/index.ts';
import type { Queryable } from '../db/index.ts';
import { AppError, invalidField } from '../errors/index.ts';
import { applyStatusReport, type StatusResult } from './status-callback.ts';
import { statusColumnName, tableFor, type Mapping } from './mapping.ts';

export const KEY_HEADER = 'x-dataverse-webhook-key';

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/** 503 when no key is configured, 401 when the request's key is missing or wrong. */
export function checkWebhookKey(config: Config, req: Request, code: unknown): void {
  const expected = config.sync.dataverseWebhookKey;
  if (!expected) {
    throw new AppError('NOT_CONFIGURED', { detail: 'The Dataverse webhook receiver is off: set DATAVERSE_WEBHOOK_KEY to the key registered with the service endpoint.' });
  }
  const given = typeof code === 'string' && code ? code : req.get(KEY_HEADER);
  // Digests have equal length whatever was sent, so the comparison time says nothing about the key.
  if (!given || !timingSafeEqual(digest(given), digest(expected))) {
    throw new AppError('UNAUTHENTICATED', { detail: `A valid webhook key is required in ?code= or the ${KEY_HEADER} header.` });
  }
}

type Json = Record<string, unknown>;

function isObj(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A `[{key, value}]` list (Dataverse's DataCollection) as a map; tolerates a plain object too. */
export function pairs(v: unknown): Map<string, unknown> {
  if (Array.isArray(v)) {
    return new Map(v.filter((p) => isObj(p) && typeof p.key === 'string').map((p) => [(p as Json).key as string, (p as Json).value]));
  }
  return isObj(v) ? new Map(Object.entries(v)) : new Map();
}

/** `/Date(1722582039000)/` or `/Date(1722582039000+0000)/` (epoch ms), or an ISO string. */
export function parseWcfDate(v: unknown): Date | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/.exec(v);
  const d = m ? new Date(Number(m[1])) : /^\d{4}-\d{2}-\d{2}T/.test(v) ? new Date(v) : undefined;
  return d && !Number.isNaN(d.getTime()) ? d : undefined;
}

/** An OptionSetValue (`{"__type":"OptionSetValue:…","Value":2}`) or a bare integer. */
export function optionValue(v: unknown): number | undefined {
  const n = isObj(v) ? v.Value : v;
  return typeof n === 'number' && Number.isInteger(n) ? n : undefined;
}

function attributes(entity: unknown): Map<string, unknown> {
  return isObj(entity) ? pairs(entity.Attributes) : new Map();
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The purchase order whose recorded Dynamics row id (written back by acknowledgements) is the
 * row's id: a step registered without an image still identifies the record that way.
 */
async function keyByDynamicsId(tx: Queryable, ids: readonly unknown[]): Promise<string | undefined> {
  const id = ids.find((v): v is string => typeof v === 'string' && GUID.test(v));
  if (!id) return undefined;
  const r = await tx.query<{ numero_requisicion: string }>(
    'SELECT numero_requisicion FROM purchase_orders WHERE lower(dynamics_id) = $1 LIMIT 2', [id.toLowerCase()],
  );
  return r.rows.length === 1 ? r.rows[0]!.numero_requisicion : undefined;
}

export interface WebhookOutcome {
  status: number;
  body: { status: 'applied' | 'unchanged' | 'stale' | 'duplicate' | 'ignored'; reason?: string; requestId: string; purchaseOrder?: Record<string, unknown> };
}

export function requestIdOf(req: Request, body: Json): string {
  const id = req.get('x-request-id') ?? body.RequestId ?? body.OperationId;
  if (typeof id !== 'string' || id.length === 0 || id.length > 200) {
    throw invalidField('/header/x-request-id', 'required', 'is missing: neither the x-request-id header nor RequestId/OperationId in the body gives a request id');
  }
  return id;
}

/** Handles one RemoteExecutionContext inside a transaction; a repeated request id does nothing. */
export async function handleDataverseWebhook(tx: Queryable, mapping: Mapping, req: Request, body: Json, now: Date): Promise<WebhookOutcome> {
  const requestId = requestIdOf(req, body);
  const message = typeof body.MessageName === 'string' ? body.MessageName : req.get('x-ms-dynamics-request-name');
  const entityName = typeof body.PrimaryEntityName === 'string' ? body.PrimaryEntityName : req.get('x-ms-dynamics-entity-name');
  const inserted = await tx.query(
    `INSERT INTO dataverse_webhook_requests (request_id, message_name, entity_name, outcome, received_at)
     VALUES ($1, $2, $3, 'received', $4) ON CONFLICT (request_id) DO NOTHING RETURNING request_id`,
    [requestId, message ?? null, entityName ?? null, now],
  );
  if (inserted.rowCount === 0) return { status: 200, body: { status: 'duplicate', requestId, reason: 'this request id was already handled' } };
  const done = async (status: number, result: WebhookOutcome['body']): Promise<WebhookOutcome> => {
    await tx.query('UPDATE dataverse_webhook_requests SET outcome = $2 WHERE request_id = $1', [requestId, result.status]);
    return { status, body: result };
  };

  const table = tableFor(mapping, 'purchaseOrders');
  if (!message) throw invalidField('/body/MessageName', 'required', 'is missing (and no x-ms-dynamics-request-name header)');
  if (!entityName) throw invalidField('/body/PrimaryEntityName', 'required', 'is missing (and no x-ms-dynamics-entity-name header)');
  if (entityName !== table.logicalName || (message !== 'Update' && message !== 'Create')) {
    return done(202, { status: 'ignored', requestId, reason: `${message} of ${entityName} is not a purchase-order (${table.logicalName}) create or update` });
  }
  const input = pairs(body.InputParameters);
  const target = input.get('Target');
  if (!isObj(target)) {
    const stripped = req.get('x-ms-dynamics-msg-size-exceeded') ? ' (Dataverse removed it because the message was over 256 KB)' : '';
    throw invalidField('/body/InputParameters/Target', 'required', `is missing${stripped}`);
  }
  const statusCol = statusColumnName(mapping);
  const targetAttrs = attributes(target);
  if (!statusCol || !targetAttrs.has(statusCol)) {
    return done(202, { status: 'ignored', requestId, reason: `${statusCol ?? 'the status column'} did not change` });
  }
  const code = optionValue(targetAttrs.get(statusCol));
  if (code === undefined) throw invalidField(`/body/InputParameters/Target/Attributes/${statusCol}`, 'type', 'must be an OptionSetValue with an integer Value');

  const postImages = [...pairs(body.PostEntityImages).values()].map(attributes);
  const preImages = [...pairs(body.PreEntityImages).values()].map(attributes);
  const sources = [targetAttrs, ...postImages, ...preImages, pairs(target.KeyAttributes)];
  const key = sources.map((s) => s.get(table.keyColumn)).find((v) => typeof v === 'string' && v.length > 0) as string | undefined
    ?? await keyByDynamicsId(tx, [target.Id, body.PrimaryEntityId]);
  if (!key) {
    throw invalidField(`/body/InputParameters/Target/Attributes/${table.keyColumn}`, 'required',
      `is missing: the purchase order's key column ${table.keyColumn} is in neither the Target, the PostEntityImages, the PreEntityImages nor the KeyAttributes, and no purchase order has the row id as its Dynamics id (add the column to an image of the step)`);
  }
  // A pre-image holds the row as it was before this change, so its modifiedon is not this change's time.
  const modifiedon = [targetAttrs, ...postImages].map((s) => parseWcfDate(s.get('modifiedon'))).find((d) => d !== undefined) ?? parseWcfDate(body.OperationCreatedOn);

  const where = `/body/InputParameters/Target/Attributes/${statusCol}`;
  const result: StatusResult = await applyStatusReport(tx, mapping, key, { statuscode: code, modifiedon }, now, { estado: where, statuscode: where });
  return done(200, { status: result.applied ? 'applied' : result.reason ?? 'unchanged', requestId, purchaseOrder: result.purchaseOrder });
}
