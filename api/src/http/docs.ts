/**
 * The spec as JSON and YAML and an interactive reference at /docs. Swagger UI is served from the
 * swagger-ui-dist package, so the page works offline and behind firewalls (no CDN).
 */
import { createRequire } from 'node:module';
import express, { type Router } from 'express';
import { loadSpec, loadSpecText } from './openapi.ts';
import { baseUrl } from './paging.ts';

const require = createRequire(import.meta.url);

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Energy CMMS API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script></body></html>`;

const INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui', deepLinking: true, tryItOutEnabled: true });`;

export function docsRouter(): Router {
  const router = express.Router();
  const assetsDir = require.resolve('swagger-ui-dist/package.json').replace(/package\.json$/, '');
  const json = JSON.stringify(loadSpec());
  router.get('/openapi.json', (req, res) => {
    // Point "Try it out" at this very server rather than the spec's example host.
    const spec = JSON.parse(json) as { servers: { url: string }[] };
    spec.servers = [{ url: baseUrl(req) }];
    res.json(spec);
  });
  router.get('/openapi.yaml', (_req, res) => {
    res.type('application/yaml').send(loadSpecText());
  });
  router.get(['/docs', '/docs/'], (_req, res) => {
    res.type('html').send(PAGE);
  });
  router.get('/docs/init.js', (_req, res) => {
    res.type('application/javascript').send(INIT);
  });
  router.use('/docs/assets', express.static(assetsDir, { index: false, maxAge: '1h' }));
  return router;
}
