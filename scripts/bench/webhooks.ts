/**
 * Webhook fan-out: `subscriptions` asset subscriptions to one local receiver (node:http on
 * 127.0.0.1), `changes` asset changes written set-based (the fill is not what is measured), then
 * the real webhook worker dispatches and delivers every event (signed, through fetch, with the
 * outbox bookkeeping) until the receiver has them all. Reports deliveries/s and the peak resident
 * memory sampled during the run. Run this file directly to print the figures.
 */
import { EventEmitter } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { loadConfig } from '../../api/src/config/index.ts';
import { openDb } from '../../api/src/db/index.ts';
import { passThroughCache } from '../../api/src/db/read-cache.ts';
import { migrate } from '../../api/src/db/migrate.ts';
import { fillAssetChanges } from './fill.ts';
import type { AppDeps } from '../../api/src/http/context.ts';
import { createSubscription } from '../../api/src/webhooks/subscriptions.ts';
import { startWebhookWorker } from '../../api/src/webhooks/worker.ts';

export interface WebhookBenchOptions {
  subscriptions?: number;
  changes?: number;
  concurrency?: number;
  /** PostgreSQL connection string; PGlite in memory when absent. */
  databaseUrl?: string | undefined;
  /** Give up after this long (a stuck run must not hang `npm run bench`). */
  timeoutMs?: number;
}

export interface WebhookBenchResult {
  subscriptions: number;
  changes: number;
  deliveries: number;
  concurrency: number;
  fillSeconds: number;
  seconds: number;
  deliveriesPerSecond: number;
  peakRssMb: number;
  /** Resident memory once the database was open and filled, before the run: the run's own share is the difference. */
  startRssMb: number;
  database: 'pglite' | 'postgres';
  /** Baseline in the same run: the same number of POSTs of a delivery's size straight to the receiver. */
  bareDeliveriesPerSecond: number;
}

/** `count` POSTs of `body` to `url` with `concurrency` in flight: what fan-out costs without an outbox. */
async function barePosts(url: string, body: string, count: number, concurrency: number): Promise<number> {
  let sent = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (sent < count) {
      sent++;
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-cmms-event-id': `bare-${sent}` }, body });
      await res.arrayBuffer();
    }
  }));
  return count / ((performance.now() - started) / 1000);
}

export async function runWebhookBench(options: WebhookBenchOptions = {}): Promise<WebhookBenchResult> {
  const subscriptions = options.subscriptions ?? 10;
  const changes = options.changes ?? 1000;
  const expected = subscriptions * changes;
  const received = new Set<string>();
  let sample = '';
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (!sample) sample = Buffer.concat(chunks).toString('utf8');
      received.add(String(req.headers['x-cmms-event-id']));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const db = await openDb({ url: options.databaseUrl, dataDir: 'memory://' });
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    WEBHOOK_CONCURRENCY: String(options.concurrency ?? 16),
  });
  const deps: AppDeps = { config, db, logger: pino({ level: 'silent' }), now: () => new Date(), fetch: globalThis.fetch, events: new EventEmitter(), cache: passThroughCache };
  try {
    await migrate(db);
    for (let i = 0; i < subscriptions; i++) {
      await createSubscription(db, { kind: 'assetChanges', callbackUrl: url, events: ['upsert', 'delete'], sitio: null, estado: null, createdBy: 'bench' }, new Date());
    }
    const fillSeconds = await fillAssetChanges(db, 'WB-', changes);

    const start = process.memoryUsage().rss;
    let peak = start;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const started = performance.now();
    const worker = startWebhookWorker(deps, { pollMs: 100 });
    const deadline = Date.now() + (options.timeoutMs ?? 600_000);
    try {
      while (received.size < expected) {
        if (Date.now() > deadline) throw new Error(`webhook bench timed out: ${received.size} of ${expected} delivered`);
        await new Promise((r) => setTimeout(r, 10));
      }
    } finally {
      clearInterval(sampler);
      await worker.stop();
    }
    const seconds = (performance.now() - started) / 1000;
    const done = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'delivered'");
    if (Number(done.rows[0]!.n) !== expected) throw new Error(`webhook bench: ${done.rows[0]!.n} of ${expected} recorded as delivered`);
    const bareDeliveriesPerSecond = await barePosts(url, sample, expected, config.webhooks.concurrency);
    return {
      bareDeliveriesPerSecond,
      subscriptions,
      changes,
      deliveries: expected,
      concurrency: config.webhooks.concurrency,
      fillSeconds,
      seconds,
      deliveriesPerSecond: expected / seconds,
      peakRssMb: Math.round(peak / 1_048_576),
      startRssMb: Math.round(start / 1_048_576),
      database: db.kind,
    };
  } finally {
    await db.close();
    receiver.closeAllConnections();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runWebhookBench({ databaseUrl: loadConfig(process.env).db.url });
  console.log(
    `webhook fan-out (${r.database}): ${r.subscriptions} subscriptions × ${r.changes} changes = ${r.deliveries} deliveries in ${r.seconds.toFixed(2)} s ` +
      `→ ${Math.round(r.deliveriesPerSecond)} deliveries/s at concurrency ${r.concurrency}, peak RSS ${r.peakRssMb} MB from ${r.startRssMb} MB at start (fill ${r.fillSeconds.toFixed(2)} s)`,
  );
}
