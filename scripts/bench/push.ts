/**
 * Push benchmark: N assets through `writeRows` into the Dataverse stand-in with a simulated
 * latency per request, for the UpsertMultiple and `$batch` paths, next to a naive sequential push
 * of one PATCH per record measured in the same run (on a sample, since at 20 ms a request the full
 * naive run would take minutes; its rate is per record, so the sample gives the same throughput).
 * `npm run bench` calls `runPushBench()`; run this file directly to print the table.
 */
import { startDataverseStandin } from '../dataverse-standin/index.ts';
import { createDataverseClient, type TableTarget } from '../../api/src/dynamics/index.ts';

export interface PushBenchOptions {
  rows?: number;
  latencyMs?: number;
  naiveSample?: number;
  batchSize?: number;
  maxConcurrency?: number;
}

export interface PushBenchLine {
  path: 'upsertmultiple' | 'batch' | 'naive';
  rows: number;
  seconds: number;
  recordsPerSecond: number;
  httpRequests: number;
  recordsPerRequest: number;
  failed: number;
  speedup: number;
}

export interface PushBenchResult {
  rows: number;
  latencyMs: number;
  batchSize: number;
  maxConcurrency: number;
  lines: PushBenchLine[];
}

const table: TableTarget = { logicalName: 'msdyn_customerasset', entitySet: 'msdyn_customerassets', keyColumn: 'msdyn_assetnumber' };

function assetRows(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    key: `CMMS-${String(i).padStart(6, '0')}`,
    record: { msdyn_name: `Transformer ${i}`, msdyn_serialid: `SN-${i}`, msdyn_acquisitioncost: 125000 + i / 100, msdyn_acquisitiondate: '2024-03-01' },
  }));
}

export async function runPushBench(options: PushBenchOptions = {}): Promise<PushBenchResult> {
  const rows = options.rows ?? 20_000;
  const latencyMs = options.latencyMs ?? 20;
  const batchSize = options.batchSize ?? 1000;
  const maxConcurrency = options.maxConcurrency ?? 8;
  const naiveSample = Math.min(options.naiveSample ?? 500, rows);
  const standin = await startDataverseStandin({ faults: { latencyMs } });
  const data = assetRows(rows);
  const webRequests = () => Object.entries(standin.stats.byKind).filter(([k]) => k !== 'token' && k !== 'discovery').reduce((n, [, v]) => n + v, 0);
  const lines: PushBenchLine[] = [];
  try {
    const measure = async (path: PushBenchLine['path'], n: number, run: () => Promise<number>) => {
      standin.tables.clear('msdyn_customerasset');
      const client = createDataverseClient({ settings: standin.settings({ batchSize, maxConcurrency }), fetch: standin.fetch });
      await client.getJson('WhoAmI'); // token outside the timing
      standin.resetStats();
      const started = performance.now();
      const failed = await run.call(client);
      const seconds = (performance.now() - started) / 1000;
      const httpRequests = webRequests();
      lines.push({ path, rows: n, seconds, recordsPerSecond: n / seconds, httpRequests, recordsPerRequest: n / httpRequests, failed, speedup: 1 });
      return client;
    };
    const withClient = (mode: 'upsertmultiple' | 'batch') =>
      async function (this: ReturnType<typeof createDataverseClient>) {
        const results = await this.writeRows(table, data, { mode });
        return results.filter((r) => !r.ok).length;
      };
    await measure('upsertmultiple', rows, withClient('upsertmultiple'));
    await measure('batch', rows, withClient('batch'));
    await measure('naive', naiveSample, async function (this: ReturnType<typeof createDataverseClient>) {
      let failed = 0;
      for (const row of data.slice(0, naiveSample)) {
        await this.upsertByKey(table.entitySet, table.keyColumn, row.key, row.record).catch(() => failed++);
      }
      return failed;
    });
  } finally {
    await standin.close();
  }
  const naive = lines.find((l) => l.path === 'naive')!;
  for (const line of lines) line.speedup = line.recordsPerSecond / naive.recordsPerSecond;
  return { rows, latencyMs, batchSize, maxConcurrency, lines };
}

export function formatPushBench(result: PushBenchResult): string {
  const head = `Push ${result.rows} assets, ${result.latencyMs} ms per request, batch size ${result.batchSize}, concurrency ${result.maxConcurrency}`;
  const rows = result.lines.map((l) =>
    `${l.path.padEnd(15)} ${String(l.rows).padStart(6)} rows ${l.seconds.toFixed(2).padStart(7)} s ${l.recordsPerSecond.toFixed(0).padStart(7)} rec/s ` +
    `${String(l.httpRequests).padStart(6)} HTTP ${l.recordsPerRequest.toFixed(1).padStart(6)} rec/req ${l.speedup.toFixed(1).padStart(6)}x naive  failed ${l.failed}`);
  return [head, ...rows].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = Number(process.argv[2] ?? 20_000);
  runPushBench({ rows }).then((r) => console.log(formatPushBench(r)), (e: unknown) => { console.error(e); process.exit(1); });
}
