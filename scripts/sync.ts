/**
 * The operator's sync command: `npm run sync -- assets --full` (or `--changes`, `purchase-orders`).
 * Runs one sync job in this process against the configured database and Dynamics 365, with a
 * progress bar on stderr and a summary on stdout.
 *
 * Exit codes: 0 every record written; 1 some records failed, or the job failed or was cancelled;
 * 2 settings missing or wrong (the message names them); 3 another process is running this sync.
 */
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../api/src/config/index.ts';
import { openDb } from '../api/src/db/index.ts';
import { migrate } from '../api/src/db/migrate.ts';
import { isAppError } from '../api/src/errors/index.ts';
import { createLogger } from '../api/src/http/logging.ts';
import { checkSyncConfigured } from '../api/src/jobs/configured.ts';
import { createProgress, entityLabel } from '../api/src/jobs/progress.ts';
import { JobBusy, runSyncOnce } from '../api/src/jobs/run-once.ts';
import type { Entity } from '../api/src/sync/change-log.ts';

const USAGE = `Usage: npm run sync -- <assets|purchase-orders> [--full | --changes]

  --full      push every record (default: --changes, only what changed since the last sync)
  --changes   push the changes since the last sync job
Settings come from the environment or .env (DYNAMICS_URL, DYNAMICS_TENANT_ID, DYNAMICS_CLIENT_ID,
DYNAMICS_CLIENT_SECRET, DATABASE_URL or DATA_DIR, ...). Ctrl-C cancels at the next chunk.`;

const ENTITIES: Record<string, Entity> = {
  assets: 'assets', asset: 'assets', activos: 'assets',
  'purchase-orders': 'purchaseOrders', purchaseorders: 'purchaseOrders', purchaseOrders: 'purchaseOrders', presupuestos: 'purchaseOrders',
};

export async function main(argv: string[], env: Record<string, string | undefined>): Promise<number> {
  const err = (text: string) => process.stderr.write(`${text}\n`);
  let args;
  try {
    args = parseArgs({ args: argv, allowPositionals: true, options: { full: { type: 'boolean' }, changes: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    err(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const entity = ENTITIES[args.positionals[0] ?? ''];
  if (!entity || args.positionals.length > 1 || (args.values.full && args.values.changes)) {
    err(USAGE);
    return 2;
  }
  const mode = args.values.full ? 'full' : 'changes';

  let config;
  try {
    config = loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      err(e.message);
      return 2;
    }
    throw e;
  }
  try {
    checkSyncConfigured({ config }, entity);
  } catch (e) {
    if (isAppError(e)) {
      err(`Cannot sync ${entityLabel(entity)}: ${e.detail ?? e.message}`);
      return 2;
    }
    throw e;
  }
  // Warnings and errors only: the progress bar shares stderr.
  const logger = createLogger(env.LOG_LEVEL ? config.server.logLevel : 'warn');
  const db = await openDb({ url: config.db.url, dataDir: config.db.dataDir, poolSize: 2 });
  const cancel = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    if (++interrupts > 1) process.exit(130); // the job's lease expires and the next run resumes it
    err('\nCancelling after the chunk in flight (Ctrl-C again to quit at once; the job then resumes on the next run)…');
    cancel.abort();
  };
  process.on('SIGINT', onSigint);
  const progress = createProgress({ write: (t) => process.stderr.write(t), isTTY: process.stderr.isTTY === true, columns: process.stderr.columns });
  try {
    await migrate(db);
    const job = await runSyncOnce({
      config, db, logger, entity, mode,
      requestedBy: `cli:${safeUser()}`,
      cancel: cancel.signal,
      onJob: (j, takenOver) => err(takenOver
        ? `Resuming ${j.mode} sync job ${j.id} of ${entityLabel(j.entity)} from its checkpoint (its worker stopped).`
        : `Started ${mode} sync job ${j.id} of ${entityLabel(entity)}.`),
      onProgress: (j) => progress.update(j),
    });
    for (const line of progress.finish(job)) process.stdout.write(`${line}\n`);
    return job.status === 'succeeded' ? 0 : 1;
  } catch (e) {
    if (isAppError(e) && e.code === 'NOT_CONFIGURED') {
      err(`Cannot sync: ${e.detail ?? e.message}`);
      return 2;
    }
    if (e instanceof JobBusy) {
      err(e.message);
      return 3;
    }
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
    await db.close();
  }
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

if (import.meta.main) {
  if (existsSync('.env')) process.loadEnvFile('.env');
  main(process.argv.slice(2), process.env).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`Sync failed: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
