/**
 * Builds the embedded database every PGlite test database is copied from: a data folder created
 * and migrated once per run by the same code the server runs at start-up (openDb + migrate).
 * Run as its own process (by global-setup.ts) because creating a PGlite cluster runs initdb,
 * which briefly takes about 1 GB; opening a copy of an existing folder takes half of that.
 *
 *   node test/support/pglite-template.ts <empty folder>
 */
import { openDb } from '../../api/src/db/index.ts';
import { migrate } from '../../api/src/db/migrate.ts';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: node test/support/pglite-template.ts <folder>\n');
  process.exit(2);
}
const db = await openDb({ dataDir: dir });
await migrate(db);
await db.close();
