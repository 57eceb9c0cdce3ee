/**
 * Webhook trigger handlers: subscribe (201 + Location of the DELETE), unsubscribe, and the
 * operator's view of the outbox (list deliveries, redeliver a dead one).
 */
import type { Request, Response } from 'express';
import { principalOf } from '../http/auth.ts';
import type { AppDeps } from '../http/context.ts';
import { baseUrl, decodeSkipToken, nextLink } from '../http/paging.ts';
import { queryOf, type Handlers } from '../http/router.ts';
import { AppError, invalidField } from '../errors/index.ts';
import { checkCallbackUrl } from './callback-url.ts';
import { deliveryJson, getDelivery, listDeliveries, redeliver } from './outbox.ts';
import { callbackHost, createSubscription, deleteSubscription, type SubscriptionKind, type SubscriptionRow } from './subscriptions.ts';

function subscriptionJson(row: SubscriptionRow): Record<string, unknown> {
  return {
    id: row.id,
    entity: row.entity,
    events: row.events,
    sitio: row.sitio,
    estado: row.estado,
    callbackHost: callbackHost(row.callback_url),
    created_at: row.created_at.toISOString(),
  };
}

export function webhookHandlers(deps: AppDeps): Handlers {
  const subscribe = (kind: SubscriptionKind) => async (req: Request, res: Response) => {
    const body = req.body as { callbackUrl: string; events?: string; sitio?: string; estado?: string };
    await checkCallbackUrl(body.callbackUrl, deps.config.webhooks);
    const events = kind === 'purchaseOrderStatus' || !body.events || body.events === 'all' ? ['upsert', 'delete'] : [body.events];
    const row = await createSubscription(deps.db, {
      kind,
      callbackUrl: body.callbackUrl,
      events: kind === 'purchaseOrderStatus' ? ['upsert'] : events,
      sitio: body.sitio ?? null,
      estado: kind === 'purchaseOrderStatus' ? (body.estado ?? null) : null,
      createdBy: principalOf(res).id,
    }, deps.now());
    deps.logger.info({ subscriptionId: row.id, kind, host: callbackHost(row.callback_url) }, 'webhook subscription created');
    // The secret goes out in this one answer only; it is never listed nor logged.
    res.status(201).setHeader('Location', `${baseUrl(req)}/webhooks/${encodeURIComponent(row.id)}`);
    res.json({ ...subscriptionJson(row), secret: row.secret });
  };

  return {
    SubscribeAssetChanges: subscribe('assetChanges'),
    SubscribePurchaseOrderStatusChanges: subscribe('purchaseOrderStatus'),

    async DeleteWebhookSubscription(req, res) {
      const id = String(req.params.subscriptionId);
      if (!(await deleteSubscription(deps.db, id))) {
        throw new AppError('NOT_FOUND', { detail: `No webhook subscription has the id "${id}".` });
      }
      deps.logger.info({ subscriptionId: id }, 'webhook subscription deleted');
      res.status(204).end();
    },

    async ListWebhookDeliveries(req, res) {
      const q = queryOf(res);
      const top = Number(q.top ?? 100);
      const after = decodeSkipToken(q.skiptoken);
      if (after !== undefined && !/^\d+$/.test(after)) throw invalidField('/query/skiptoken', 'format', 'is not a skip token this API issued');
      const rows = await listDeliveries(deps.db, {
        status: q.status as string | undefined,
        subscriptionId: q.subscriptionId as string | undefined,
        beforeId: after === undefined ? undefined : Number(after),
        limit: top + 1,
      });
      const page = rows.slice(0, top);
      const body: Record<string, unknown> = { value: page.map(deliveryJson) };
      if (rows.length > top) body.nextLink = nextLink(req, String(page[page.length - 1]!.id));
      res.json(body);
    },

    async RedeliverWebhookDelivery(req, res) {
      const id = Number(req.params.deliveryId);
      const current = await getDelivery(deps.db, id);
      if (!current) throw new AppError('NOT_FOUND', { detail: `No webhook delivery has the id ${id}.` });
      if (current.status !== 'dead') {
        throw new AppError('CONFLICT', { detail: `Delivery ${id} is ${current.status}; only dead deliveries can be redelivered.` });
      }
      const row = await redeliver(deps.db, id, deps.now(), deps.config.webhooks.maxAgeHours);
      if (!row) throw new AppError('CONFLICT', { detail: `Delivery ${id} changed meanwhile; list it again.` });
      res.json(deliveryJson(row));
    },
  };
}
