/**
 * GetAsset and ListAssets (100 per page over 10 000 assets) against a bare Express handler that
 * returns the same JSON, both served from this process on loopback and driven by the same client.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { pino } from 'pino';
import { createApp } from '../../api/src/app.ts';
import { loadConfig } from '../../api/src/config/index.ts';
import { openDb } from '../../api/src/db/index.ts';
import { migrate } from '../../api/src/db/migrate.ts';
import { createReadCache } from '../../api/src/db/read-cache.ts';
import { load, type LoadResult } from './load.ts';

function listen(app: express.Express): Promise<{ server: Server; url: string }> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
  });
}

export interface ApiBenchRow {
  name: string;
  api: LoadResult;
  bare: LoadResult;
  ratio: number;
  target: number;
}

/**
 * With `cache: false` every request reads the database: the figure for a PostgreSQL server
 * deployment (where the read cache is off) and a measure of what the cache saves.
 */
export async function runApiBench(options: { assets?: number; requests?: number; connections?: number; cache?: boolean } = {}): Promise<ApiBenchRow[]> {
  const assets = options.assets ?? 10_000;
  const requests = options.requests ?? 4_000;
  const connections = options.connections ?? 16;
  const db = await openDb({ dataDir: 'memory://' });
  await migrate(db);
  await db.transaction(async (tx) => {
    for (let i = 0; i < assets; i += 1000) {
      const n = Math.min(1000, assets - i);
      await tx.query(
        `INSERT INTO assets (codigo_interno, nombre, numero_de_serie, valor_adquisicion, valor_libros, fecha_adquisicion, sitio, categoria)
         SELECT 'A-' || lpad(g::text, 6, '0'), 'Turbina ' || g, 'SN' || g, 1000000.1234 + g, 500000.5 + g, now(), 'PE-VIENTOS', 'turbina'
         FROM generate_series($1::int, $2::int) AS g`,
        [i, i + n - 1],
      );
    }
  });
  const config = loadConfig({ LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '0' });
  const { app } = createApp({ config, db, logger: pino({ level: 'silent' }), ...(options.cache === false ? {} : { cache: await createReadCache(db) }) });
  const api = await listen(app);

  // The baseline answers the very bytes the API answers, from memory.
  const key = (i: number) => `A-${String(i).padStart(6, '0')}`;
  const assetBodies = new Map<string, string>();
  for (let i = 0; i < 200; i++) assetBodies.set(key(i * 50), await (await fetch(`${api.url}/assets/${key(i * 50)}`)).text());
  const pageBody = await (await fetch(`${api.url}/assets?top=100`)).text();
  const bare = express();
  bare.get('/assets/:id', (req, res) => {
    res.type('application/json').send(assetBodies.get(req.params.id) ?? '{}');
  });
  bare.get('/assets', (_req, res) => {
    res.type('application/json').send(pageBody);
  });
  const base = await listen(bare);

  let n = 0;
  const getPath = () => `/assets/${key((n++ % 200) * 50)}`;
  const pages = Array.from({ length: 100 }, (_, i) => `/assets?top=100&skiptoken=${Buffer.from(JSON.stringify({ k: key(i * 99) })).toString('base64url')}`);
  const listPath = () => pages[n++ % pages.length]!;

  const rows: ApiBenchRow[] = [];
  for (const [name, path, reqs, target] of [['GetAsset', getPath, requests, 0.5], ['ListAssets (100 per page, 10 000 assets)', listPath, Math.ceil(requests / 4), 0.3]] as const) {
    await load(base.url, { requests: 200, connections, path }); // warm-up
    await load(api.url, { requests: 200, connections, path });
    const b = await load(base.url, { requests: reqs, connections, path });
    const a = await load(api.url, { requests: reqs, connections, path });
    rows.push({ name, api: a, bare: b, ratio: a.rps / b.rps, target });
  }
  api.server.close();
  base.server.close();
  api.server.closeAllConnections();
  base.server.closeAllConnections();
  await db.close();
  return rows;
}
