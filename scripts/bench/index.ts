/**
 * `npm run bench`: speed and memory figures, each as a ratio against a baseline measured in the
 * same process and run, so machines of different speed give comparable answers.
 */
import { runApiBench } from './api.ts';
import { runFeedBench } from './feed.ts';
import { runPushBench } from './push.ts';
import { runWebhookBench } from './webhooks.ts';

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const want = (name: string) => only.length === 0 || only.includes(name);
  let misses = 0;

  if (want('api')) {
    console.log('\n## API reads vs bare Express (same JSON, same client, same process)');
    console.log('| operation | API req/s | API p99 ms | bare req/s | bare p99 ms | ratio | target |');
    console.log('|---|---|---|---|---|---|---|');
    for (const r of await runApiBench()) {
      const ok = r.ratio >= r.target;
      if (!ok) misses++;
      console.log(`| ${r.name} | ${fmt(r.api.rps)} | ${fmt(r.api.p99, 1)} | ${fmt(r.bare.rps)} | ${fmt(r.bare.p99, 1)} | ${fmt(r.ratio, 2)} | ≥ ${r.target} ${ok ? 'met' : 'MISSED'} |`);
    }
    for (const r of await runApiBench({ cache: false, requests: 2000 })) {
      console.log(`| ${r.name}, read cache off | ${fmt(r.api.rps)} | ${fmt(r.api.p99, 1)} | ${fmt(r.bare.rps)} | ${fmt(r.bare.p99, 1)} | ${fmt(r.ratio, 2)} | (informative) |`);
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
