/**
 * Security headers as a browser or a scanner meets them: every JSON answer, errors included, carries
 * what OWASP's REST Security Cheat Sheet asks of an API, and the HTML pages (the API reference, the
 * console) carry helmet's full set for pages. Expected values are written out here, not read from
 * the production options.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { CONSOLE_ENABLED: 'true' } });
});

const API_SET = {
  'content-security-policy': "default-src 'none';frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'referrer-policy': 'no-referrer',
};
/** Headers that only mean something to a page a browser renders. */
const PAGE_ONLY = ['cross-origin-opener-policy', 'cross-origin-resource-policy', 'origin-agent-cluster', 'x-dns-prefetch-control', 'x-download-options', 'x-permitted-cross-domain-policies', 'x-xss-protection'];

describe('security headers', () => {
  it('a JSON answer carries the API set: no framing, nothing to run, no sniffing, HTTPS kept, no referrer', async () => {
    for (const res of [await t.request.get('/assets?top=1'), await t.request.get('/assets/NOPE'), await t.request.get('/no-such-operation')]) {
      expect(res.headers).toMatchObject(API_SET);
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
    const ok = await t.request.get('/assets?top=1').expect(200);
    for (const h of PAGE_ONLY) expect(ok.headers[h], h).toBeUndefined();
  });

  it('a refused request (400, 405) carries the API set too', async () => {
    const bad = await t.request.get('/assets?top=0');
    expect(bad.status).toBe(400);
    expect(bad.headers).toMatchObject(API_SET);
    const wrongMethod = await t.request.put('/assets');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers).toMatchObject(API_SET);
  });

  it('the API reference page carries the page set, with a policy that lets its own scripts run', async () => {
    const res = await t.request.get('/docs/').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
  });

  it('the console page keeps its own policy over the page set', async () => {
    const res = await t.request.get('/console/').expect(200);
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['content-security-policy']).toContain("connect-src 'self'");
  });
});
