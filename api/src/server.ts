/**
 * Entry point: config → logger → database (migrated, demo data on first start) → app → listen,
 * plus the background workers. SIGINT/SIGTERM stop accepting requests, let in-flight ones finish,
 * stop the workers and close the database.
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { createApp } from './app.ts';
import { ConfigError, loadConfig } from './config/index.ts';
import { openDb } from './db/index.ts';
import { migrate, underSchemaLock } from './db/migrate.ts';
import { createReadCache } from './db/read-cache.ts';
import { seedDemoData } from './demo/seed.ts';
import { createLogDestination } from './http/log-destination.ts';
import { createLogger } from './http/logging.ts';
import { answerClientErrors } from './http/problem.ts';
import { startWorkers } from './workers.ts';

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  // Log lines leave once per event-loop turn, in one write (log-destination.ts); what is still
  // pending is written out when the process exits.
  const destination = createLogDestination();
  process.on('exit', () => destination.flushSync());
  // Azure Monitor only with its connection string: otherwise its packages are never imported.
  const azure = config.observability.appInsightsConnectionString
    ? await (await import('./observability/azure-monitor.ts')).startAzureMonitor(config.observability.appInsightsConnectionString)
    : undefined;
  const logger = createLogger(
    config.server.logLevel,
    azure ? pino.multistream([{ level: 'trace', stream: destination }, { level: 'trace', stream: azure.logStream }]) : destination,
  );
  if (config.auth.modeDefaulted) {
    logger.warn('AUTH_MODE is not set: the API accepts requests without credentials on loopback only. Set AUTH_MODE=entra (or apikey) before exposing it.');
  }
  const db = await openDb({ url: config.db.url, dataDir: config.db.dataDir, poolSize: config.db.poolSize });
  const applied = await migrate(db);
  if (applied.length) logger.info({ migrations: applied }, 'database migrated');
  if (config.server.seedDemoData) {
    // Checked and loaded in one transaction under the migration lock: replicas starting together
    // on an empty database load the demo data once, and the others find it there.
    const seeded = await underSchemaLock(db, async (tx) => {
      const { rows } = await tx.query<{ n: number }>('SELECT (SELECT count(*) FROM assets) + (SELECT count(*) FROM purchase_orders) AS n');
      if (Number(rows[0]!.n) > 0) return undefined;
      return seedDemoData({ ...db, query: tx.query, transaction: (fn) => fn(tx) }, new Date());
    });
    if (seeded) logger.info(seeded, 'demo data loaded into the empty database');
  }
  const { app, deps } = createApp({ config, db, logger, cache: await createReadCache(db),
    // Request lines straight to stdout unless Azure Monitor also reads them through pino's multistream.
    ...(azure ? { first: [azure.requests] } : { requestLines: (line: string) => destination.write(line) }) });
  azure?.attach(deps);
  const workers = config.server.runWorkers ? startWorkers(deps) : undefined;
  // Express 5 calls this back on a listen error too (the port taken, say): the 'error' listener
  // below reports those.
  const server = app.listen(config.server.port, config.server.host, (err?: Error) => {
    if (err) return;
    const { port } = server.address() as AddressInfo;
    logger.info({ url: `http://${config.server.host}:${port}`, database: db.kind, auth: config.auth.mode }, `Energy CMMS API listening on http://${config.server.host}:${port} (docs at /docs)`);
  });
  answerClientErrors(server);
  server.on('error', (err) => {
    logger.fatal({ err }, 'the server could not start');
    process.exit(1);
  });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server.close();
    server.closeIdleConnections();
    await workers?.stop();
    await db.close();
    await azure?.shutdown().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Energy CMMS API failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
