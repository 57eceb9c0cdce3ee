/**
 * The operator console in a real browser on the demo data: its figures equal the API's, and its
 * buttons retry a parked failure, start and cancel a job, redeliver a dead letter and check the
 * Dynamics connection. Screenshots are kept in test-artifacts/console/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../api/src/demo/seed.ts';
import { startWebhookWorker } from '../../api/src/webhooks/worker.ts';
import type { Worker } from '../../api/src/workers.ts';
import { startDataverseStandin, type DataverseStandin } from '../../scripts/dataverse-standin/index.ts';
import { standinEnv } from '../jobs/support.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { startReceiver, type Receiver } from '../webhooks/receiver.ts';
import { figure, listen, openBrowser, type Browser } from './browser.ts';

const CONSUMER = 'flow-console';

describe('operator console on the demo data', () => {
  let standin: DataverseStandin;
  let receiver: Receiver;
  let t: TestApp;
  let server: Awaited<ReturnType<typeof listen>>;
  let webhooks: Worker;
  let browser: Browser;
  let firstPage: string[];

  beforeAll(async () => {
    standin = await startDataverseStandin();
    receiver = await startReceiver();
    receiver.answer = () => ({ status: 500 });
    t = await createTestApp({
      env: standinEnv(standin, { SYNC_MAX_ATTEMPTS: '1', WEBHOOK_MAX_ATTEMPTS: '1', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' }),
      // The stand-in's fetch speaks https to it only; the webhook receiver is plain http on loopback.
      fetch: (input, init) => (String(input instanceof Request ? input.url : input).startsWith('https:') ? standin.fetch(input, init) : fetch(input, init)),
    });
    await seedDemoData(t.db, new Date());
    // A flow reads five assets and reports the first as refused: one attempt allowed, so it is parked.
    const page = await t.request.get(`/sync/assets/changes?consumer=${CONSUMER}&limit=5`).expect(200);
    firstPage = page.body.items.map((i: { key: string }) => i.key);
    await t.request.post('/sync/acknowledgements').send({
      consumer: CONSUMER, entity: 'assets', cursor: page.body.cursor,
      results: [{ key: firstPage[0], ok: false, error: 'Dynamics refused the row. Check the mapping.' }],
    }).expect(200);
    // A webhook subscription whose receiver fails: one attempt allowed, so the change is a dead letter.
    await t.request.post('/webhooks/assets').send({ callbackUrl: `${receiver.url}/hook` }).expect(201);
    const other = (await t.db.query<{ k: string }>('SELECT codigo_interno AS k FROM assets WHERE NOT (codigo_interno = ANY($1)) ORDER BY codigo_interno LIMIT 1', [firstPage])).rows[0]!.k;
    await t.request.patch(`/assets/${other}`).send({ ubicacion: 'Sala de control, rack 4' }).expect(200);
    webhooks = startWebhookWorker(t.deps, { pollMs: 100 });
    await receiver.waitFor(1);
    for (let i = 0; i < 100 && (await t.request.get('/webhook-deliveries?status=dead')).body.value.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    server = await listen(t.app);
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await webhooks?.stop();
    await server?.close();
    await receiver?.close();
    await standin?.close();
  });

  it('shows the same figures as the API, works offline and hides every secret', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/console/`);
    await page.locator('body[data-ready="true"]').waitFor();
    const parked = (await t.request.get('/sync/failures?parked=true')).body.value;
    const dead = (await t.request.get('/webhook-deliveries?status=dead')).body.value;
    expect(await figure(page, 'parked-total')).toBe(String(parked.length));
    expect(parked).toHaveLength(1);
    expect(await figure(page, 'dead-total')).toBe(String(dead.length));
    // Independent of the console's SQL: every demo asset has one change, the flow acknowledged five
    // (one of them parked, so not pending), and one asset outside that page changed once more.
    const assets = Number((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM assets')).rows[0]!.n);
    expect(await figure(page, `pending:assets:${CONSUMER}`)).toBe(String(assets - 5));
    expect(await figure(page, `parked:assets:${CONSUMER}`)).toBe('1');
    const changes = Number((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM change_log')).rows[0]!.n);
    expect(await page.locator('[data-figure="activity"]').getAttribute('data-changes')).toBe(String(changes));
    expect(await page.locator('[data-list="failures"] [data-failure]').count()).toBe(1);
    expect(await page.locator('[data-list="dead"] [data-delivery]').count()).toBe(1);
    await page.locator('[data-live="live"]').waitFor();
    const text = await page.locator('body').innerText();
    expect(text).not.toContain(standin.clientSecret);
    expect(await page.locator('[data-setting="dynamics.clientSecret"]').innerText()).toBe('(set)');
    // The direction of each column: the book value comes from Dynamics, the rest goes to it.
    expect(await page.locator('[data-direction="assets.valor_libros"]').innerText()).toBe('← Dynamics to CMMS');
    expect(await page.locator('[data-direction="assets.nombre"]').innerText()).toBe('→ CMMS to Dynamics');
    expect(await page.locator('[data-direction="purchaseOrders.total"]').innerText()).toBe('→ CMMS to Dynamics');
    expect(browser.external).toEqual([]);
    await browser.screenshot('overview');
  });

  it('retries a parked failure from its button', async () => {
    const { page } = browser;
    const [failure] = (await t.request.get('/sync/failures?parked=true')).body.value;
    // By keyboard: focus the button and press Enter.
    await page.locator(`[data-action="retry-${failure.id}"]`).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => figure(page, 'parked-total')).toBe('0');
    const after = (await t.request.get(`/sync/failures?consumer=${CONSUMER}`)).body.value;
    expect(after).toEqual([expect.objectContaining({ id: failure.id, parked: false, attempts: 0 })]);
    await expect.poll(() => figure(page, `pending:assets:${CONSUMER}`)).not.toBe('');
  });

  it('updates without a reload when a record changes elsewhere (server-sent events)', async () => {
    const { page } = browser;
    const before = Number(await figure(page, `pending:assets:${CONSUMER}`));
    const requests: string[] = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await t.request.post('/assets').send({ codigo_interno: 'ZZ-CONSOLE-01', nombre: 'Reconectador 23 kV', sitio: 'SE-NORTE', categoria: 'interruptor' }).expect(201);
    await expect.poll(() => figure(page, `pending:assets:${CONSUMER}`)).toBe(String(before + 1));
    expect(requests.filter((p) => p === '/console/' || p === '/console/api/overview')).toEqual([]);
  });

  it('names every button and every table column for assistive technology', async () => {
    const { page } = browser;
    const unnamed = await page.locator('fluent-button').evaluateAll((els) =>
      els.filter((e) => !(e.getAttribute('aria-label') || e.textContent?.trim())).length);
    expect(unnamed).toBe(0);
    const tablesWithoutCaption = await page.locator('table').evaluateAll((els) => els.filter((t) => !t.querySelector('caption')?.textContent?.trim()).length);
    expect(tablesWithoutCaption).toBe(0);
    expect(await page.locator('th:not([scope])').count()).toBe(0);
    // The first stop in tab order skips to the content.
    const first = await page.evaluate(() => document.querySelector('a[href], fluent-button, button, input, [tabindex]')?.textContent);
    expect(first).toBe('Skip to content');
    await page.locator('.skip-link').focus();
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
  });

  it('starts a job and cancels it from the jobs card', async () => {
    const { page } = browser;
    // No job worker runs here, so the job waits queued until it is cancelled.
    await page.locator('[data-action="start-assets-changes"]').click();
    await expect.poll(async () => (await t.request.get('/sync/jobs?entity=assets')).body.value.length).toBe(1);
    const [job] = (await t.request.get('/sync/jobs?entity=assets')).body.value;
    expect(job).toMatchObject({ status: 'queued', mode: 'changes' });
    await page.locator(`[data-job="${job.id}"]`).waitFor();
    expect(await figure(page, 'jobs-active')).toBe('1');
    await page.locator(`[data-action="cancel-${job.id}"]`).click();
    await expect.poll(async () => (await t.request.get(`/sync/jobs/${job.id}`)).body.status).toBe('cancelled');
    await expect.poll(() => figure(page, 'jobs-active')).toBe('0');
    await browser.screenshot('job-cancelled');
  });

  it('redelivers a dead letter, and the receiver gets it', async () => {
    const { page } = browser;
    const [letter] = (await t.request.get('/webhook-deliveries?status=dead')).body.value;
    receiver.answer = () => ({ status: 200 });
    const before = receiver.received.length;
    await page.locator(`[data-action="redeliver-${letter.id}"]`).click();
    await receiver.waitFor(before + 1);
    expect(receiver.received.at(-1)!.headers['x-cmms-event-id']).toBe(letter.eventId);
    await expect.poll(async () => (await t.request.get('/webhook-deliveries?status=delivered')).body.value.map((d: { id: number }) => d.id)).toContain(letter.id);
    // Other changes may have died meanwhile (the receiver failed until now): the page agrees with the API.
    await expect.poll(() => page.locator(`[data-list="dead"] [data-delivery="${letter.id}"]`).count()).toBe(0);
    const dead = (await t.request.get('/webhook-deliveries?status=dead')).body.value.length;
    await expect.poll(() => figure(page, 'dead-total')).toBe(String(dead));
    await expect.poll(async () => page.locator('[data-figure="activity"]').getAttribute('data-deliveries')).toBe('1');
  });

  it('checks the Dynamics connection: token and WhoAmI', async () => {
    const { page } = browser;
    await page.locator('[data-action="check-dynamics"]').click();
    const ok = page.locator('[data-result="dynamics"] [data-outcome="ok"]');
    await ok.waitFor();
    expect(await ok.innerText()).toMatch(/token issued, WhoAmI answered user [0-9a-f-]{36}/);
    await browser.screenshot('dynamics-ok');
  });
});
