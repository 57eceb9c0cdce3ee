/**
 * The receiver for Dataverse webhooks (service endpoints with steps on the purchase-order table and,
 * when the mapping gives Dynamics asset columns, on the asset table).
 * Dataverse signs nothing: the shared key arrives as `?code=` (WebhookKey) or a header
 * (HttpHeader) and is compared in constant time. The body is a serialized RemoteExecutionContext:
 * lists of `{key, value}`, `__type`-annotated values, `/Date(ms)/` dates. Each request id is
 * handled once; a statuscode change goes through the same rules as SetPurchaseOrderStatus, an asset
 * change through those of ApplyAssetChangesFromDynamics.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import type { Config } from '../config/index.ts';
import type { Queryable } from '../db/index.ts';
import { AppError, invalidField } from '../errors/index.ts';
import { applyStatusReport, type StatusResult } from './status-callback.ts';
import { numberText, parseJsonExact } from '../http/json.ts';
import { applyAssetChangeFromDynamics } from './inbound-assets.ts';
import { statusColumnName, tableFor, type Mapping } from './mapping.ts';
import { inboundColumns } from './ownership.ts';

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
async function keyByDynamicsId(tx: Queryable, entity: 'assets' | 'purchaseOrders', ids: readonly unknown[]): Promise<string | undefined> {
  const id = ids.find((v): v is string => typeof v === 'string' && GUID.test(v));
  if (!id) return undefined;
  const [table, key] = entity === 'assets' ? ['assets', 'codigo_interno'] : ['purchase_orders', 'numero_requisicion'];
  const r = await tx.query<{ k: string }>(`SELECT ${key} AS k FROM ${table} WHERE lower(dynamics_id) = $1 LIMIT 2`, [id.toLowerCase()]);
  return r.rows.length === 1 ? r.rows[0]!.k : undefined;
}

function targetOf(req: Request, body: Json): Json {
  const target = pairs(body.InputParameters).get('Target');
  if (!isObj(target)) {
    const stripped = req.get('x-ms-dynamics-msg-size-exceeded') ? ' (Dataverse removed it because the message was over 256 KB)' : '';
    throw invalidField('/body/InputParameters/Target', 'required', `is missing${stripped}`);
  }
  return target;
}

const WHAT = { assets: 'asset', purchaseOrders: 'purchase order' } as const;

/**
 * The CMMS key of the changed row and the change's time. The key comes from the Target, the images
 * or the KeyAttributes, else from the row id recorded by acknowledgements. A pre-image holds the row
 * as it was before this change, so its modifiedon is not this change's time.
 */
async function rowOf(
  tx: Queryable, entity: 'assets' | 'purchaseOrders', keyColumn: string, body: Json, target: Json, targetAttrs: Map<string, unknown>,
): Promise<{ key: string; modifiedon: Date | undefined }> {
  const postImages = [...pairs(body.PostEntityImages).values()].map(attributes);
  const preImages = [...pairs(body.PreEntityImages).values()].map(attributes);
  const sources = [targetAttrs, ...postImages, ...preImages, pairs(target.KeyAttributes)];
  const key = sources.map((s) => s.get(keyColumn)).find((v) => typeof v === 'string' && v.length > 0) as string | undefined
    ?? await keyByDynamicsId(tx, entity, [target.Id, body.PrimaryEntityId]);
  if (!key) {
    throw invalidField(`/body/InputParameters/Target/Attributes/${keyColumn}`, 'required',
      `is missing: the ${WHAT[entity]}'s key column ${keyColumn} is in neither the Target, the PostEntityImages, the PreEntityImages nor the KeyAttributes, and no ${WHAT[entity]} has the row id as its Dynamics id (add the column to an image of the step)`);
  }
  const modifiedon = [targetAttrs, ...postImages].map((s) => parseWcfDate(s.get('modifiedon'))).find((d) => d !== undefined) ?? parseWcfDate(body.OperationCreatedOn);
  return { key, modifiedon };
}

/**
 * A Dataverse value as plain JSON text: Money and other `{Value}` wrappers unwrapped keeping the
 * digits Dataverse sent, `/Date(ms)/` as ISO 8601.
 */
function plainJson(v: unknown, holder: Json, name: string): string {
  if (isObj(v) && 'Value' in v) return plainJson(v.Value, v, 'Value');
  if (typeof v === 'number') return numberText(holder, name);
  const date = typeof v === 'string' && v.startsWith('/Date(') ? parseWcfDate(v) : undefined;
  return JSON.stringify(date ? date.toISOString() : v ?? null);
}

/**
 * An asset row changed in Dynamics: the columns Dynamics owns that the Target (or, failing that, the
 * post-image) carries are applied; columns the CMMS owns are not taken from Dynamics and are left out.
 */
async function handleAssetChange(tx: Queryable, mapping: Mapping, req: Request, body: Json, now: Date): Promise<{ status: number; body: Omit<WebhookOutcome['body'], 'requestId'> }> {
  const table = tableFor(mapping, 'assets');
  const target = targetOf(req, body);
  const targetAttrs = attributes(target);
  const { key, modifiedon } = await rowOf(tx, 'assets', table.keyColumn, body, target, targetAttrs);
  const owned = inboundColumns(mapping, 'assets').filter((c) => targetAttrs.has(c.column));
  if (owned.length === 0) return { status: 202, body: { status: 'ignored', reason: `no column Dynamics owns changed on ${table.logicalName}` } };
  // Re-read each value where the parsed body holds it, so a Money amount keeps the digits Dataverse sent.
  const text = owned.map((c) => {
    const at = whereHeld(target, c.column)!;
    return `${JSON.stringify(c.column)}:${plainJson(at.holder[at.name], at.holder, at.name)}`;
  }).join(',');
  const values = parseJsonExact(`{${text}}`) as Record<string, unknown>;
  const result = await applyAssetChangeFromDynamics(tx, mapping, { key, modifiedon, values }, now, {
    key: `/body/InputParameters/Target/Attributes/${table.keyColumn}`, values: '/body/InputParameters/Target/Attributes',
  });
  return { status: 200, body: { status: result.status, asset: result.asset } };
}

/** The parsed object and member holding an entity's attribute (a `{key, value}` pair or a plain object). */
function whereHeld(entity: unknown, name: string): { holder: Json; name: string } | undefined {
  const list = isObj(entity) ? entity.Attributes : undefined;
  if (Array.isArray(list)) {
    const pair = list.find((p) => isObj(p) && p.key === name) as Json | undefined;
    return pair ? { holder: pair, name: 'value' } : undefined;
  }
  return isObj(list) && name in list ? { holder: list, name } : undefined;
}

export interface WebhookOutcome {
  status: number;
  body: { status: 'applied' | 'unchanged' | 'stale' | 'duplicate' | 'ignored'; reason?: string; requestId: string; purchaseOrder?: Record<string, unknown>; asset?: Record<string, unknown> };
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

  if (!message) throw invalidField('/body/MessageName', 'required', 'is missing (and no x-ms-dynamics-request-name header)');
  if (!entityName) throw invalidField('/body/PrimaryEntityName', 'required', 'is missing (and no x-ms-dynamics-entity-name header)');
  const assetTable = tableFor(mapping, 'assets');
  const isWrite = message === 'Update' || message === 'Create';
  if (isWrite && entityName === assetTable.logicalName) {
    const outcome = await handleAssetChange(tx, mapping, req, body, now);
    return done(outcome.status, { ...outcome.body, requestId });
  }
  const table = tableFor(mapping, 'purchaseOrders');
  if (entityName !== table.logicalName || !isWrite) {
    return done(202, { status: 'ignored', requestId, reason: `${message} of ${entityName} is not a purchase-order (${table.logicalName}) or asset (${assetTable.logicalName}) create or update` });
  }
  const target = targetOf(req, body);
  const statusCol = statusColumnName(mapping);
  const targetAttrs = attributes(target);
  if (!statusCol || !targetAttrs.has(statusCol)) {
    return done(202, { status: 'ignored', requestId, reason: `${statusCol ?? 'the status column'} did not change` });
  }
  const code = optionValue(targetAttrs.get(statusCol));
  if (code === undefined) throw invalidField(`/body/InputParameters/Target/Attributes/${statusCol}`, 'type', 'must be an OptionSetValue with an integer Value');

  const { key, modifiedon } = await rowOf(tx, 'purchaseOrders', table.keyColumn, body, target, targetAttrs);

  const where = `/body/InputParameters/Target/Attributes/${statusCol}`;
  const result: StatusResult = await applyStatusReport(tx, mapping, key, { statuscode: code, modifiedon }, now, { estado: where, statuscode: where });
  return done(200, { status: result.applied ? 'applied' : result.reason ?? 'unchanged', requestId, purchaseOrder: result.purchaseOrder });
}
