/**
 * `npm run demo`: the whole loop on one machine, no Dynamics tenant needed. Starts the local
 * Dataverse stand-in and the API (embedded database in a fresh temporary folder, demo data,
 * Dynamics settings pointing at the stand-in), then starts sync jobs through the API itself, as a
 * Power Automate flow would (POST /sync/jobs, then poll the Location URL), printing progress and
 * a few of the rows that arrived. Both keep running until Ctrl-C; `--once` exits after the sync.
 *
 *   npm run demo [-- --once] [--port 3000] [--data-dir ./data/demo] [--latency-ms 20] [--mapping cmms-tables]
 * Without --port it uses 3000, or any free port when 3000 is taken. --mapping picks the preset:
 * cmms-tables (default: the tables the solutions ship), documented or field-service.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from '../api/src/app.ts';
import { loadConfig, MAPPING_PRESETS, type MappingPreset } from '../api/src/config/index.ts';
import { loadMapping } from '../api/src/sync/mapping.ts';
import { writesToDynamics } from '../api/src/sync/ownership.ts';
import { openDb } from '../api/src/db/index.ts';
import { migrate } from '../api/src/db/migrate.ts';
import { seedDemoData } from '../api/src/demo/seed.ts';
import { ensureAlternateKey } from '../api/src/dynamics/alternate-keys.ts';
import { createDataverseClient, registerDataverseWebhook } from '../api/src/dynamics/index.ts';
import { createLogger } from '../api/src/http/logging.ts';
import { entityLabel } from '../api/src/jobs/progress.ts';
import { assetWebhookStep, purchaseOrderWebhookStep } from '../api/src/sync/webhook-step.ts';
import { startWorkers } from '../api/src/workers.ts';
import { startDataverseStandin, type DataverseStandin } from './dataverse-standin/index.ts';

const { values } = parseArgs({
  options: {
    once: { type: 'boolean', default: false },
    port: { type: 'string' },
    'data-dir': { type: 'string' },
    'latency-ms': { type: 'string', default: '20' },
    mapping: { type: 'string', default: 'cmms-tables' },
  },
});
const preset = values.mapping as MappingPreset;
if (!MAPPING_PRESETS.includes(preset)) {
  process.stderr.write(`--mapping must be one of ${MAPPING_PRESETS.join(', ')}\n`);
  process.exit(2);
}

const say = (text: string) => process.stdout.write(`${text}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const standin = await startDataverseStandin({ faults: { latencyMs: Number(values['latency-ms']) } });
// Field Service purchase orders need a vendor account and a currency: the demo makes the vendor.
const vendorAccountId = preset === 'field-service' ? await demoVendor(standin) : '';
const tempDir = values['data-dir'] ? undefined : mkdtempSync(join(tmpdir(), 'cmms-demo-'));
const dataDir = values['data-dir'] ? resolve(values['data-dir']) : join(tempDir!, 'data');

// The demo's own settings win over any .env: it must never push to a real environment.
const config = loadConfig({
  ...process.env,
  HOST: '127.0.0.1',
  PORT: values.port ?? '3000',
  AUTH_MODE: 'none',
  DATABASE_URL: '',
  DATA_DIR: dataDir,
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  SEED_DEMO_DATA: 'true',
  DYNAMICS_URL: standin.url,
  DYNAMICS_AUTHORITY_HOST: standin.authorityHost,
  DYNAMICS_TENANT_ID: standin.tenantId,
  DYNAMICS_CLIENT_ID: standin.clientId,
  DYNAMICS_CLIENT_SECRET: standin.clientSecret,
  DYNAMICS_CLIENT_CERTIFICATE_PATH: '',
  // The documented mapping leaves the purchase-order table to the environment: the stand-in's custom one.
  DYNAMICS_PURCHASE_ORDER_TABLE: preset === 'documented' ? 'cr123_purchaseorder' : '',
  DYNAMICS_PURCHASE_ORDER_ENTITY_SET: preset === 'documented' ? 'cr123_purchaseorders' : '',
  MAPPING_PRESET: preset,
  // The stand-in calls the API back through its registered webhook steps with this key.
  DATAVERSE_WEBHOOK_KEY: randomBytes(18).toString('base64url'),
  MAPPING_FILE: '',
  DYNAMICS_VENDOR_ACCOUNT_ID: vendorAccountId,
  DYNAMICS_CURRENCY_CODE: preset === 'field-service' ? 'USD' : '',
});
const mapping = loadMapping(config);
if (preset === 'field-service') {
  // What `npm run dataverse:keys` does in a real environment: Field Service defines no key on these columns.
  const client = createDataverseClient({ settings: config.dynamics, fetch: standin.fetch });
  for (const entity of ['assets', 'purchaseOrders'] as const) {
    const key = await ensureAlternateKey(client, mapping.entities[entity].logicalName!, mapping.entities[entity].keyColumn);
    say(`Alternate key ${key.schemaName} on ${key.table}.${key.column}: ${key.action}, ${key.status}`);
  }
  say(`Vendor account ${vendorAccountId} and currency USD bound on every purchase order`);
}
const sets = { assets: mapping.entities.assets.entitySet!, purchaseOrders: mapping.entities.purchaseOrders.entitySet! };
say(`Dataverse stand-in on ${standin.url} (mapping ${mapping.name}: tables ${sets.assets}, ${sets.purchaseOrders}; ${values['latency-ms']} ms per request)`);
const logger = createLogger(config.server.logLevel);
const db = await openDb({ dataDir });
await migrate(db);
const { rows } = await db.query<{ n: number }>('SELECT (SELECT count(*) FROM assets) + (SELECT count(*) FROM purchase_orders) AS n');
if (Number(rows[0]!.n) === 0) {
  const seeded = await seedDemoData(db, new Date());
  say(`CMMS database in ${dataDir}: ${seeded.assets} assets and ${seeded.purchaseOrders} purchase orders of demo data`);
}
// The stand-in's certificate is self-signed: the Dataverse client gets a fetch that trusts it.
const { app, deps } = createApp({ config, db, logger, fetch: standin.fetch });
const workers = startWorkers(deps);
function listen(port: number): Promise<ReturnType<typeof app.listen>> {
  return new Promise((ok, fail) => {
    const s = app.listen(port, config.server.host);
    s.once('listening', () => ok(s)).once('error', fail);
  });
}
let server: ReturnType<typeof app.listen>;
try {
  server = await listen(config.server.port);
} catch (e) {
  if ((e as { code?: string }).code !== 'EADDRINUSE') throw e;
  if (values.port !== undefined) {
    // The operator chose this port: say so plainly instead of a stack trace, and leave nothing behind.
    process.stderr.write(`Port ${config.server.port} is in use (another API or demo?): pass a free one with --port, or --port 0 for any.\n`);
    await workers.stop();
    await db.close();
    await standin.close();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    process.exit(2);
  }
  // Port 3000 is usually taken by `npm start` in another terminal: the demo takes any free port.
  say(`Port ${config.server.port} is in use (probably \`npm start\`); the demo API takes a free port instead.`);
  server = await listen(0);
}
const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
say(`Energy CMMS API on ${api} (docs at ${api}/docs)\n`);

// Changes made in Dynamics come back as they would from a real environment: webhook steps registered
// from the mapping (purchase-order status; the asset columns Dynamics owns, the book value).
{
  const client = createDataverseClient({ settings: config.dynamics, fetch: standin.fetch });
  const steps = [['Energy CMMS purchase-order status', purchaseOrderWebhookStep(mapping)], ['Energy CMMS asset finance', assetWebhookStep(mapping)]] as const;
  for (const [name, step] of steps) {
    if (!step) continue;
    await registerDataverseWebhook(client, { name, url: `${api}/dataverse/webhook`, key: config.sync.dataverseWebhookKey!, ...step });
    say(`Dataverse webhook "${name}": ${step.entityLogicalName} changes of ${step.filteringAttributes.join(', ')} call ${api}/dataverse/webhook`);
  }
}

async function syncThroughApi(entity: 'assets' | 'purchaseOrders'): Promise<Record<string, unknown>> {
  const start = await fetch(`${api}/sync/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ entity, mode: 'full' }) });
  const job = (await start.json()) as Record<string, unknown>;
  if (start.status !== 202) throw new Error(`StartSyncJob answered ${start.status}: ${JSON.stringify(job)}`);
  const location = start.headers.get('location')!;
  say(`POST /sync/jobs {"entity":"${entity}","mode":"full"} → 202, Location ${location}, Retry-After ${start.headers.get('retry-after')} s`);
  let lastShown = -1;
  for (;;) {
    // A flow waits Retry-After between polls; the demo polls faster to show progress.
    const poll = await fetch(location);
    if (poll.status === 200) {
      const done = (await poll.json()) as Record<string, unknown>;
      say(`GET ${new URL(location).pathname} → 200: ${done.status}, ${done.written} written, ${done.failed} failed of ${done.total} in ${Number(done.durationSeconds).toFixed(2)} s`);
      return done;
    }
    const list = (await (await fetch(`${api}/sync/jobs?entity=${entity}&top=1`)).json()) as { value: Array<Record<string, unknown>> };
    const now = list.value[0];
    if (now && now.percentComplete !== lastShown) {
      lastShown = Number(now.percentComplete);
      say(`  ${entityLabel(entity)}: ${now.status} ${now.percentComplete}% (${now.written}/${now.total} written)`);
    }
    await sleep(150);
  }
}

async function demoVendor(s: DataverseStandin): Promise<string> {
  const client = createDataverseClient({ settings: s.settings(), fetch: s.fetch });
  const res = await client.request({ method: 'POST', path: 'accounts', body: { name: 'Suministros Eléctricos SA' }, headers: { Prefer: 'return=representation' } });
  return (JSON.parse(res.text) as { accountid: string }).accountid;
}

/** A few rows of each table, and how many rows have every mapped column filled. */
function showRows(s: DataverseStandin): void {
  say('\nA few rows now in the stand-in:');
  const totals: string[] = [];
  for (const entity of ['assets', 'purchaseOrders'] as const) {
    const m = mapping.entities[entity];
    const rows = s.tables.rows(sets[entity]);
    const shown = m.columns.slice(0, 4).map((c) => c.column);
    for (const r of rows.slice(0, 4)) say(`  ${sets[entity]}  ${shown.map((c) => `${c}=${String(r[c]).slice(0, 30)}`).join('  ')}`);
    const lookups = (m.lookups ?? []).map((l) => `_${l.navigation}_value`);
    // Columns Dynamics owns (the book value) are not written by the sync: Dynamics fills them.
    const written = m.columns.filter(writesToDynamics).map((c) => c.column);
    const filled = rows.filter((r) => [...written, ...lookups].every((c) => r[c] !== null && r[c] !== undefined)).length;
    totals.push(`${rows.length} ${entityLabel(entity)} (${filled} with every column the sync writes${lookups.length ? ' and every lookup' : ''} filled)`);
  }
  say(`Stand-in totals: ${totals.join(', ')}; ${s.stats.requests} requests (${JSON.stringify(s.stats.byKind)})`);
  const status = mapping.entities.purchaseOrders.columns.find((c) => c.source === 'estado' && c.options);
  if (status) {
    const count = new Map<unknown, number>();
    for (const r of s.tables.rows(sets.purchaseOrders)) count.set(r[status.column], (count.get(r[status.column]) ?? 0) + 1);
    const labels = [...new Map(status.options!.map((o) => [o.optionValue, o.label ?? o.value])).entries()];
    say(`Purchase orders by ${status.column}: ${labels.map(([v, label]) => `${label} (${v}) ${count.get(v) ?? 0}`).join(', ')}`);
  }
}

let exitCode = 0;
try {
  for (const entity of ['assets', 'purchaseOrders'] as const) {
    const done = await syncThroughApi(entity);
    if (done.status !== 'succeeded') exitCode = 1;
  }
  showRows(standin);
} catch (e) {
  process.stderr.write(`Demo sync failed: ${(e as Error).message}\n`);
  exitCode = 1;
}

async function shutdown(code: number): Promise<never> {
  server.close();
  server.closeAllConnections();
  await workers.stop();
  await db.close();
  await standin.close();
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  process.exit(code);
}

if (values.once) await shutdown(exitCode);
say(`\nBoth keep running. Try: curl -X POST ${api}/sync/jobs -H 'content-type: application/json' -d '{"entity":"assets","mode":"changes"}'`);
say(`Finance edits in Dynamics flow back: change an asset's msdyn_currentbookvalue in the stand-in (${standin.url}/api/data/v9.2/msdyn_customerassets, client ${standin.clientId}) and GET ${api}/assets/<codigo_interno> shows it as valor_libros.`);
say('Ctrl-C stops the API and the stand-in.');
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
