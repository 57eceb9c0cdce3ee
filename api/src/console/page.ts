/**
 * Serves the console page: the HTML shell, the committed bundle (scripts/build-console.ts), its
 * stylesheet and the sign-in settings the page needs (mode, SPA client id, authority, scope; no
 * secrets). The page itself is public like /docs; its data comes from the signed-in console
 * operations. The policy lets scripts come only from here and tokens only from the authority.
 */
import { existsSync, readFileSync } from 'node:fs';
import express, { type Router } from 'express';
import type { Config } from '../config/index.ts';
import { fromLoopback } from '../observability/loopback.ts';

const BUNDLE = new URL('./generated/console.js', import.meta.url);
const STYLES = new URL('./ui/console.css', import.meta.url);

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Energy CMMS · Sync console</title>
<link rel="stylesheet" href="/console/console.css">
<script type="module" src="/console/console.js"></script>
</head><body><div id="app"><p style="padding:24px;font-family:'Segoe UI',sans-serif">Loading the console…</p></div>
<noscript>The console needs JavaScript.</noscript></body></html>`;

/** Read once per process: every app built in it (tests build many) serves the same files. */
let assets: { bundle: Buffer | undefined; styles: Buffer } | undefined;

export function consolePage(config: Config): Router {
  const router = express.Router({ strict: true });
  if (!config.console.enabled) return router;
  const authorityOrigin = config.console.authority ? new URL(config.console.authority).origin : '';
  const policy = [
    "default-src 'self'",
    "script-src 'self'",
    // Fluent's components set inline style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self'${authorityOrigin ? ` ${authorityOrigin}` : ''}`,
    `frame-src 'self'${authorityOrigin ? ` ${authorityOrigin}` : ''}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
  const { bundle, styles } = (assets ??= { bundle: existsSync(BUNDLE) ? readFileSync(BUNDLE) : undefined, styles: readFileSync(STYLES) });

  router.use('/console', (req, res, next) => {
    // The console's API operations answer for themselves (problem+json), through the spec's router.
    if (req.path.startsWith('/api/')) return next();
    if (config.auth.mode === 'none' && !fromLoopback(req)) {
      res.status(403).type('text/plain').send('Without sign-in (AUTH_MODE=none) the console opens only on this machine.');
      return;
    }
    res.setHeader('Content-Security-Policy', policy);
    next();
  });
  router.get('/console', (_req, res) => res.redirect(301, '/console/'));
  router.get('/console/', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(PAGE);
  });
  router.get('/console/console.js', (_req, res) => {
    if (!bundle) {
      res.status(503).type('text/plain').send('The console bundle is missing: run `npm run build:console`.');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.type('application/javascript').send(bundle);
  });
  router.get('/console/console.css', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.type('text/css').send(styles);
  });
  router.get('/console/client-settings.json', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      authMode: config.auth.mode,
      clientId: config.console.clientId ?? null,
      authority: config.console.authority ?? null,
      scope: config.console.scope ?? null,
      redirectPath: '/console/',
    });
  });
  return router;
}
