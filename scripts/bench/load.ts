/**
 * A small closed-loop load generator: `connections` keep-alive sockets each sending the next
 * request as soon as the previous answer arrives, for `requests` requests in all. Written here
 * rather than using autocannon so the bench needs no extra dependency and measures the API and
 * its bare-Express baseline with exactly the same client in the same process.
 */
import http from 'node:http';

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

export async function load(url: string, options: { requests: number; connections: number; path: () => string }): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const target = new URL(url);
  const latencies: number[] = [];
  let errors = 0;
  let issued = 0;
  const one = () =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      const req = http.request({ host: target.hostname, port: target.port, path: options.path(), agent, method: 'GET' }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode !== 200) errors++;
          latencies.push(performance.now() - started);
          resolve();
        });
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end();
    });
  const worker = async () => {
    while (issued < options.requests) {
      issued++;
      await one();
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: options.connections }, worker));
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
  return { requests: latencies.length, seconds, rps: latencies.length / seconds, p50: pct(0.5), p99: pct(0.99), errors };
}
