/**
 * Reads and writes measured as a user meets them: the API started as `npm start` starts it (default
 * logging, its own process), a bare Express twin serving the very bytes the API answered (its own
 * process) and autocannon as the client (its own process), 16 connections, 10 000 assets. Only 2xx
 * answers count; the number of other answers is reported. The rate limit is switched off
 * (RATE_LIMIT_PER_MINUTE=0): a load test from one address is exactly what it exists to refuse.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type Db } from '../../api/src/db/index.ts';
import { migrate } from '../../api/src/db/migrate.ts';
import type { ClientResult } from './client.ts';
import { runClient, runScript, startApi, startTwin, type Proc } from './processes.ts';

export interface BenchTarget {
  kind: 'pglite' | 'postgres';
  /** The environment that points the API at the data (DATA_DIR or DATABASE_URL). */
  env: Record<string, string>;
  open(): Promise<Db>;
  cleanup(): Promise<void>;
}

/** A fresh database with `assets` assets: a PGlite data folder, or a schema of its own on a server. */
export async function prepareTarget(kind: 'pglite' | 'postgres', assets: number, postgresUrl?: string): Promise<BenchTarget> {
  let target: BenchTarget;
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'cmms-bench-'));
    target = { kind, env: { DATA_DIR: dir }, open: () => openDb({ dataDir: dir }), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  } else {
    if (!postgresUrl) throw new Error('the PostgreSQL bench needs a server: npm run bench -- --postgres <url>');
    const schema = `bench_${randomBytes(5).toString('hex')}`;
    const url = new URL(postgresUrl);
    url.searchParams.set('options', `-c search_path=${schema}`);
    target = {
      kind,
      env: { DATABASE_URL: url.toString() },
      open: () => openDb({ url: postgresUrl, schema, poolSize: 2 }),
      cleanup: async () => {
        const db = await openDb({ url: postgresUrl, poolSize: 1 });
        await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await db.close();
      },
    };
  }
  const db = await target.open();
  try {
    await migrate(db);
    await db.query(
      `INSERT INTO assets (codigo_interno, nombre, numero_de_serie, valor_adquisicion, valor_libros, fecha_adquisicion, sitio, categoria, ubicacion, fabricante, modelo)
       SELECT 'A-' || lpad(g::text, 6, '0'), 'Turbina ' || g, 'SN' || g, 1000000.1234 + g, 500000.5 + g, now(), 'PE-VIENTOS', 'turbina',
              'Torre ' || (g % 40), 'Vestas', 'V150-4.2'
         FROM generate_series(0, $1::int - 1) AS g`,
      [assets],
    );
    await db.query('ANALYZE assets');
  } finally {
    await db.close();
  }
  return target;
}

const key = (i: number) => `A-${String(i).padStart(6, '0')}`;

/** Windows each side gets, taking turns; `--seconds` is split between them. */
const ROUNDS = 3;

/** Several windows of one side as one: their answers over their time; the worst window's p99. */
function combine(results: ClientResult[]): ClientResult {
  const sum = (f: (r: ClientResult) => number) => results.reduce((n, r) => n + f(r), 0);
  const seconds = sum((r) => r.seconds);
  return {
    ok: sum((r) => r.ok), other: sum((r) => r.other), errors: sum((r) => r.errors), seconds,
    okPerSecond: sum((r) => r.ok) / seconds,
    p50: Math.max(...results.map((r) => r.p50)), p99: Math.max(...results.map((r) => r.p99)),
  };
}

export interface ReadRow {
  name: string;
  api: ClientResult;
  twin: ClientResult;
  /** The API's 2xx rate over the twin's, over all windows. */
  ratio: number;
  /** The same, window by window, to show the spread. */
  roundRatios: number[];
  target: number;
  apiRssMb: number;
}

export interface ReadBench {
  kind: 'pglite' | 'postgres';
  readyMs: number;
  rows: ReadRow[];
  /** PGlite only: a bare PGlite process on the same data answering the same queries. */
  barePglite?: { peakRssMb: number; wasmHeapMb: number };
}

async function bodiesFor(api: Proc, paths: string[], file: string): Promise<void> {
  const bodies: Record<string, string> = {};
  for (const p of paths) {
    const res = await fetch(api.url + p);
    if (res.status !== 200) throw new Error(`GET ${p} answered ${res.status}`);
    bodies[p] = await res.text();
  }
  writeFileSync(file, JSON.stringify(bodies));
}

export async function runReadBench(target: BenchTarget, options: { assets: number; seconds: number; connections: number }): Promise<ReadBench> {
  const work = mkdtempSync(join(tmpdir(), 'cmms-bench-paths-'));
  const api = await startApi({ ...target.env, RATE_LIMIT_PER_MINUTE: '0' });
  const procs: Proc[] = [api];
  try {
    const step = Math.max(1, Math.floor(options.assets / 1000));
    const gets = Array.from({ length: Math.min(1000, options.assets) }, (_, i) => `/assets/${key(i * step)}`);
    const lists = Array.from({ length: 100 }, (_, i) => i === 0 ? '/assets?top=100'
      : `/assets?top=100&skiptoken=${Buffer.from(JSON.stringify({ k: key(Math.floor((i * options.assets) / 100) - 1) })).toString('base64url')}`);
    const rows: ReadRow[] = [];
    for (const [name, paths, goal] of [['GetAsset', gets, 0.8], ['ListAssets (100 per page)', lists, target.kind === 'postgres' ? 0.5 : 0.8]] as const) {
      const pathsFile = join(work, `${rows.length}.json`);
      const bodiesFile = join(work, `${rows.length}.bodies.json`);
      writeFileSync(pathsFile, JSON.stringify(paths));
      await bodiesFor(api, paths, bodiesFile);
      const twin = await startTwin(bodiesFile);
      procs.push(twin);
      const args = (p: Proc, seconds: number) => [p.url, 'get', pathsFile, String(options.connections), String(seconds)];
      await runClient(args(twin, 2));
      await runClient(args(api, 2)); // warm-up: the JIT, the pool, the read cache
      // The twin and the API take turns, ROUNDS windows each, so a drift in the machine's speed
      // during the run (other tenants, frequency) weighs on both sides alike rather than on one.
      const twinRounds: ClientResult[] = [];
      const apiRounds: (ClientResult & { peakRssMb: number[] })[] = [];
      const window = Math.max(1, Math.round(options.seconds / ROUNDS));
      for (let round = 0; round < ROUNDS; round++) {
        twinRounds.push(await runClient(args(twin, window)));
        apiRounds.push(await runClient(args(api, window), [api.child.pid!]));
      }
      const t = combine(twinRounds);
      const a = combine(apiRounds);
      rows.push({
        name, api: a, twin: t, ratio: a.okPerSecond / t.okPerSecond, target: goal,
        apiRssMb: Math.max(...apiRounds.map((r) => r.peakRssMb[0]!)),
        roundRatios: apiRounds.map((r, i) => r.okPerSecond / twinRounds[i]!.okPerSecond),
      });
      await twin.stop();
    }
    await api.stop();
    let barePglite: ReadBench['barePglite'];
    if (target.kind === 'pglite') {
      // The same data folder and the same queries in a process holding PGlite alone.
      const bare = await runScript<{ rssMb: number; wasmHeapMb: number }>('scripts/bench/bare-pglite.ts',
        [target.env.DATA_DIR!, join(work, '0.json'), join(work, '1.json'), String(options.seconds)]);
      barePglite = { peakRssMb: bare.rssMb, wasmHeapMb: bare.wasmHeapMb };
    }
    return { kind: target.kind, readyMs: api.readyMs, rows, ...(barePglite ? { barePglite } : {}) };
  } finally {
    for (const p of procs) await p.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

export interface WriteBench {
  kind: 'pglite' | 'postgres';
  instances: number;
  connections: number;
  created: number;
  other: number;
  createdPerSecond: number;
  p99: number;
  /** Every created asset has its change-log entry. */
  logged: number;
}

/**
 * CreateAsset with `connections` clients spread over `instances` API processes on one database
 * (PostgreSQL; the embedded database is owned by one process, so there it is one instance).
 */
export async function runWriteBench(target: BenchTarget, options: { instances: number; connections: number; seconds: number }): Promise<WriteBench> {
  const apis: Proc[] = [];
  try {
    for (let i = 0; i < options.instances; i++) apis.push(await startApi({ ...target.env, RATE_LIMIT_PER_MINUTE: '0' }));
    const per = Math.ceil(options.connections / options.instances);
    const results = await Promise.all(apis.map((api, i) => runClient([api.url, 'create', `W${i}`, String(per), String(options.seconds)])));
    for (const api of apis) await api.stop();
    const db = await target.open();
    const logged = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM change_log WHERE entity = 'assets' AND record_key LIKE 'W%'");
    await db.close();
    const created = results.reduce((n, r) => n + r.ok, 0);
    return {
      kind: target.kind,
      instances: options.instances,
      connections: per * options.instances,
      created,
      other: results.reduce((n, r) => n + r.other + r.errors, 0),
      createdPerSecond: results.reduce((n, r) => n + r.okPerSecond, 0),
      p99: Math.max(...results.map((r) => r.p99)),
      logged: Number(logged.rows[0]!.n),
    };
  } finally {
    for (const api of apis) await api.stop();
  }
}
