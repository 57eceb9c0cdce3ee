/**
 * The load client, run in a process of its own: autocannon with `connections` keep-alive
 * connections for `seconds`, GETs cycling through the paths in a file, or POSTs of new assets with
 * unique keys. Prints one JSON line: 2xx answers per second, the count of other answers, p99.
 *
 *   node scripts/bench/client.ts <url> get <paths.json> <connections> <seconds>
 *   node scripts/bench/client.ts <url> create <key-prefix> <connections> <seconds>
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

export interface ClientResult {
  ok: number;
  other: number;
  errors: number;
  seconds: number;
  okPerSecond: number;
  p50: number;
  p99: number;
}

const [url, mode, arg, connections, seconds] = process.argv.slice(2) as [string, 'get' | 'create', string, string, string];
let n = 0;
const paths: string[] = mode === 'get' ? JSON.parse(readFileSync(arg, 'utf8')) : [];
const request = mode === 'get'
  ? { method: 'GET' as const, setupRequest: (r: { path: string }) => ({ ...r, path: paths[n++ % paths.length]! }) }
  : {
      method: 'POST' as const,
      headers: { 'content-type': 'application/json' },
      setupRequest: (r: Record<string, unknown>) => ({
        ...r,
        path: '/assets',
        body: JSON.stringify({ codigo_interno: `${arg}-${process.pid}-${n++}`, nombre: 'Bench asset', valor_adquisicion: 1250.5, sitio: 'PE-VIENTOS' }),
      }),
    };
const result = await autocannon({ url, connections: Number(connections), duration: Number(seconds), requests: [request] });
const ok = result['2xx'];
const out: ClientResult = {
  ok,
  other: result.non2xx,
  errors: result.errors + result.timeouts,
  seconds: result.duration,
  okPerSecond: ok / result.duration,
  p50: result.latency.p50,
  p99: result.latency.p99,
};
process.stdout.write(`${JSON.stringify(out)}\n`);
