/**
 * A fresh, migrated database per call. By default a PGlite in a folder of its own, copied from
 * the template migrated once per run (global-setup.ts); with TEST_DATABASE_URL set (CI's second
 * run) a schema of its own on that PostgreSQL server, migrated on creation, so files running in
 * parallel never see each other's rows. Either is released (closed, and its folder removed or
 * its schema dropped) when the test or file that opened it ends (lifecycle.ts); closing it
 * earlier is allowed and closing twice is harmless.
 */
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { openDb, type Db } from '../../api/src/db/index.ts';
import { migrate } from '../../api/src/db/migrate.ts';
import { releaseLater } from './lifecycle.ts';

export const serverUrl: string | undefined = process.env.TEST_DATABASE_URL || undefined;

async function openServerSchema(url: string): Promise<{ db: Db; drop: () => Promise<unknown> }> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const db = await openDb({ url, poolSize: 5, schema });
  return { db, drop: () => db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`) };
}

async function openPgliteCopy(): Promise<{ db: Db; drop: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'cmms-test-db-'));
  cpSync(inject('pgliteTemplate'), dir, { recursive: true });
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    return { db: await openDb({ dataDir: dir }), drop: remove };
  } catch (e) {
    remove();
    throw e;
  }
}

export async function createTestDb(): Promise<Db> {
  const { db, drop } = serverUrl ? await openServerSchema(serverUrl) : await openPgliteCopy();
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      try {
        // A server schema goes while its connection is still open; a PGlite folder once the engine let go of it.
        if (serverUrl) await drop();
      } finally {
        await db.close();
        if (!serverUrl) await drop();
      }
    })());
  const tracked: Db = { ...db, close };
  // Registered before migrating, so a failed migration still releases the database.
  releaseLater(close);
  await migrate(tracked);
  return tracked;
}
