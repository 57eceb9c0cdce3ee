import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../api/src/db/index.ts';
import { serverUrl } from '../support/db.ts';
import { startServer, type ServerProcess } from '../support/process.ts';
import { startReceiver, type Receiver } from './receiver.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'cmms-kill-'));
// On PostgreSQL (TEST_DATABASE_URL) the server gets a schema of its own, through libpq's options.
const schema = serverUrl ? `kill_${randomBytes(6).toString('hex')}` : undefined;
let rx: Receiver;
beforeAll(async () => {
  rx = await startReceiver();
  if (schema) await (await openDb({ url: serverUrl, schema, poolSize: 1 })).close();
});
afterAll(async () => {
  await rx.close();
  rmSync(dataDir, { recursive: true, force: true });
  if (schema) {
    const db = await openDb({ url: serverUrl, poolSize: 1 });
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db.close();
  }
});

function withSearchPath(url: string, name: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${name}`);
  return u.toString();
}

const CHANGES = 24;
const env: Record<string, string> = {
  DATA_DIR: dataDir,
  WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
  AUTH_MODE: 'none',
  SEED_DEMO_DATA: 'false',
  // A short timeout keeps the lease of deliveries cut off by the kill short (timeout + 5 s).
  WEBHOOK_TIMEOUT_MS: '2000',
  WEBHOOK_CONCURRENCY: '4',
  ...(serverUrl && schema ? { DATABASE_URL: withSearchPath(serverUrl, schema) } : {}),
};

async function call(server: ServerProcess, method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

function feedKeys(page: Record<string, unknown>): string[] {
  return (page.items as { key: string }[]).map((i) => i.key).sort();
}

describe('a server killed mid-delivery', () => {
  it('after restart on the same data delivers every change at least once and serves the unacknowledged feed batch again', async () => {
    // The receiver never answers the first server (which gives up after WEBHOOK_TIMEOUT_MS and
    // retries), so no delivery it received can be recorded as delivered before the kill: with a
    // 400 ms hold, an answer sent between the last arrival and the kill was, on a loaded machine.
    rx.answer = () => ({ status: 200, delayMs: 60_000 });
    let first: ServerProcess | undefined = await startServer(env);
    const keys = Array.from({ length: CHANGES }, (_, i) => `KILL-${String(i).padStart(3, '0')}`);
    let inFlightAtKill: string | undefined;
    let feedBefore: string[] = [];
    let secret = '';
    let firstOutput = '';
    try {
      // Like a Logic Apps callback, the URL carries its own signature; neither it nor our secret may reach the log.
      const sub = await call(first, 'POST', '/webhooks/assets', { callbackUrl: `${rx.url}?sig=CALLBACK-SIG-123` });
      expect(sub.status).toBe(201);
      secret = String(sub.json.secret);
      for (const k of keys) expect((await call(first, 'POST', '/assets', { codigo_interno: k, nombre: `Asset ${k}` })).status).toBe(201);
      // A feed batch read and never acknowledged, in flight when the process dies.
      const feed = await call(first, 'GET', '/sync/assets/changes?consumer=kill-test&limit=1000');
      expect(feed.status).toBe(200);
      feedBefore = feedKeys(feed.json);
      expect(feedBefore).toEqual(keys);
      await rx.waitFor(3);
      // The receiver is holding this request and has not answered it: the delivery is not done.
      inFlightAtKill = String(rx.received[rx.received.length - 1]!.json.eventId);
      firstOutput = first.output();
      await first.kill('SIGKILL');
      first = undefined;
      expect(new Set(rx.received.map((r) => r.json.key)).size).toBeLessThan(CHANGES);
    } finally {
      await first?.kill('SIGKILL');
    }

    rx.answer = () => ({ status: 200 });
    const second = await startServer(env);
    try {
      const deadline = Date.now() + 60_000;
      // The delivery cut off by the kill is sent again once its lease (timeout + 5 s) runs out.
      const resent = () => rx.received.filter((r) => r.json.eventId === inFlightAtKill).length >= 2;
      while ((new Set(rx.received.map((r) => r.json.key)).size < CHANGES || !resent()) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
      const delivered = new Set(rx.received.map((r) => String(r.json.key)));
      expect([...delivered].sort()).toEqual(keys);
      // At-least-once: the delivery cut off by the kill was sent again after the restart.
      expect(rx.received.filter((r) => r.json.eventId === inFlightAtKill).length).toBeGreaterThanOrEqual(2);
      // One event per change, each with its own id: duplicates are repeats of the same event.
      expect(new Set(rx.received.map((r) => r.json.eventId)).size).toBe(CHANGES);
      const again = await call(second, 'GET', '/sync/assets/changes?consumer=kill-test&limit=1000');
      expect(again.status).toBe(200);
      expect(feedKeys(again.json)).toEqual(feedBefore);
      const dead = await call(second, 'GET', '/webhook-deliveries?status=dead');
      expect(dead.json.value).toEqual([]);
      expect(firstOutput).toContain('webhook subscription created');
      for (const log of [firstOutput, second.output()]) {
        expect(log).not.toContain(secret);
        expect(log).not.toContain('CALLBACK-SIG-123');
      }
    } finally {
      await second.kill('SIGKILL');
    }
  }, 180_000);
});
