/**
 * Two API instances on one database, as two replicas behind a load balancer: on a PostgreSQL
 * server each has its own connection pool (and read cache) on a shared schema; on the embedded
 * database, which one process owns, they share it.
 */
import { randomBytes } from 'node:crypto';
import { openDb, type Db } from '../../api/src/db/index.ts';
import { migrate } from '../../api/src/db/migrate.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { serverUrl } from '../support/db.ts';

export interface Instances {
  a: TestApp;
  b: TestApp;
  close(): Promise<void>;
}

export async function twoInstances(env: Record<string, string> = {}): Promise<Instances> {
  if (!serverUrl) {
    const db = await openDb({ dataDir: 'memory://' });
    await migrate(db);
    const a = await createTestApp({ db, env });
    const b = await createTestApp({ db, env });
    return { a, b, close: () => db.close() };
  }
  const schema = `i_${randomBytes(6).toString('hex')}`;
  const dbs: Db[] = [];
  for (let i = 0; i < 2; i++) {
    const db = await openDb({ url: serverUrl, schema, poolSize: 10 });
    await migrate(db);
    dbs.push(db);
  }
  const a = await createTestApp({ db: dbs[0]!, env });
  const b = await createTestApp({ db: dbs[1]!, env });
  return {
    a,
    b,
    async close() {
      await dbs[0]!.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => {});
      await Promise.all(dbs.map((d) => d.close()));
    },
  };
}

