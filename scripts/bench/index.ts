/**
 * `npm run bench`: speed and memory figures, each as a ratio against a baseline measured in the
 * same process and run, so machines of different speed give comparable answers.
 */
import { runApiBench } from './api.ts';

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
  }
  console.log(`\n${misses === 0 ? 'All targets met.' : `${misses} target(s) missed.`}`);
}

await main();
