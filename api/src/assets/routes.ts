/** Thin HTTP handlers for assets: read the validated request, call the service, shape the answer. */
import type { Request } from 'express';
import type { components } from '../generated/openapi.ts';
import { checkIfMatch, etagOf } from '../http/conditional.ts';
import type { AppDeps } from '../http/context.ts';
import { parseDateTime } from '../http/formats.ts';
import { runIdempotent, send } from '../http/idempotency.ts';
import { baseUrl, decodeSkipToken } from '../http/paging.ts';
import { pageSize, recordSize, renderPage, renderRecord, sendPage, sendRecord } from '../http/rendered.ts';
import { principalOf } from '../http/auth.ts';
import { queryOf, type Handlers } from '../http/router.ts';
import { notFound } from '../errors/index.ts';
import { loadMapping } from '../sync/mapping.ts';
import { dynamicsOwnedFields } from '../sync/ownership.ts';
import { assetJson, changeAsset, createAsset, refuseDynamicsOwned, removeAsset } from './service.ts';
import { getAsset, listAssets, listSites } from './store.ts';

function keyOf(req: Request): string {
  return String(req.params.codigo_interno);
}

export function assetHandlers(deps: AppDeps): Handlers {
  const { db } = deps;
  const changed = () => deps.events.emit('changes', 'assets');
  const owned = dynamicsOwnedFields(loadMapping(deps.config), 'assets');
  return {
    async ListAssets(req, res) {
      const q = queryOf(res);
      const filter = {
        after: decodeSkipToken(q.skiptoken),
        limit: Number(q.top ?? 100) + 1,
        changedSince: q.changedSince ? parseDateTime(String(q.changedSince)) : undefined,
        sitio: q.sitio as string | undefined,
        estadoOperativo: q.estado_operativo as string | undefined,
        categoria: q.categoria as string | undefined,
      };
      const page = await deps.cache.read('assets', `list:${JSON.stringify(filter)}`, async () => renderPage(await listAssets(db, filter), filter.limit - 1, assetJson, (a) => a.codigo_interno), pageSize);
      sendPage(req, res, page);
    },

    async GetAsset(req, res) {
      const key = keyOf(req);
      const found = await deps.cache.read('assets', `get:${key}`, async () => renderRecord(await getAsset(db, key), assetJson), recordSize);
      if (!found) throw notFound('asset', key);
      sendRecord(res, found);
    },

    async CreateAsset(req, res) {
      const body: components['schemas']['AssetCreate'] = req.body;
      await runIdempotent(db, req, res, `${principalOf(res).id}:CreateAsset`, async (tx) => {
        const row = await createAsset(tx, body, deps.now());
        return {
          status: 201,
          headers: { Location: `${baseUrl(req)}/assets/${encodeURIComponent(row.codigo_interno)}`, ETag: etagOf(row.version) },
          body: JSON.stringify(assetJson(row)),
        };
      });
      if (res.statusCode === 201) changed();
    },

    async UpdateAsset(req, res) {
      const patch: components['schemas']['AssetUpdate'] = req.body;
      // The sync itself (an app-only token holding the sync role) may write any column; people and
      // flows acting for them may not change what Dynamics owns.
      const isSync = principalOf(res).kind === 'app';
      const row = await db.transaction((tx) => changeAsset(tx, keyOf(req), patch, deps.now(), (cur) => {
        checkIfMatch(req, cur.version);
        if (!isSync) refuseDynamicsOwned(owned, patch, cur);
      }));
      changed();
      res.setHeader('ETag', etagOf(row.version)).json(assetJson(row));
    },

    async DeleteAsset(req, res) {
      await db.transaction((tx) => removeAsset(tx, keyOf(req), (cur) => checkIfMatch(req, cur.version)));
      changed();
      send(res, { status: 204 });
    },

    async ListSites(_req, res) {
      const sites = await listSites(db);
      res.json({ value: sites.map((s) => ({ code: s.sitio, name: `${s.sitio} (${s.n})`, assetCount: s.n })) });
    },
  };
}
