/**
 * The bare Express twin, run in a process of its own: answers each path with the very bytes the
 * API answered for it (read from a JSON file of path → body), as `application/json`.
 *
 *   node scripts/bench/twin.ts <bodies.json>     prints "listening <port>"
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import express from 'express';

const bodies = new Map<string, string>(Object.entries(JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Record<string, string>));
const app = express();
app.get('/{*rest}', (req, res) => {
  const body = bodies.get(req.originalUrl);
  if (body === undefined) res.status(404).end();
  else res.type('application/json').send(body);
});
const server = app.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`));
