/**
 * Sign-in in a real browser in apikey mode: a wrong key is refused with the API's reason and shows
 * no data; the right key opens the console. Also the Dynamics check's operator-language hint when
 * Entra ID refuses the client secret.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDataverseStandin, type DataverseStandin } from '../../scripts/dataverse-standin/index.ts';
import { standinEnv } from '../jobs/support.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { figure, listen, openBrowser, type Browser } from './browser.ts';

const KEY = 'console-test-key-6f1d2c9a8b7e';

describe('console sign-in in apikey mode', () => {
  let standin: DataverseStandin;
  let t: TestApp;
  let server: Awaited<ReturnType<typeof listen>>;
  let browser: Browser;

  beforeAll(async () => {
    standin = await startDataverseStandin();
    // A client secret Entra ID does not accept, so the connection check fails at the token.
    t = await createTestApp({ env: standinEnv(standin, { AUTH_MODE: 'apikey', API_KEYS: KEY, DYNAMICS_CLIENT_SECRET: 'not-the-secret' }), fetch: standin.fetch });
    server = await listen(t.app);
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await standin?.close();
  });

  it('refuses a wrong key with the reason and shows no figures', async () => {
    const { page } = browser;
    const answers: number[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/console/api/')) answers.push(r.status());
    });
    await page.goto(`${server.url}/console/`);
    await page.getByRole('textbox', { name: 'API key' }).fill('not-the-key-at-all');
    await page.locator('fluent-button[type="submit"]').click();
    const refusal = page.locator('[data-test="sign-in-refused"]');
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain('The API key is not valid.');
    expect(answers).toEqual([401]);
    expect(await page.locator('[data-figure]').count()).toBe(0);
    await browser.screenshot('apikey-refused');
  });

  it('opens with the right key, typed and sent with Enter', async () => {
    const { page } = browser;
    await page.getByRole('textbox', { name: 'API key' }).fill(KEY);
    await page.keyboard.press('Enter');
    await page.locator('body[data-ready="true"]').waitFor();
    expect(await figure(page, 'parked-total')).toBe('0');
    expect(await page.locator('[data-user="apikey"]').innerText()).toMatch(/^API key [0-9a-f]{12}$/);
    expect(await page.locator('body').innerText()).not.toContain(KEY);
  });

  it('says in the operator language what to fix when Entra ID refuses the secret', async () => {
    const { page } = browser;
    await page.locator('[data-action="check-dynamics"]').click();
    const failed = page.locator('[data-result="dynamics"] [data-outcome="failed"]');
    await failed.waitFor();
    const text = await failed.innerText();
    expect(text).toContain('No token from Entra ID.');
    expect(text).toContain('DYNAMICS_CLIENT_SECRET');
    expect(text).not.toContain('not-the-secret');
    await browser.screenshot('dynamics-refused');
  });
});
