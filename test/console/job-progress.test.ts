/**
 * A job started from the console shows live progress: the bar moves, throughput and ETA appear
 * while it runs, and the final counts equal the API's (the stand-in answers slowly, so the job
 * takes a few seconds in small chunks).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../api/src/demo/seed.ts';
import type { JobWorker } from '../../api/src/jobs/worker.ts';
import { startDataverseStandin, type DataverseStandin } from '../../scripts/dataverse-standin/index.ts';
import { standinEnv, testWorker } from '../jobs/support.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { listen, openBrowser, type Browser } from './browser.ts';

describe('job progress in the console', () => {
  let standin: DataverseStandin;
  let t: TestApp;
  let worker: JobWorker;
  let server: Awaited<ReturnType<typeof listen>>;
  let browser: Browser;

  beforeAll(async () => {
    standin = await startDataverseStandin({ faults: { latencyMs: 120 } });
    t = await createTestApp({ env: standinEnv(standin, { DYNAMICS_BATCH_SIZE: '5', DYNAMICS_MAX_CONCURRENCY: '1' }), fetch: standin.fetch });
    await seedDemoData(t.db, new Date());
    worker = testWorker(t.deps, { pageSize: 5 });
    server = await listen(t.app);
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await server?.close();
    await standin?.close();
  });

  it('shows the bar moving with throughput and ETA, then the counts the API reports', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/console/`);
    await page.locator('body[data-ready="true"]').waitFor();
    await page.locator('[data-action="start-assets-full"]').click();
    const row = page.locator('[data-list="jobs"] tbody tr').first();
    // Mid-run: a value strictly between 0 and 100, a rate and an ETA.
    await expect.poll(async () => Number(await row.locator('fluent-progress-bar').getAttribute('value')), { timeout: 20_000, interval: 100 })
      .toBeGreaterThan(0);
    const mid = await row.innerText();
    expect(mid).toMatch(/running/);
    expect(mid).toMatch(/\d+\/s/);
    expect(mid).toMatch(/\d+ (s|min)/);
    await browser.screenshot('job-running');
    const [job] = (await t.request.get('/sync/jobs?entity=assets')).body.value;
    await expect.poll(async () => (await t.request.get(`/sync/jobs?entity=assets`)).body.value[0].status, { timeout: 30_000, interval: 200 }).toBe('succeeded');
    const done = (await t.request.get(`/sync/jobs/${job.id}`)).body;
    await expect.poll(() => row.innerText(), { timeout: 10_000 }).toContain('succeeded');
    expect(await row.innerText()).toContain(`${done.written} / ${done.deleted} / ${done.failed}`);
    expect(await row.locator('fluent-progress-bar').getAttribute('value')).toBe('100');
  }, 90_000);
});
