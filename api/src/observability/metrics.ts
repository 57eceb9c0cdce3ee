/**
 * Prometheus metrics (prom-client) at /metrics when METRICS_ENABLED=true. Counters follow the
 * telemetry events (observability/events.ts) and the HTTP responses; gauges that describe stored
 * state (feed lag, jobs by state, pool use) are read from the database when scraped, so several API
 * processes report the same truth. Each app has its own registry: tests build many apps.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { consumerLag, jobCounts } from '../console/overview.ts';
import { AppError } from '../errors/index.ts';
import type { AppDeps } from '../http/context.ts';
import { listOperations } from '../http/openapi.ts';
import type { JobRow } from '../jobs/store.ts';
import { jobRecordDeltas, TELEMETRY, type DataverseRequestEvent, type WebhookDeliveryEvent } from './events.ts';
import { fromLoopback } from './loopback.ts';

export interface Metrics {
  readonly registry: Registry;
  /** Counts and times every response; mount before the routes. */
  readonly track: RequestHandler;
  /** GET /metrics, with its loopback-or-token rule. */
  readonly serve: RequestHandler;
  stop(): void;
}

const digest = (v: string) => createHash('sha256').update(v, 'utf8').digest();

export function createMetrics(deps: AppDeps): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const operations = new Map(listOperations().map((op) => [`${op.method.toUpperCase()} ${op.expressPath}`, op.operationId]));

  const requests = new Counter({ name: 'cmms_http_requests_total', help: 'HTTP requests by operation and status.', labelNames: ['operation', 'method', 'status'], registers: [registry] });
  const latency = new Histogram({
    name: 'cmms_http_request_duration_seconds', help: 'HTTP request latency by operation and status.',
    labelNames: ['operation', 'status'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [registry],
  });
  const dataverse = new Counter({ name: 'cmms_dataverse_requests_total', help: 'Dataverse Web API and token request attempts by outcome.', labelNames: ['outcome'], registers: [registry] });
  const throttled = new Counter({ name: 'cmms_dataverse_throttled_total', help: 'Dataverse answers 429 (service protection limits).', registers: [registry] });
  const retries = new Counter({ name: 'cmms_dataverse_retries_total', help: 'Dataverse request attempts that repeated an earlier one.', registers: [registry] });
  const deliveries = new Counter({ name: 'cmms_webhook_deliveries_total', help: 'Webhook delivery attempts by outcome.', labelNames: ['outcome'], registers: [registry] });
  const records = new Counter({ name: 'cmms_sync_job_records_total', help: 'Records handled by sync jobs, by entity and outcome.', labelNames: ['entity', 'outcome'], registers: [registry] });
  for (const outcome of ['delivered', 'retry', 'dead']) deliveries.labels(outcome).inc(0);

  // The read cache's own counts, read when scraped: how often it answered, and on PostgreSQL how
  // many barrier round trips kept it exact (reads per barrier is the figure to watch under load).
  for (const [stat, help] of [
    ['hits', 'Reads answered from the read cache.'],
    ['misses', 'Reads the read cache sent to the database.'],
    ['barriers', 'Barrier queries sent to PostgreSQL to keep the read cache exact.'],
  ] as const) {
    new Counter({
      name: `cmms_read_cache_${stat}_total`, help, registers: [registry],
      collect() {
        this.reset();
        this.inc(deps.cache.stats()[stat]);
      },
    });
  }
  new Gauge({
    name: 'cmms_read_cache_alone', registers: [registry],
    help: '1 while this process has the PostgreSQL schema to itself and reads skip the barrier (db/presence.ts).',
    collect() {
      this.set(deps.cache.stats().alone ? 1 : 0);
    },
  });
  new Gauge({
    name: 'cmms_feed_pending_records', help: 'Records waiting for each change-feed consumer.', labelNames: ['entity', 'consumer'], registers: [registry],
    async collect() {
      this.reset();
      for (const c of await consumerLag(deps.db, deps.now())) this.labels(c.entity, c.consumer).set(c.pending);
    },
  });
  new Gauge({
    name: 'cmms_feed_lag_seconds', help: "Age of each consumer's oldest unacknowledged change.", labelNames: ['entity', 'consumer'], registers: [registry],
    async collect() {
      this.reset();
      for (const c of await consumerLag(deps.db, deps.now())) this.labels(c.entity, c.consumer).set(c.lagSeconds);
    },
  });
  new Gauge({
    name: 'cmms_sync_jobs', help: 'Sync jobs by state.', labelNames: ['state'], registers: [registry],
    async collect() {
      for (const [state, n] of Object.entries(await jobCounts(deps.db))) this.labels(state).set(n);
    },
  });
  new Gauge({
    name: 'cmms_db_pool_connections', help: 'Database pool connections by state (a PostgreSQL server; the embedded database has one).', labelNames: ['state'], registers: [registry],
    collect() {
      const s = deps.db.poolStats?.() ?? { max: 1, total: 1, idle: 0, waiting: 0 };
      this.labels('max').set(s.max);
      this.labels('total').set(s.total);
      this.labels('idle').set(s.idle);
      this.labels('in_use').set(s.total - s.idle);
      this.labels('waiting').set(s.waiting);
    },
  });

  const deltas = jobRecordDeltas();
  const onJob = (job: JobRow) => {
    for (const d of deltas(job)) records.labels(d.entity, d.outcome).inc(d.n);
  };
  const onDataverse = (e: DataverseRequestEvent) => {
    dataverse.labels(e.outcome).inc();
    if (e.outcome === 'throttled') throttled.inc();
    if (e.retry) retries.inc();
  };
  const onDelivery = (e: WebhookDeliveryEvent) => deliveries.labels(e.outcome).inc();
  deps.events.on(TELEMETRY.jobProgress, onJob);
  deps.events.on(TELEMETRY.dataverseRequest, onDataverse);
  deps.events.on(TELEMETRY.webhookDelivery, onDelivery);

  const token = deps.config.observability.metricsToken;
  return {
    registry,
    track(req, res, next) {
      const end = latency.startTimer();
      res.on('finish', () => {
        // req.route is the matched route, so the label is the operation even for refused calls (401, 400).
        const route = (req.route as { path?: string } | undefined)?.path;
        const operation = (route && operations.get(`${req.method === 'HEAD' ? 'GET' : req.method} ${route}`)) ?? (req.path === '/metrics' ? 'metrics' : 'other');
        const status = String(res.statusCode);
        requests.labels(operation, req.method, status).inc();
        end({ operation, status });
      });
      next();
    },
    async serve(req, res) {
      if (!fromLoopback(req)) {
        const presented = /^Bearer +(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
        if (!token || !presented || !timingSafeEqual(digest(presented), digest(token))) {
          throw new AppError('UNAUTHENTICATED', {
            detail: 'Off this machine /metrics needs "Authorization: Bearer <METRICS_TOKEN>".',
            headers: { 'WWW-Authenticate': 'Bearer realm="metrics"' },
          });
        }
      }
      res.type(registry.contentType).send(await registry.metrics());
    },
    stop() {
      deps.events.off(TELEMETRY.jobProgress, onJob);
      deps.events.off(TELEMETRY.dataverseRequest, onDataverse);
      deps.events.off(TELEMETRY.webhookDelivery, onDelivery);
    },
  };
}
