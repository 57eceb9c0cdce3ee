/**
 * PGlite alone, for the memory split: opens the bench's data folder and answers the same queries
 * the API's GetAsset and ListAssets make, for `seconds`. Prints its peak RSS and the size of
 * PGlite's WebAssembly heap in MB as one JSON line.
 *
 *   node scripts/bench/bare-pglite.ts <dataDir> <gets.json> <lists.json> <seconds>
 */
import { readFileSync } from 'node:fs';
import { openDb } from '../../api/src/db/index.ts';

const [dataDir, getsFile, , seconds] = process.argv.slice(2) as [string, string, string, string];
const keys = (JSON.parse(readFileSync(getsFile, 'utf8')) as string[]).map((p) => decodeURIComponent(p.split('/').pop()!));
const db = await openDb({ dataDir });
let peak = process.memoryUsage().rss;
const until = performance.now() + Number(seconds) * 1000;
let i = 0;
while (performance.now() < until) {
  await db.query('SELECT * FROM assets WHERE codigo_interno = $1', [keys[i++ % keys.length]]);
  await db.query('SELECT * FROM assets WHERE codigo_interno > $1 ORDER BY codigo_interno LIMIT 101', [keys[i % keys.length]]);
  if (i % 100 === 0) peak = Math.max(peak, process.memoryUsage().rss);
}
const wasm = db.engineHeapBytes?.() ?? 0;
await db.close();

process.stdout.write(`${JSON.stringify({ rssMb: peak / 1_048_576, wasmHeapMb: wasm / 1_048_576 })}\n`);
