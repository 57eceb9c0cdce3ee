/**
 * A process alone on a PostgreSQL schema answers cached reads without a barrier (db/presence.ts).
 * Alone must never mean stale: these tests race writers in other processes' pools (each `openDb` is
 * one process's pool) and out-of-band SQL against a cache that had the schema to itself.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../api/src/db/index.ts';
import { migrate } from '../../api/src/db/migrate.ts';
import { writesCachedTables } from '../../api/src/db/presence.ts';
import { createReadCache, type ReadCache } from '../../api/src/db/read-cache.ts';
import { serverUrl } from '../support/db.ts';

describe('which statements take the presence lock', () => {
  it('writes naming assets or purchase_orders do; reads and writes to other tables do not', () => {
    for (const text of [
      'INSERT INTO assets (codigo_interno) VALUES ($1)',
      "update purchase_orders set estado = 'x'",
      'DELETE FROM assets WHERE codigo_interno = $1',
      'WITH x AS (UPDATE assets SET nombre = $2 WHERE codigo_interno = $1 RETURNING *) SELECT * FROM x',
      'TRUNCATE assets',
    ]) expect(writesCachedTables(text), text).toBe(true);
    for (const text of [
      'SELECT * FROM assets WHERE codigo_interno = $1',
      "UPDATE sync_jobs SET status = 'running' WHERE id = $1",
      'DELETE FROM record_changes WHERE xid < $1::xid8',
      'INSERT INTO webhook_outbox (payload) VALUES ($1)',
      'SELECT * FROM asset_categories',
    ]) expect(writesCachedTables(text), text).toBe(false);
  });
});

// PostgreSQL only: PGlite is owned by one process, whose cache hears of each commit before it returns.
if (serverUrl) describe('a process alone on a PostgreSQL schema', () => {
  const url: string = serverUrl!;
  const schema = `p_${randomBytes(6).toString('hex')}`;
  let admin: Db;
  const opened: { close(): Promise<void> }[] = [];
  const open = async () => {
    const db = await openDb({ url, schema, poolSize: 4 });
    opened.push(db);
    return db;
  };
  const withCache = async (db: Db) => {
    const cache = await createReadCache(db);
    opened.unshift(cache);
    return cache;
  };
  const nombre = (db: Db, cache: ReadCache, key: string) =>
    cache.read('assets', `get:${key}`, async () => (await db.query<{ nombre: string }>('SELECT nombre FROM assets WHERE codigo_interno = $1', [key])).rows[0]?.nombre, () => 10);

  beforeAll(async () => {
    admin = await openDb({ url, schema, poolSize: 2 });
    await migrate(admin);
    await admin.query("INSERT INTO assets (codigo_interno, nombre) VALUES ('P-1', 'v0')");
  });
  afterAll(async () => {
    for (const o of opened) await o.close().catch(() => {});
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.close();
  });

  it('answers its reads without a barrier, and a read after its own write sees that write', async () => {
    // The admin pool wrote before; it holds nothing now, so this process can be alone.
    const db = await open();
    const cache = await withCache(db);
    expect(cache.stats().alone).toBe(true);
    expect(await nombre(db, cache, 'P-1')).toBe('v0');
    const before = cache.stats().barriers;
    for (let i = 0; i < 200; i++) await nombre(db, cache, 'P-1');
    expect(cache.stats().barriers - before).toBeLessThan(5);
    for (let i = 1; i <= 20; i++) {
      await db.query("UPDATE assets SET nombre = $1 WHERE codigo_interno = 'P-1'", [`own${i}`]);
      expect(await nombre(db, cache, 'P-1')).toBe(`own${i}`);
    }
    await cache.close();
    await db.close();
  });

  it('a write from another process makes it let go before that write commits, every time', async () => {
    const writer = await open();
    for (let round = 1; round <= 10; round++) {
      const db = await open();
      const cache = await withCache(db);
      expect(cache.stats().alone, `round ${round}: alone before the write`).toBe(true);
      expect(await nombre(db, cache, 'P-1')).toBeDefined();
      await writer.query("UPDATE assets SET nombre = $1 WHERE codigo_interno = 'P-1'", [`other${round}`]);
      expect(await nombre(db, cache, 'P-1'), `round ${round}: read after the other process's write`).toBe(`other${round}`);
      expect(cache.stats().alone).toBe(false);
      await cache.close();
      await db.close();
    }
  });

  it('a writer elsewhere waits while the lock is held and commits once it is let go', async () => {
    // A holder that never answers the request to let go: the write must wait, not commit.
    const holder = new pg.Client({ connectionString: url, options: `-c search_path="${schema}"` });
    await holder.connect();
    opened.push({ close: () => holder.end() });
    const { rows } = await holder.query<{ ok: boolean }>("SELECT pg_try_advisory_lock(x'434d4d53'::int, hashtext(current_schema())) AS ok");
    expect(rows[0]!.ok).toBe(true);
    const writer = await open();
    let done = false;
    const write = writer.query("UPDATE assets SET nombre = 'waited' WHERE codigo_interno = 'P-1'").then(() => (done = true));
    await new Promise((r) => setTimeout(r, 400));
    expect(done).toBe(false);
    expect((await admin.query<{ nombre: string }>("SELECT nombre FROM assets WHERE codigo_interno = 'P-1'")).rows[0]!.nombre).not.toBe('waited');
    await holder.query("SELECT pg_advisory_unlock(x'434d4d53'::int, hashtext(current_schema()))");
    await write;
    expect((await admin.query<{ nombre: string }>("SELECT nombre FROM assets WHERE codigo_interno = 'P-1'")).rows[0]!.nombre).toBe('waited');
  });

  it('a writer asks again while it waits: a holder that missed the first request still lets go', async () => {
    // A holder that lets go only on the second request, as one whose claim was still finishing
    // when the first arrived.
    const holder = new pg.Client({ connectionString: url, options: `-c search_path="${schema}"` });
    await holder.connect();
    opened.push({ close: () => holder.end() });
    expect((await holder.query<{ ok: boolean }>("SELECT pg_try_advisory_lock(x'434d4d53'::int, hashtext(current_schema())) AS ok")).rows[0]!.ok).toBe(true);
    let asked = 0;
    holder.on('notification', (n) => {
      if (n.channel !== 'cmms_presence' || ++asked !== 2) return;
      void holder.query("SELECT pg_advisory_unlock(x'434d4d53'::int, hashtext(current_schema()))");
    });
    await holder.query('LISTEN cmms_presence');
    const writer = await open();
    const started = Date.now();
    await writer.query("UPDATE assets SET nombre = 'asked-twice' WHERE codigo_interno = 'P-1'");
    expect(asked).toBeGreaterThanOrEqual(2);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await admin.query<{ nombre: string }>("SELECT nombre FROM assets WHERE codigo_interno = 'P-1'")).rows[0]!.nombre).toBe('asked-twice');
  });

  it('a writer whose every pooled connection is waiting in the gate still reaches the holder', async () => {
    const db = await open();
    const cache = await withCache(db);
    expect(cache.stats().alone).toBe(true);
    // One pooled connection, two writes at once: the request to let go cannot wait for the pool.
    const writer = await openDb({ url, schema, poolSize: 1 });
    opened.push(writer);
    await Promise.all([
      writer.query("UPDATE assets SET nombre = 'pool-1' WHERE codigo_interno = 'P-1'"),
      writer.query("UPDATE assets SET nombre = 'pool-2' WHERE codigo_interno = 'P-1'"),
    ]);
    expect(cache.stats().alone).toBe(false);
    expect(['pool-1', 'pool-2']).toContain(await nombre(db, cache, 'P-1'));
  }, 15_000);

  it('when its lock connection is ended by the server, stops being alone and sees writes made after', async () => {
    const db = await open();
    const cache = await withCache(db);
    expect(cache.stats().alone).toBe(true);
    expect(await nombre(db, cache, 'P-1')).toBeDefined();
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND classid = x'434d4d53'::int::oid AND mode = 'ExclusiveLock'");
    for (let i = 0; i < 50 && cache.stats().alone; i++) await new Promise((r) => setTimeout(r, 20));
    expect(cache.stats().alone).toBe(false);
    const writer = await open();
    await writer.query("UPDATE assets SET nombre = 'after-loss' WHERE codigo_interno = 'P-1'");
    expect(await nombre(db, cache, 'P-1')).toBe('after-loss');
  });

  it('sees a write made outside the API (no lock taken) within a couple of seconds', async () => {
    const db = await open();
    const cache = await withCache(db);
    expect(cache.stats().alone).toBe(true);
    expect(await nombre(db, cache, 'P-1')).toBeDefined();
    const raw = new pg.Client({ connectionString: url, options: `-c search_path="${schema}"` });
    await raw.connect();
    await raw.query("UPDATE assets SET nombre = 'by-hand' WHERE codigo_interno = 'P-1'");
    await raw.end();
    const deadline = Date.now() + 3_000;
    let seen = await nombre(db, cache, 'P-1');
    while (seen !== 'by-hand' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      seen = await nombre(db, cache, 'P-1');
    }
    expect(seen).toBe('by-hand');
    expect(cache.stats().alone).toBe(true);
  });
});
