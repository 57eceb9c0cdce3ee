/** Thin HTTP handlers for the change feeds, acknowledgements, failures, polling triggers and status call-backs. */
import type { Request, Response } from 'express';
import type { AppDeps } from '../http/context.ts';
import { parseDateTime } from '../http/formats.ts';
import { baseUrl } from '../http/paging.ts';
import { queryOf, type Handlers } from '../http/router.ts';
import { STATUSES, STATUS_NAMES } from '../purchase-orders/status.ts';
import { acknowledge, failureJson, listFailures, retryFailure, type AckInput } from './acknowledge.ts';
import type { Entity } from './change-log.ts';
import { checkWebhookKey, handleDataverseWebhook } from './dataverse-webhook.ts';
import { applyAssetChangeFromDynamics } from './inbound-assets.ts';
import { changesAfter, decodePollState, encodePollState, headSeq, readFeed } from './feed.ts';
import { loadMapping, statusToDynamics } from './mapping.ts';
import { applyStatusReport } from './status-callback.ts';

export function syncHandlers(deps: AppDeps): Handlers {
  const { db, config } = deps;
  // Loaded (and validated) when the app is built, so a bad mapping stops the start.
  const mapping = loadMapping(config);

  const feed = (entity: Entity) => async (_req: Request, res: Response) => {
    const q = queryOf(res);
    const limit = Number(q.limit ?? config.sync.feedPageSize);
    const page = await db.transaction((tx) => readFeed(tx, mapping, String(q.consumer), entity, limit, deps.now()));
    res.json(page);
  };

  /** Power Automate's polling contract: 202 + Location(state) + Retry-After, or 200 with the new changes. */
  const poll = (entity: Entity) => async (req: Request, res: Response) => {
    const state = queryOf(res).state as string | undefined;
    const location = (seq: number) => {
      const url = new URL(req.originalUrl, baseUrl(req));
      url.searchParams.set('state', encodePollState(entity, seq));
      return url.toString();
    };
    const wait = String(config.sync.pollRetryAfterSeconds);
    if (!state) {
      res.status(202).set({ Location: location(await headSeq(db, entity)), 'Retry-After': wait }).end();
      return;
    }
    const after = decodePollState(state, entity);
    const window = await changesAfter(db, mapping, entity, after, config.sync.feedPageSize);
    res.set({ Location: location(window.uptoSeq), 'Retry-After': window.hasMore ? '0' : wait });
    if (window.items.length === 0) res.status(202).end();
    else res.status(200).json(window.items);
  };

  return {
    GetAssetChanges: feed('assets'),
    GetPurchaseOrderChanges: feed('purchaseOrders'),
    PollAssetChanges: poll('assets'),
    PollPurchaseOrderChanges: poll('purchaseOrders'),

    async AcknowledgeChanges(req, res) {
      const body = req.body as AckInput;
      const outcome = await db.transaction((tx) => acknowledge(tx, body, config.sync.maxAttempts, deps.now(), { unreportedWritten: true }));
      res.json(outcome);
    },

    async ListSyncFailures(_req, res) {
      const q = queryOf(res);
      const rows = await listFailures(db, {
        entity: q.entity as Entity | undefined,
        consumer: q.consumer as string | undefined,
        parked: q.parked as boolean | undefined,
        limit: Number(q.limit ?? 100),
      });
      res.json({ value: rows.map(failureJson) });
    },

    async RetrySyncFailure(req, res) {
      const row = await retryFailure(db, String(req.params.failureId));
      res.json(failureJson(row));
    },

    async SetPurchaseOrderStatus(req, res) {
      const body = req.body as { estado?: string; statuscode?: number; modifiedon?: string };
      const report = {
        estado: body.estado,
        statuscode: body.statuscode,
        modifiedon: body.modifiedon ? parseDateTime(body.modifiedon) : undefined,
      };
      const result = await db.transaction((tx) => applyStatusReport(tx, mapping, String(req.params.numero_requisicion), report, deps.now()));
      if (result.applied) deps.events.emit('changes', 'purchaseOrders');
      res.json(result);
    },

    async ApplyAssetChangesFromDynamics(req, res) {
      const body = req.body as { modifiedon: string; values: Record<string, unknown> };
      const change = { key: String(req.params.codigo_interno), modifiedon: parseDateTime(body.modifiedon), values: body.values };
      const result = await db.transaction((tx) => applyAssetChangeFromDynamics(tx, mapping, change, deps.now(), { key: '/path/codigo_interno', values: '/body/values' }));
      if (result.status === 'applied') deps.events.emit('changes', 'assets');
      res.json(result);
    },

    async ListPurchaseOrderStatuses(_req, res) {
      res.json({
        value: STATUSES.map((estado) => {
          const statuscode = statusToDynamics(mapping, estado);
          return { estado, name: STATUS_NAMES[estado], ...(statuscode !== undefined ? { statuscode } : {}) };
        }),
      });
    },

    async ReceiveDataverseWebhook(req, res) {
      checkWebhookKey(config, req, queryOf(res).code);
      const outcome = await db.transaction((tx) => handleDataverseWebhook(tx, mapping, req, req.body as Record<string, unknown>, deps.now()));
      if (outcome.body.status === 'applied') deps.events.emit('changes', 'purchaseOrders');
      res.status(outcome.status).json(outcome.body);
    },
  };
}
