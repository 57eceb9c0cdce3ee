/** Thin HTTP handlers for purchase requisitions. */
import type { Request } from 'express';
import { notFound } from '../assets/service.ts';
import type { components } from '../generated/openapi.ts';
import { principalOf } from '../http/auth.ts';
import { checkIfMatch, etagOf } from '../http/conditional.ts';
import type { AppDeps } from '../http/context.ts';
import { parseDateTime } from '../http/formats.ts';
import { runIdempotent } from '../http/idempotency.ts';
import { baseUrl, decodeSkipToken, nextLink } from '../http/paging.ts';
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
      const top = Number(q.top ?? 100);
      const rows = await listPurchaseOrders(db, {
        after: decodeSkipToken(q.skiptoken),
        limit: top + 1,
        changedSince: q.changedSince ? parseDateTime(String(q.changedSince)) : undefined,
        estado: q.estado as string | undefined,
        sitio: q.sitio as string | undefined,
      });
      const page = rows.slice(0, top);
      const body: Record<string, unknown> = { value: page.map(purchaseOrderJson) };
      if (rows.length > top) body.nextLink = nextLink(req, page[page.length - 1]!.numero_requisicion);
      res.json(body);
    },

    async GetPurchaseOrder(req, res) {
      const row = await getPurchaseOrder(db, keyOf(req));
      if (!row) throw notFound('purchase order', keyOf(req));
      res.setHeader('ETag', etagOf(row.version)).json(purchaseOrderJson(row));
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
