/**
 * A read cache for the embedded database. PGlite runs inside this process, is owned by it alone,
 * and delivers the `cmms_records` notifications of a write (migration 0005: a trigger on every row
 * change, whatever code made it) before the committing query resolves. So the cache can never
 * serve a record older than the last commit: each notification bumps its table's generation and
 * every entry read under an older generation is dead. A read that raced a write stores its result
 * under the generation it started with, so it is dead on arrival too.
 *
 * On a PostgreSQL server other processes write too and notifications arrive late, so no cache is
 * kept there (`createReadCache` returns a pass-through); the server does that work off-process.
 */
import type { Db } from './index.ts';

export type CachedTable = 'assets' | 'purchaseOrders';

interface Entry {
  generation: number;
  value: unknown;
  size: number;
}

export interface ReadCache {
  /** `load` runs on a miss; its result is kept unless the table changed meanwhile. */
  read<T>(table: CachedTable, key: string, load: () => Promise<T>, size: (v: T) => number): Promise<T>;
  readonly enabled: boolean;
  stats(): { hits: number; misses: number; entries: number; bytes: number };
}

const MAX_BYTES = 64 * 1024 * 1024;

export const passThroughCache: ReadCache = {
  enabled: false,
  read: (_table, _key, load) => load(),
  stats: () => ({ hits: 0, misses: 0, entries: 0, bytes: 0 }),
};

export async function createReadCache(db: Db): Promise<ReadCache> {
  if (!db.listenSync) return passThroughCache;
  const generations: Record<CachedTable, number> = { assets: 0, purchaseOrders: 0 };
  const entries = new Map<string, Entry>();
  let bytes = 0;
  let hits = 0;
  let misses = 0;
  const drop = (k: string, e: Entry) => {
    entries.delete(k);
    bytes -= e.size;
  };
  await db.listenSync('cmms_records', (payload) => {
    const table = payload.slice(0, payload.indexOf(':')) as CachedTable;
    if (table in generations) generations[table]++;
  });
  return {
    enabled: true,
    async read(table, key, load, size) {
      const k = `${table}\u0000${key}`;
      const hit = entries.get(k);
      if (hit && hit.generation === generations[table]) {
        hits++;
        // Map order doubles as recency order for eviction.
        entries.delete(k);
        entries.set(k, hit);
        return hit.value as never;
      }
      if (hit) drop(k, hit);
      misses++;
      const generation = generations[table];
      const value = await load();
      if (generation === generations[table]) {
        const e = { generation, value, size: size(value) };
        entries.set(k, e);
        bytes += e.size;
        for (const [oldKey, old] of entries) {
          if (bytes <= MAX_BYTES) break;
          drop(oldKey, old);
        }
      }
      return value;
    },
    stats: () => ({ hits, misses, entries: entries.size, bytes }),
  };
}
