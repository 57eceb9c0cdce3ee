/**
 * The app as tests drive it: a fresh database, a fake clock when wanted, no listening port, and
 * every response checked against openapi.yaml. A response the spec does not describe is recorded
 * (lifecycle.ts) and fails the test that received it (setup.ts); the database is closed when the
 * test or file that created the app ends.
 */
import { EventEmitter } from 'node:events';
import express, { type Express } from 'express';
import { pino, type Logger } from 'pino';
import supertest from 'supertest';
import { createApp } from '../../api/src/app.ts';
import { loadConfig, type Config } from '../../api/src/config/index.ts';
import type { Db } from '../../api/src/db/index.ts';
import { createReadCache } from '../../api/src/db/read-cache.ts';
import type { AppDeps } from '../../api/src/http/context.ts';
import { listOperations } from '../../api/src/http/openapi.ts';
import { createResponseValidator } from '../../api/src/http/validation.ts';
import { createTestDb } from './db.ts';
import { recordViolation } from './lifecycle.ts';

export interface TestApp {
  app: Express;
  db: Db;
  deps: AppDeps;
  config: Config;
  request: supertest.Agent;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  now?: () => Date;
  fetch?: typeof fetch;
  /** Reuse a database (e.g. to simulate a restart on the same data). */
  db?: Db;
  /** Where the app logs (silent by default). */
  logger?: Logger;
}

const operations = listOperations().map((op) => ({
  op,
  pattern: new RegExp(`^${op.path.replace(/\{[^}]+\}/g, '[^/]+')}/?$`),
}));
const validate = createResponseValidator();

export function operationFor(method: string, path: string): string | undefined {
  return operations.find((o) => o.op.method === method.toLowerCase() && o.pattern.test(path))?.op.operationId;
}

function specChecker(): express.RequestHandler {
  return (req, res, next) => {
    const chunks: Buffer[] = [];
    const write = res.write.bind(res) as (...a: unknown[]) => boolean;
    const end = res.end.bind(res) as (...a: unknown[]) => unknown;
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (chunk) chunks.push(Buffer.from(chunk as string));
      return write(chunk, ...rest);
    }) as typeof res.write;
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (chunk && typeof chunk !== 'function') chunks.push(Buffer.from(chunk as string));
      const opId = operationFor(req.method, req.path);
      if (opId) {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          // leave as text; the validator reports the mismatch
        }
        const problems = validate(opId, res.statusCode, String(res.getHeader('content-type') ?? ''), body);
        for (const p of problems) recordViolation(`${req.method} ${req.originalUrl} → ${res.statusCode}: ${p}`);
      }
      return end(chunk, ...rest);
    }) as typeof res.end;
    next();
  };
}

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const db = options.db ?? (await createTestDb());
  // Most API tests speak the documented mapping's column names; a test of another preset says so.
  const config = loadConfig({ LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '0', MAPPING_PRESET: 'documented', ...options.env });
  const { app: inner, deps } = createApp({
    config,
    db,
    logger: options.logger ?? pino({ level: 'silent' }),
    ...(options.now ? { now: options.now } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    events: new EventEmitter(),
    cache: await createReadCache(db),
  });
  const app = express();
  app.set('trust proxy', config.server.trustProxy);
  app.use(specChecker());
  app.use(inner);
  return { app, db, deps, config, request: supertest.agent(app) };
}
