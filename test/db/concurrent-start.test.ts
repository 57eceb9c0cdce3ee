/**
 * Orchestrators start replicas at once. Four instances started together on an empty database must
 * all come up, every time: the migrations (schema_migrations included) and the demo data happen
 * once, under one lock, whoever gets there first.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../api/src/db/index.ts';
import { listMigrations, migrate } from '../../api/src/db/migrate.ts';
import { serverUrl } from '../support/db.ts';
import { startServer } from '../support/process.ts';

const ROUNDS = 10;
// Each embedded database takes seconds to create; three rounds show the same.
const EMBEDDED_ROUNDS = 3;

async function freshSchema(): Promise<{ schema: string; admin: Db }> {
  const schema = `start_${randomBytes(5).toString('hex')}`;
  const admin = await openDb({ url: serverUrl, poolSize: 1 });
  await admin.query(`CREATE SCHEMA "${schema}"`);
  return { schema, admin };
}

async function dropSchema(admin: Db, schema: string): Promise<void> {
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.close();
}

describe('replicas that start together', () => {
  if (serverUrl) {
    it(`four instances migrating an empty PostgreSQL database at once all succeed, ${ROUNDS} times over`, async () => {
      const expected = listMigrations().length;
      for (let round = 0; round < ROUNDS; round++) {
        const { schema, admin } = await freshSchema();
        const instances = await Promise.all(Array.from({ length: 4 }, () => openDb({ url: serverUrl, schema, poolSize: 2 })));
        try {
          const results = await Promise.allSettled(instances.map((db) => migrate(db)));
          expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
          // Each migration was applied by exactly one of them.
          const applied = results.flatMap((r) => (r as PromiseFulfilledResult<number[]>).value).sort((a, b) => a - b);
          expect(applied).toEqual(listMigrations().map((m) => m.id));
          const n = await instances[0]!.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
          expect(n.rows[0]!.n).toBe(expected);
        } finally {
          await Promise.all(instances.map((db) => db.close()));
          await dropSchema(admin, schema);
        }
      }
    }, 120_000);

    it('four `npm start` processes on an empty PostgreSQL database all come up and load the demo data once, twice over', async () => {
      for (let round = 0; round < 2; round++) {
        const { schema, admin } = await freshSchema();
        const url = new URL(serverUrl!);
        url.searchParams.set('options', `-c search_path=${schema}`);
        const started = await Promise.allSettled(Array.from({ length: 4 }, () =>
          startServer({ DATABASE_URL: url.toString(), RUN_WORKERS: 'false', DATABASE_POOL_SIZE: '2' })));
        try {
          expect(started.filter((s) => s.status === 'rejected').map((s) => String((s as PromiseRejectedResult).reason))).toEqual([]);
          const outputs = started.map((s) => (s as PromiseFulfilledResult<Awaited<ReturnType<typeof startServer>>>).value.output());
          expect(outputs.filter((o) => o.includes('demo data loaded'))).toHaveLength(1);
          const counts = await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".assets`);
          expect(counts.rows[0]!.n).toBeGreaterThanOrEqual(50);
        } finally {
          for (const s of started) if (s.status === 'fulfilled') await s.value.kill('SIGKILL');
          await dropSchema(admin, schema);
        }
      }
    }, 180_000);
  } else {
    it(`four instances migrating one empty embedded database at once all succeed, ${EMBEDDED_ROUNDS} times over`, async () => {
      for (let round = 0; round < EMBEDDED_ROUNDS; round++) {
        const db = await openDb({ dataDir: 'memory://' });
        try {
          const results = await Promise.all(Array.from({ length: 4 }, () => migrate(db)));
          expect(results.flat().sort((a, b) => a - b)).toEqual(listMigrations().map((m) => m.id));
        } finally {
          await db.close();
        }
      }
    }, 120_000);
  }
});
