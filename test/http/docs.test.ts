import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { AUTH_MODE: 'apikey', API_KEYS: 'secret-key-1' } });
});

describe('the spec and the reference are open and consistent', () => {
  it('serves /openapi.json pointing "try it out" at this server', async () => {
    const res = await t.request.get('/openapi.json').expect(200);
    expect(res.body.openapi).toBe('3.0.3');
    expect(res.body.servers).toEqual([{ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) }]);
  });

  it('serves /openapi.yaml as the same document', async () => {
    const res = await t.request.get('/openapi.yaml').expect(200);
    expect(res.headers['content-type']).toMatch(/yaml/);
    const json = (await t.request.get('/openapi.json')).body;
    expect(Object.keys(parse(res.text).paths)).toEqual(Object.keys(json.paths));
  });

  it('serves an interactive reference at /docs with its assets locally', async () => {
    const page = await t.request.get('/docs').expect(200);
    expect(page.text).toContain('swagger-ui-bundle.js');
    const js = await t.request.get('/docs/assets/swagger-ui-bundle.js').expect(200);
    expect(js.text.length).toBeGreaterThan(100_000);
  });

  it('keeps health open while operations need credentials', async () => {
    await t.request.get('/healthz').expect(200);
    const ready = await t.request.get('/readyz').expect(200);
    expect(ready.body.database).toMatch(/pglite|postgres/);
    const res = await t.request.get('/assets');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['www-authenticate']).toBeDefined();
    await t.request.get('/assets').set('X-API-Key', 'secret-key-1').expect(200);
  });

  it('answers 401 before reading the body of an unauthenticated write', async () => {
    const res = await t.request.post('/assets').set('content-type', 'application/json').send('{not json');
    expect(res.status).toBe(401);
  });
});
