/** Thin HTTP handlers for purchase requisitions. */
import type { Request } from 'express';
import { notFound } from '../errors/index.ts';
import type { components } from '../generated/openapi.ts';
import { principalOf } from '../http/auth.ts';
import { checkIfMatch, etagOf } from '../http/conditional.ts';
import type { AppDeps } from '../http/context.ts';
import { parseDateTime } from '../http/formats.ts';
import { runIdempotent } from '../http/idempotency.ts';
import { baseUrl, decodeSkipToken } from '../http/paging.ts';
import { pageSize, recordSize, renderPage, renderRecord, sendPage, sendRecord } from '../http/rendered.ts';
import { queryOf, type Handlers } from '../http/router.ts';
import { changePurchaseOrder, createPurchaseOrder, purchaseOrderJson } from './service.ts';
import { getPurchaseOrder, listPurchaseOrders } from './store.ts';

function keyOf(req: Request): string {
  return String(req.params.numero_requisicion);
}

export function purchaseOrderHandlers(deps: AppDeps): Handlers {
  const { db } = deps;
  const changed = () => deps.events.emit('changes', 'purchaseOrders');
  return {
    async ListPurchaseOrders(req, res) {
      const q = queryOf(res);
      const filter = {
        after: decodeSkipToken(q.skiptoken),
        limit: Number(q.top ?? 100) + 1,
        changedSince: q.changedSince ? parseDateTime(String(q.changedSince)) : undefined,
        estado: q.estado as string | undefined,
        sitio: q.sitio as string | undefined,
      };
      const page = await deps.cache.read('purchaseOrders', `list:${JSON.stringify(filter)}`, async () => renderPage(await listPurchaseOrders(db, filter), filter.limit - 1, purchaseOrderJson, (p) => p.numero_requisicion), pageSize);
      sendPage(req, res, page);
    },

    async GetPurchaseOrder(req, res) {
      const key = keyOf(req);
      const found = await deps.cache.read('purchaseOrders', `get:${key}`, async () => renderRecord(await getPurchaseOrder(db, key), purchaseOrderJson), recordSize);
      if (!found) throw notFound('purchase order', key);
      sendRecord(res, found);
    },

    async CreatePurchaseOrder(req, res) {
      const body: components['schemas']['PurchaseOrderCreate'] = req.body;
      await runIdempotent(db, req, res, `${principalOf(res).id}:CreatePurchaseOrder`, async (tx) => {
        const row = await createPurchaseOrder(tx, body, deps.now());
        return {
          status: 201,
          headers: { Location: `${baseUrl(req)}/purchase-orders/${encodeURIComponent(row.numero_requisicion)}`, ETag: etagOf(row.version) },
          body: JSON.stringify(purchaseOrderJson(row)),
        };
      });
      if (res.statusCode === 201) changed();
    },

    async UpdatePurchaseOrder(req, res) {
      const { row, changed: fields } = await db.transaction((tx) =>
        changePurchaseOrder(tx, keyOf(req), req.body as components['schemas']['PurchaseOrderUpdate'], deps.now(), { check: (cur) => checkIfMatch(req, cur.version) }),
      );
      if (fields.length) changed();
      res.setHeader('ETag', etagOf(row.version)).json(purchaseOrderJson(row));
    },
  };
}
