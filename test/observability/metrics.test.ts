/**
 * /metrics after a sync: the Prometheus text shows the counts the sync reported (records written,
 * jobs by state), the Dataverse requests the stand-in saw (throttling included), the requests by
 * operation, and the feed lag; off loopback it needs METRICS_TOKEN.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../api/src/demo/seed.ts';
import type { JobWorker } from '../../api/src/jobs/worker.ts';
import { startDataverseStandin, type DataverseStandin } from '../../scripts/dataverse-standin/index.ts';
import { standinEnv, testWorker } from '../jobs/support.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

const TOKEN = 'metrics-token-0123456789abcdef';

/** Prometheus text → samples keyed `name{labels}` exactly as printed (labels in prom-client's order). */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const i = line.lastIndexOf(' ');
    out.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return out;
}

const sum = (m: Map<string, number>, prefix: string) => [...m].filter(([k]) => k.startsWith(prefix)).reduce((n, [, v]) => n + v, 0);

describe('/metrics', () => {
  let standin: DataverseStandin;
  let t: TestApp;
  let worker: JobWorker;

  beforeAll(async () => {
    // One Web API request in five is throttled, so the retry and throttling counters have something to count.
    standin = await startDataverseStandin({ faults: { rate429: 0.2, retryAfterSeconds: 1 } });
    t = await createTestApp({ env: standinEnv(standin, { METRICS_ENABLED: 'true', METRICS_TOKEN: TOKEN, TRUST_PROXY: '1', DYNAMICS_BATCH_SIZE: '10' }), fetch: standin.fetch });
    await seedDemoData(t.db, new Date());
    worker = testWorker(t.deps);
  });
  afterAll(async () => {
    await worker?.stop();
    await standin?.close();
  });

  it('after a sync shows the records, jobs and Dataverse requests the sync reported', async () => {
    const start = await t.request.post('/sync/jobs').send({ entity: 'assets', mode: 'full' }).expect(202);
    let job = start.body;
    for (let i = 0; i < 400; i++) {
      const r = await t.request.get(`/sync/jobs/${job.id}`);
      if (r.status === 200) {
        job = r.body;
        break;
      }
      await new Promise((ok) => setTimeout(ok, 50));
    }
    expect(job.status).toBe('succeeded');
    expect(job.written).toBeGreaterThan(50);
    // A flow reads a page, so a consumer has a lag to report.
    await t.request.get('/sync/purchase-orders/changes?consumer=flow-po&limit=3').expect(200);

    const res = await t.request.get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const m = samples(res.text);
    expect(m.get('cmms_sync_job_records_total{entity="assets",outcome="written"}')).toBe(job.written);
    expect(m.get('cmms_sync_job_records_total{entity="assets",outcome="failed"}') ?? 0).toBe(job.failed);
    expect(m.get('cmms_sync_jobs{state="succeeded"}')).toBe(1);
    expect(m.get('cmms_sync_jobs{state="running"}')).toBe(0);
    const webApi = standin.stats.requests - (standin.stats.byKind.token ?? 0) - (standin.stats.byKind.discovery ?? 0);
    expect(sum(m, 'cmms_dataverse_requests_total{')).toBe(webApi);
    expect(standin.stats.faults['429']).toBeGreaterThan(0);
    expect(m.get('cmms_dataverse_throttled_total')).toBe(standin.stats.faults['429']);
    expect(m.get('cmms_dataverse_requests_total{outcome="throttled"}')).toBe(standin.stats.faults['429']);
    expect(m.get('cmms_dataverse_retries_total')).toBeGreaterThanOrEqual(standin.stats.faults['429']!);
    expect(m.get('cmms_http_requests_total{operation="StartSyncJob",method="POST",status="202"}')).toBe(1);
    expect(m.get('cmms_http_request_duration_seconds_count{operation="StartSyncJob",status="202"}')).toBe(1);
    const purchaseOrders = Number((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM purchase_orders')).rows[0]!.n);
    expect(m.get('cmms_feed_pending_records{entity="purchaseOrders",consumer="flow-po"}')).toBe(purchaseOrders);
    expect(m.get('cmms_feed_lag_seconds{entity="purchaseOrders",consumer="flow-po"}')).toBeGreaterThanOrEqual(0);
    expect(m.get('cmms_webhook_deliveries_total{outcome="dead"}')).toBe(0);
    expect(m.has('cmms_db_pool_connections{state="in_use"}')).toBe(true);
  });

  it('counts a refused call under its operation', async () => {
    await t.request.post('/sync/jobs').send({ entity: 'nothing', mode: 'full' }).expect(400);
    const m = samples((await t.request.get('/metrics')).text);
    expect(m.get('cmms_http_requests_total{operation="StartSyncJob",method="POST",status="400"}')).toBe(1);
  });

  it('counts read-cache hits and misses as the reads happen; on PostgreSQL, alone, reads send no barrier of their own', async () => {
    const before = samples((await t.request.get('/metrics')).text);
    const created = await t.request.post('/assets').send({ codigo_interno: 'METRICS-CACHE-1', nombre: 'Cache counted' }).expect(201);
    expect(created.body.codigo_interno).toBe('METRICS-CACHE-1');
    for (let i = 0; i < 30; i++) await t.request.get('/assets/METRICS-CACHE-1').expect(200);
    const after = samples((await t.request.get('/metrics')).text);
    const delta = (name: string) => (after.get(name) ?? Number.NaN) - (before.get(name) ?? Number.NaN);
    // The write dropped nothing cached for this new key: the first read loads it, the next two are hits.
    expect(delta('cmms_read_cache_misses_total')).toBe(1);
    expect(delta('cmms_read_cache_hits_total')).toBe(29);
    if (t.db.kind === 'postgres') {
      // This test's process is the only one on its schema (db/presence.ts): the write ran one
      // barrier before it answered, and one a second looks for writes made outside the API; 30
      // reads waiting for barriers would have sent about 30.
      expect(after.get('cmms_read_cache_alone')).toBe(1);
      expect(delta('cmms_read_cache_barriers_total')).toBeGreaterThanOrEqual(1);
      expect(delta('cmms_read_cache_barriers_total')).toBeLessThan(10);
    } else {
      expect(after.get('cmms_read_cache_alone')).toBe(0);
      expect(delta('cmms_read_cache_barriers_total')).toBe(0);
    }
  });

  it('off loopback needs the bearer METRICS_TOKEN', async () => {
    const far = { 'X-Forwarded-For': '203.0.113.7' };
    const refused = await t.request.get('/metrics').set(far).expect(401);
    expect(refused.headers['content-type']).toMatch(/problem\+json/);
    expect(refused.text).not.toContain(TOKEN);
    await t.request.get('/metrics').set(far).set('Authorization', 'Bearer wrong-token-0000000000').expect(401);
    await t.request.get('/metrics').set(far).set('Authorization', `Bearer ${TOKEN}`).expect(200);
  });
});

describe('/metrics when METRICS_ENABLED is not set', () => {
  it('is not served', async () => {
    const t = await createTestApp();
    await t.request.get('/metrics').expect(404);
  });
});
