/**
 * `npm run bench [-- --postgres <url>] [--databases pglite,postgres] [--seconds N] [--assets N]
 * [api|writes|push|feed|webhooks]`:
 * speed and memory figures, each against a baseline measured in the same run, so machines of
 * different speed give comparable answers. The API figures come from separate processes (api.ts).
 */
import { prepareTarget, runReadBench, runWriteBench } from './api.ts';
import { runFeedBench } from './feed.ts';
import { runPushBench } from './push.ts';
import { runWebhookBench } from './webhooks.ts';

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args.splice(i, 2)[1] : undefined;
  };
  const postgresUrl = flag('--postgres');
  const ASSETS = Number(flag('--assets') ?? 10_000);
  const SECONDS = Number(flag('--seconds') ?? 10);
  const databases = (flag('--databases') ?? 'pglite,postgres').split(',');
  const only = args;
  const want = (name: string) => only.length === 0 || only.includes(name);
  let misses = 0;

  if (want('api') || want('writes')) {
    const kinds = (['pglite', 'postgres'] as const).filter((k) => databases.includes(k) && (k === 'pglite' || postgresUrl));
    if (!postgresUrl) console.log('\n(PostgreSQL skipped: pass --postgres <url> to measure the production store.)');
    for (const kind of kinds) {
      const target = await prepareTarget(kind, ASSETS, postgresUrl);
      try {
        if (want('api')) {
          const r = await runReadBench(target, { assets: ASSETS, seconds: SECONDS, connections: 16 });
          console.log(`\n## API reads vs a bare Express twin (${kind}): separate processes, autocannon, 16 connections, ${fmt(ASSETS)} assets, ${SECONDS} s each side in alternating windows`);
          console.log(`API ready ${fmt(r.readyMs)} ms after spawn on an existing ${kind === 'pglite' ? 'data folder' : 'database'} (target ≤ 2 000 ms ${r.readyMs <= 2000 ? 'met' : 'MISSED'})`);
          if (r.readyMs > 2000) misses++;
          console.log('| operation | API 2xx/s | API other | API p99 ms | twin 2xx/s | twin p99 ms | ratio | target | p99 ≤ 2× twin | API peak RSS MB |');
          console.log('|---|---|---|---|---|---|---|---|---|---|');
          for (const row of r.rows) {
            const ok = row.ratio >= row.target;
            const p99ok = row.api.p99 <= 2 * Math.max(row.twin.p99, 1);
            if (!ok) misses++;
            if (!p99ok) misses++;
            console.log(`| ${row.name} | ${fmt(row.api.okPerSecond)} | ${fmt(row.api.other + row.api.errors)} | ${row.api.p99} | ${fmt(row.twin.okPerSecond)} | ${row.twin.p99} | ${fmt(row.ratio, 2)} | ≥ ${row.target} ${ok ? 'met' : 'MISSED'} | ${p99ok ? 'met' : 'MISSED'} | ${fmt(row.apiRssMb)} |`);
          }
          console.log(`Ratio window by window: ${r.rows.map((row) => `${row.name.split(' ')[0]} ${row.roundRatios.map((x) => fmt(x, 2)).join(', ')}`).join('; ')}`);
          const rss = Math.max(...r.rows.map((x) => x.apiRssMb));
          if (kind === 'postgres') {
            const ok = rss <= 200;
            if (!ok) misses++;
            console.log(`API process peak RSS under load: ${fmt(rss)} MB (target ≤ 200 MB ${ok ? 'met' : 'MISSED'})`);
          } else if (r.barePglite) {
            const app = rss - r.barePglite.peakRssMb;
            const ok = app <= 100;
            if (!ok) misses++;
            console.log(`API process peak RSS under load: ${fmt(rss)} MB; a bare PGlite process on the same data and queries: ${fmt(r.barePglite.peakRssMb)} MB (WebAssembly heap ${fmt(r.barePglite.wasmHeapMb)} MB); the app above PGlite: ${fmt(app)} MB (target ≤ 100 MB ${ok ? 'met' : 'MISSED'})`);
          }
        }
        if (want('writes')) {
          const instances = kind === 'postgres' ? 2 : 1;
          const w = await runWriteBench(target, { instances, connections: 16, seconds: SECONDS });
          const ok = kind !== 'postgres' || (w.createdPerSecond >= 1000 && w.logged >= w.created);
          if (!ok) misses++;
          console.log(`\n## CreateAsset (${kind}): ${w.connections} connections over ${w.instances} API process(es), ${SECONDS} s`);
          console.log(`${fmt(w.createdPerSecond)} created/s (${fmt(w.created)} created, ${fmt(w.other)} other answers, p99 ${w.p99} ms, change-log entries ${fmt(w.logged)})` +
            (kind === 'postgres' ? ` (target ≥ 1 000/s ${ok ? 'met' : 'MISSED'})` : ' (informative: one process owns the embedded database)'));
        }
      } finally {
        await target.cleanup();
      }
    }
  }

  if (want('push')) {
    const result = await runPushBench();
    console.log(`\n## Push into the Dataverse stand-in: ${fmt(result.rows)} assets, ${result.latencyMs} ms per request, batch ${result.batchSize}, concurrency ${result.maxConcurrency}`);
    console.log('| path | records | seconds | records/s | HTTP requests | records per request | × naive | target |');
    console.log('|---|---|---|---|---|---|---|---|');
    for (const l of result.lines) {
      const bulk = l.path !== 'naive';
      const ok = !bulk || (l.recordsPerRequest >= 100 && l.speedup >= 50 && l.failed === 0);
      if (!ok) misses++;
      const label = l.path === 'naive' ? 'naive: one PATCH per record, sequential (sample)' : l.path === 'batch' ? '$batch' : 'UpsertMultiple';
      console.log(`| ${label} | ${fmt(l.rows)} | ${fmt(l.seconds, 2)} | ${fmt(l.recordsPerSecond)} | ${fmt(l.httpRequests)} | ${fmt(l.recordsPerRequest, 1)} | ${fmt(l.speedup, 1)} | ${bulk ? `≥ 100 rec/req, ≥ 50× ${ok ? 'met' : 'MISSED'}` : 'baseline'} |`);
    }
  }
  if (want('feed')) {
    const f = await runFeedBench({ changes: 100_000 });
    console.log(`\n## Change feed: ${fmt(f.changes)} changes read and acknowledged in pages of ${f.pageSize} (${f.database})`);
    console.log('| measure | feed | baseline | ratio |');
    console.log('|---|---|---|---|');
    console.log(`| items/s (baseline: bare SQL paging of the log joined to the records, ids set) | ${fmt(f.itemsPerSecond)} | ${fmt(f.rawItemsPerSecond)} | ${fmt(f.itemsPerSecond / f.rawItemsPerSecond, 2)} |`);
    console.log(`| peak RSS MB (baseline: RSS before the run) | ${fmt(f.peakRssMb)} | ${fmt(f.startRssMb)} | ${fmt(f.peakRssMb / f.startRssMb, 2)} |`);
  }

  if (want('webhooks')) {
    const w = await runWebhookBench();
    console.log(`\n## Webhook fan-out: ${w.subscriptions} subscriptions × ${fmt(w.changes)} changes = ${fmt(w.deliveries)} signed deliveries to a local receiver, concurrency ${w.concurrency} (${w.database})`);
    console.log('| measure | outbox | baseline | ratio |');
    console.log('|---|---|---|---|');
    console.log(`| deliveries/s (baseline: the same POSTs sent straight, no outbox) | ${fmt(w.deliveriesPerSecond)} | ${fmt(w.bareDeliveriesPerSecond)} | ${fmt(w.deliveriesPerSecond / w.bareDeliveriesPerSecond, 2)} |`);
    console.log(`| peak RSS MB (baseline: RSS before the run) | ${fmt(w.peakRssMb)} | ${fmt(w.startRssMb)} | ${fmt(w.peakRssMb / w.startRssMb, 2)} |`);
  }

  console.log(`\n${misses === 0 ? 'All targets met.' : `${misses} target(s) missed.`}`);
}

await main();
