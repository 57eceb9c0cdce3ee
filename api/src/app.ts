/**
 * The app factory. Tests call it with their own database, clock and fetch and drive it with
 * supertest; server.ts calls it once with the real ones and listens.
 */
import { EventEmitter } from 'node:events';
import express, { type Express, type RequestHandler } from 'express';
import type { HelmetOptions } from 'helmet';
import type { Logger } from 'pino';
import type { Config } from './config/index.ts';
import type { Db } from './db/index.ts';
import { passThroughCache, type ReadCache } from './db/read-cache.ts';
import { allHandlers } from './handlers.ts';
import { createAuth } from './http/auth.ts';
import type { AppDeps } from './http/context.ts';
import { docsRouter } from './http/docs.ts';
import { requireValidHost } from './http/input.ts';
import { requestLogger } from './http/logging.ts';
import { errorHandler, notFoundHandler } from './http/problem.ts';
import { createRateLimit } from './http/rate-limit.ts';
import { buildRouter, series } from './http/router.ts';
import { securityHeaders } from './http/security-headers.ts';
import { consolePage } from './console/page.ts';
import { createMetrics } from './observability/metrics.ts';

/**
 * What an answer of JSON needs, after OWASP's REST Security Cheat Sheet: no framing, no content of
 * its own to run, no sniffing, HTTPS kept. helmet's browser-page headers (COOP, CORP, Origin-Agent-
 * Cluster, DNS prefetch, download options, cross-domain policies, XSS auditor) go with the pages.
 */
const API_HEADERS: HelmetOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  crossOriginOpenerPolicy: false,
  crossOriginResourcePolicy: false,
  originAgentCluster: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
  referrerPolicy: { policy: 'no-referrer' },
  xFrameOptions: { action: 'deny' },
};

/** The pages (the API reference and the console): helmet's full set for HTML, without upgrade-insecure-requests on plain-http loopback. */
const PAGE_HEADERS: HelmetOptions = { contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } };

export interface AppOptions {
  config: Config;
  db: Db;
  logger: Logger;
  now?: () => Date;
  fetch?: typeof fetch;
  events?: EventEmitter;
  /** From `createReadCache(db)`; without it reads always go to the database. */
  cache?: ReadCache;
  /** Where request lines go when they need not pass through pino's streams (logging.ts). */
  requestLines?: (line: string) => void;
  /** Mounted before everything else (Azure Monitor's request spans). */
  first?: RequestHandler[];
}

export function createApp(options: AppOptions): { app: Express; deps: AppDeps } {
  const deps: AppDeps = {
    config: options.config,
    db: options.db,
    logger: options.logger,
    now: options.now ?? (() => new Date()),
    fetch: options.fetch ?? globalThis.fetch,
    events: options.events ?? new EventEmitter(),
    cache: options.cache ?? passThroughCache,
  };
  deps.events.setMaxListeners(50);
  const app = express();
  app.disable('x-powered-by');
  // Our ETags are record versions set by the handlers; Express's body hashes would contradict them.
  app.set('etag', false);
  app.set('trust proxy', options.config.server.trustProxy);
  app.set('query parser', 'simple');
  for (const handler of options.first ?? []) app.use(handler);
  // Every request: its log line and id, the API's security headers, and a Host that can form a URL
  // (Location headers and nextLinks are built from it). One layer: each Express layer costs a pass.
  app.use(series([requestLogger(options.logger, options.requestLines), securityHeaders(API_HEADERS), requireValidHost(options.config.server.trustProxy)]));
  if (options.config.observability.metricsEnabled) {
    const metrics = createMetrics(deps);
    app.get('/metrics', metrics.serve);
    app.use(metrics.track);
  }

  const auth = createAuth(options.config.auth, { fetch: deps.fetch, logger: options.logger });
  const rateLimit = createRateLimit(options.config.server.rateLimitPerMinute);
  app.use(
    buildRouter({
      handlers: allHandlers(deps),
      auth: (req, res, next) => auth.middleware(req, res, (err?: unknown) => (err ? next(err) : rateLimit(req, res, next))),
      bodyLimitBytes: options.config.server.bodyLimitBytes,
    }),
  );
  // The spec, its reference page and the console come after the API's routes: API calls, the
  // traffic that matters, do not walk their routes first.
  app.use(['/docs', '/console'], securityHeaders(PAGE_HEADERS));
  app.use(docsRouter());
  app.use(consolePage(options.config));
  app.use(notFoundHandler);
  app.use(errorHandler);
  return { app, deps };
}
