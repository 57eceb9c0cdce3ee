/**
 * Change-feed throughput: fills the change log with N asset changes (set-based SQL, so the fill is
 * not what is measured), then reads and acknowledges everything through the service functions the
 * GetAssetChanges / AcknowledgeChanges handlers use, one page of `pageSize` at a time, with an ok
 * result per record (the Dynamics row id written back, as a flow does). Reports items/s and the
 * peak resident memory sampled during the run. Run this file directly to print the figures.
 */
import { loadConfig } from '../../api/src/config/index.ts';
import { openDb } from '../../api/src/db/index.ts';
import { migrate } from '../../api/src/db/migrate.ts';
import { fillAssetChanges } from './fill.ts';
import { acknowledge } from '../../api/src/sync/acknowledge.ts';
import { readFeed } from '../../api/src/sync/feed.ts';
import { loadMapping } from '../../api/src/sync/mapping.ts';

export interface FeedBenchOptions {
  changes?: number;
  pageSize?: number;
  /** PostgreSQL connection string; PGlite in memory when absent. */
  databaseUrl?: string | undefined;
}

export interface FeedBenchResult {
  changes: number;
  items: number;
  pages: number;
  pageSize: number;
  fillSeconds: number;
  seconds: number;
  itemsPerSecond: number;
  peakRssMb: number;
  /** RSS before the run, the memory baseline. */
  startRssMb: number;
  /** Baseline in the same run: the bare SQL a feed needs (page the log joined to the records, set the ids). */
  rawItemsPerSecond: number;
  database: 'pglite' | 'postgres';
}

/** Reads every change page by page with one join and marks the page synced with one UPDATE. */
async function rawPass(db: Awaited<ReturnType<typeof openDb>>, pageSize: number): Promise<number> {
  let after = 0;
  let rows = 0;
  for (;;) {
    const page = await db.query<{ seq: number; codigo_interno: string }>(
      `SELECT c.seq, a.* FROM change_log c JOIN assets a ON a.codigo_interno = c.record_key
       WHERE c.entity = 'assets' AND c.seq > $1 ORDER BY c.seq LIMIT $2`,
      [after, pageSize],
    );
    if (page.rows.length === 0) return rows;
    JSON.stringify(page.rows);
    await db.query('UPDATE assets SET dynamics_sync_error = NULL WHERE codigo_interno = ANY($1)', [page.rows.map((r) => r.codigo_interno)]);
    rows += page.rows.length;
    after = page.rows[page.rows.length - 1]!.seq;
  }
}

export async function runFeedBench(options: FeedBenchOptions = {}): Promise<FeedBenchResult> {
  const changes = options.changes ?? 100_000;
  const pageSize = options.pageSize ?? 1000;
  const db = await openDb({ url: options.databaseUrl, dataDir: 'memory://' });
  try {
    await migrate(db);
    const mapping = loadMapping(loadConfig({ LOG_LEVEL: 'silent' }));
    const fillSeconds = await fillAssetChanges(db, 'BENCH-', changes, 'seed');

    const startRss = process.memoryUsage().rss;
    const rawStart = performance.now();
    const rawRows = await rawPass(db, pageSize);
    const rawItemsPerSecond = rawRows / ((performance.now() - rawStart) / 1000);

    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const started = performance.now();
    let items = 0;
    let pages = 0;
    try {
      for (;;) {
        const page = await db.transaction((tx) => readFeed(tx, mapping, 'bench', 'assets', pageSize, new Date()));
        // Serialising is part of serving a page; do it so its cost is counted.
        JSON.stringify(page);
        const results = page.items.map((i) => ({ key: i.key, ok: true, dynamicsId: `00000000-0000-0000-0000-${String(i.seq).padStart(12, '0')}` }));
        // As the AcknowledgeChanges handler calls it for a flow.
        await db.transaction((tx) => acknowledge(tx, { consumer: 'bench', entity: 'assets', cursor: page.cursor, results }, 5, new Date(), { unreportedWritten: true }));
        items += page.items.length;
        pages++;
        peak = Math.max(peak, process.memoryUsage().rss);
        if (!page.hasMore) break;
      }
    } finally {
      clearInterval(sampler);
    }
    const seconds = (performance.now() - started) / 1000;
    const synced = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM assets WHERE dynamics_id IS NOT NULL');
    if (Number(synced.rows[0]!.n) !== changes || items !== changes) {
      throw new Error(`feed bench lost records: ${items} items read, ${synced.rows[0]!.n} acknowledged of ${changes}`);
    }
    return {
      changes, items, pages, pageSize, fillSeconds, seconds,
      itemsPerSecond: items / seconds,
      peakRssMb: peak / 1_048_576,
      startRssMb: startRss / 1_048_576,
      rawItemsPerSecond,
      database: db.kind,
    };
  } finally {
    await db.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const changes = Number(process.argv[2] ?? 100_000);
  const r = await runFeedBench({ changes });
  console.log(`change feed (${r.database}): ${r.items} items in ${r.pages} pages of ${r.pageSize}, ${r.seconds.toFixed(2)} s, ` +
    `${Math.round(r.itemsPerSecond)} items/s read and acknowledged, peak RSS ${Math.round(r.peakRssMb)} MB (fill ${r.fillSeconds.toFixed(2)} s)`);
}
