/**
 * A read cache of rendered records and pages that never serves a value older than the last commit,
 * whichever process committed it. Every write to assets or purchase orders, whatever code made it,
 * notifies `cmms_records` with the record's key (migration 0005), and the cache drops what changed:
 * a record by its key, and every page of its table.
 *
 * Exactness needs to know that all notifications of earlier commits have arrived:
 * - PGlite runs in this process and delivers them before the committing query resolves.
 * - On a PostgreSQL server they arrive late, on another connection. Before answering, a read waits
 *   for a barrier: this process NOTIFYs a channel of its own on its listening connection and waits
 *   for that notification to come back. PostgreSQL hands a session its notifications in commit
 *   order, so by then every commit made before the read began has been seen. Reads that arrive
 *   while a barrier is out share the next one, so under load one round trip serves many reads.
 *   If the listening connection is lost, the cache empties and reads go to the database until it
 *   is back; a barrier that does not return in time sends that read to the database too.
 *
 * A read that raced a write keeps its result only if no notification for it came in meanwhile.
 */
import { randomBytes } from 'node:crypto';
import type { Db, Listener } from './index.ts';

export type CachedTable = 'assets' | 'purchaseOrders';

interface Entry {
  /** Pages depend on every record of their table; records only on their own key. */
  generation: number | undefined;
  value: unknown;
  size: number;
}

export interface ReadCache {
  /**
   * `key` is `get:<record key>` for one record (dropped when that record changes) or anything else
   * for a page (dropped when any record of the table changes). `load` runs on a miss.
   */
  read<T>(table: CachedTable, key: string, load: () => Promise<T>, size: (v: T) => number): Promise<T>;
  readonly enabled: boolean;
  stats(): { hits: number; misses: number; entries: number; bytes: number; barriers: number };
  close(): Promise<void>;
}

const MAX_BYTES = 48 * 1024 * 1024;
const RECORDS_CHANNEL = 'cmms_records';
const BARRIER_TIMEOUT_MS = 2_000;
const RECONNECT_MS = 1_000;

export const passThroughCache: ReadCache = {
  enabled: false,
  read: (_table, _key, load) => load(),
  stats: () => ({ hits: 0, misses: 0, entries: 0, bytes: 0, barriers: 0 }),
  close: async () => {},
};

/** The cache's bookkeeping, free of how notifications arrive. */
class Store {
  readonly entries = new Map<string, Entry>();
  readonly generations: Record<CachedTable, number> = { assets: 0, purchaseOrders: 0 };
  /** Notifications seen so far; with `touched`, tells a load whether its record changed meanwhile. */
  tick = 0;
  readonly touched = new Map<string, number>();
  loading = 0;
  bytes = 0;
  hits = 0;
  misses = 0;

  changed(payload: string): void {
    const colon = payload.indexOf(':');
    const table = payload.slice(0, colon) as CachedTable;
    if (!(table in this.generations)) return;
    this.tick++;
    this.generations[table]++;
    const k = `${table}\u0000get:${payload.slice(colon + 1)}`;
    const e = this.entries.get(k);
    if (e) this.drop(k, e);
    if (this.loading > 0) this.touched.set(k, this.tick);
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
    this.tick++;
    for (const t of Object.keys(this.generations) as CachedTable[]) this.generations[t]++;
    // Loads under way started before the loss: none of them may be kept.
    this.touched.clear();
    this.lostAt = this.tick;
  }

  lostAt = 0;

  drop(k: string, e: Entry): void {
    this.entries.delete(k);
    this.bytes -= e.size;
  }

  async read<T>(table: CachedTable, key: string, load: () => Promise<T>, size: (v: T) => number): Promise<T> {
    const k = `${table}\u0000${key}`;
    const record = key.startsWith('get:');
    const hit = this.entries.get(k);
    if (hit && (record || hit.generation === this.generations[table])) {
      this.hits++;
      // Map order doubles as recency order for eviction.
      this.entries.delete(k);
      this.entries.set(k, hit);
      return hit.value as T;
    }
    if (hit) this.drop(k, hit);
    this.misses++;
    const tick = this.tick;
    const generation = this.generations[table];
    this.loading++;
    let value: T;
    try {
      value = await load();
    } finally {
      this.loading--;
    }
    const unchanged = record ? (this.touched.get(k) ?? 0) <= tick && this.lostAt <= tick : generation === this.generations[table];
    if (this.loading === 0) this.touched.clear();
    if (unchanged && !this.entries.has(k)) {
      const e = { generation: record ? undefined : generation, value, size: size(value) };
      this.entries.set(k, e);
      this.bytes += e.size;
      for (const [oldKey, old] of this.entries) {
        if (this.bytes <= MAX_BYTES) break;
        this.drop(oldKey, old);
      }
    }
    return value;
  }
}

export async function createReadCache(db: Db): Promise<ReadCache> {
  const store = new Store();
  if (db.listenSync) {
    await db.listenSync(RECORDS_CHANNEL, (payload) => store.changed(payload));
    return {
      enabled: true,
      read: (table, key, load, size) => store.read(table, key, load, size),
      stats: () => ({ hits: store.hits, misses: store.misses, entries: store.entries.size, bytes: store.bytes, barriers: 0 }),
      close: async () => {},
    };
  }
  if (!db.listen) return passThroughCache;
  return serverCache(db, store);
}

/** The PostgreSQL server's cache: the store, kept exact by a listening connection and barriers. */
async function serverCache(db: Db, store: Store): Promise<ReadCache> {
  const own = `cmms_barrier_${randomBytes(8).toString('hex')}`;
  let listener: Listener | undefined;
  let closed = false;
  let barriers = 0;
  let sent = 0;
  /** Reads waiting for a barrier not yet sent, and the one out (its token and its reads). */
  let waiting: ((ok: boolean) => void)[] = [];
  let out: { token: string; reads: ((ok: boolean) => void)[]; timer: NodeJS.Timeout } | undefined;

  const settle = (ok: boolean) => {
    if (!out) return;
    clearTimeout(out.timer);
    for (const r of out.reads) r(ok);
    out = undefined;
    if (waiting.length) send();
  };
  const send = () => {
    if (!listener) {
      for (const r of waiting.splice(0)) r(false);
      return;
    }
    const token = String(++sent);
    out = { token, reads: waiting, timer: setTimeout(() => settle(false), BARRIER_TIMEOUT_MS) };
    waiting = [];
    barriers++;
    listener.notify(own, token).catch(() => settle(false));
  };
  const barrier = () =>
    new Promise<boolean>((resolve) => {
      waiting.push(resolve);
      if (!out) send();
    });

  const connect = async (): Promise<void> => {
    try {
      listener = await db.listen!([RECORDS_CHANNEL, own], {
        onNotify: (channel, payload) => {
          if (channel === own) {
            if (out && payload === out.token) settle(true);
          } else store.changed(payload);
        },
        onLost: () => {
          listener = undefined;
          store.clear();
          settle(false);
          if (!closed) setTimeout(() => void connect(), RECONNECT_MS).unref();
        },
      });
    } catch {
      listener = undefined;
      if (!closed) setTimeout(() => void connect(), RECONNECT_MS).unref();
    }
  };
  await connect();

  return {
    enabled: true,
    async read(table, key, load, size) {
      // Without a confirmed barrier the cache cannot vouch for anything: read the database.
      if (!listener || !(await barrier())) return load();
      return store.read(table, key, load, size);
    },
    stats: () => ({ hits: store.hits, misses: store.misses, entries: store.entries.size, bytes: store.bytes, barriers }),
    async close() {
      closed = true;
      await listener?.close();
    },
  };
}
