/**
 * A read cache of rendered records and pages that never serves a value older than the last commit,
 * whichever process committed it. Every write to assets or purchase orders, whatever code made it,
 * is announced by a trigger with the record's key (migrations 0005, 0008), and the cache drops what
 * changed: a record by its key, and every page of its table.
 *
 * Exactness needs every announcement of an earlier commit to have been seen before a read answers:
 * - PGlite runs in this process and NOTIFYs; the notification arrives before the commit resolves.
 * - On a PostgreSQL server, NOTIFY would serialize every commit, so writes leave a row in
 *   record_changes tagged with their transaction id. Before answering, a read waits for a barrier:
 *   one query for the rows visible now that were not visible in the previous barrier's snapshot
 *   (all of those were applied), and the snapshot now. Commit order does not matter, and a
 *   transaction left open elsewhere only widens the index range scanned, not what comes back.
 *   Reads that arrive while a barrier is out share the next one, so under load one round trip
 *   serves many reads. A barrier that fails or does not return in time sends its reads to the
 *   database and empties the cache.
 *
 * - While this process has the schema to itself (presence.ts: no other process can commit a write
 *   to assets or purchase orders without it letting go first), reads answer without a barrier. Its
 *   own writes run one barrier before they resolve, and one a second picks up writes made outside
 *   the API. When it lets go, reads wait for barriers again.
 *
 * A read that raced a write keeps its result only if no announcement for it came in meanwhile.
 */
import type { Db } from './index.ts';

export type CachedTable = 'assets' | 'purchaseOrders';

interface Entry {
  /** Pages depend on every record of their table; records only on their own key. */
  generation: number | undefined;
  value: unknown;
  size: number;
  /** When it last moved to the recent end of `entries` (a count of insertions and moves). */
  moved: number;
}

export interface ReadCache {
  /**
   * `key` is `get:<record key>` for one record (dropped when that record changes) or anything else
   * for a page (dropped when any record of the table changes). `load` runs on a miss.
   */
  read<T>(table: CachedTable, key: string, load: () => Promise<T>, size: (v: T) => number): Promise<T>;
  readonly enabled: boolean;
  stats(): { hits: number; misses: number; entries: number; bytes: number; barriers: number; alone?: boolean };
  close(): Promise<void>;
}

const MAX_BYTES = 32 * 1024 * 1024;
const RECORDS_CHANNEL = 'cmms_records';
const BARRIER_TIMEOUT_MS = 2_000;
/**
 * Barriers out at once: a read waits for one sent after it arrived, not for the one before. One at
 * a time lets the most reads share each (7 a barrier at 16 connections against 5 with two out, for
 * 8.6 against 11.7 µs of PostgreSQL CPU per read, at the same throughput and p99).
 */
const MAX_BARRIERS = 1;
/** record_changes rows are kept this long after every transaction below them ended. */
const PRUNE_AFTER_MS = 5 * 60_000;
/** A cache that has not asked for longer than this may have missed pruned rows; it empties first. */
const STALE_AFTER_MS = 2 * 60_000;
/** Alone: how often a barrier looks for writes made outside the API (psql by hand). */
const ALONE_BARRIER_MS = 1_000;
/** Not alone: how often to try to be; after being asked to let go, how long to leave it be. */
const CLAIM_EVERY_MS = 5_000;
const CLAIM_AFTER_LETTING_GO_MS = 60_000;

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
  moves = 0;

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
      // Map order doubles as recency order for eviction (from the old end). A hit moves its entry to
      // the recent end only once half the cache has moved past it since: a hot entry is not
      // re-inserted on every hit, yet never drifts to the old end while it is being read.
      if (this.moves - hit.moved > this.entries.size / 2) {
        this.entries.delete(k);
        this.entries.set(k, hit);
        hit.moved = ++this.moves;
      }
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
      const e = { generation: record ? undefined : generation, value, size: size(value), moved: ++this.moves };
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
  if (db.kind !== 'postgres') return passThroughCache;
  return serverCache(db, store);
}

/** The PostgreSQL server's cache: the store, kept exact by barriers that ask what changed. */
async function serverCache(db: Db, store: Store): Promise<ReadCache> {
  const snapshotNow = async () => (await db.query<{ snap: string }>('SELECT pg_current_snapshot()::text AS snap')).rows[0]!.snap;
  /**
   * The snapshot of the latest barrier sent that came back: every record_changes row visible in it
   * has been applied. The next barrier asks only for rows visible now and not in it.
   */
  let known = { sent: 0, snapshot: await snapshotNow() };
  let askedAt = Date.now();
  let barriers = 0;
  /** One xmin a minute: rows below one seen PRUNE_AFTER_MS ago were reported to every live cache. */
  const samples: { at: number; xmin: string }[] = [];
  /** Reads waiting for a barrier not yet sent, and how many barriers are out. */
  let waiting: ((ok: boolean) => void)[] = [];
  let out = 0;

  const ask = async (sent: number): Promise<boolean> => {
    const r = await db.query<{ snap: string; changes: [CachedTable, string][] | null }>(
      `SELECT pg_current_snapshot()::text AS snap,
              (SELECT json_agg(json_build_array(entity, record_key)) FROM record_changes
                WHERE xid >= pg_snapshot_xmin($1::pg_snapshot) AND NOT pg_visible_in_snapshot(xid, $1::pg_snapshot)) AS changes`,
      [known.snapshot],
    );
    const now = Date.now();
    // Rows this cache has not asked for may have been pruned meanwhile: start afresh.
    if (now - askedAt > STALE_AFTER_MS) store.clear();
    for (const [table, key] of r.rows[0]!.changes ?? []) store.changed(`${table}:${key}`);
    // Barriers sent one after another may come back out of order: the later one's snapshot holds.
    if (sent > known.sent) known = { sent, snapshot: r.rows[0]!.snap };
    const horizon = known.snapshot.slice(0, known.snapshot.indexOf(':'));
    askedAt = now;
    if (!samples.length || now - samples[samples.length - 1]!.at >= 60_000) {
      samples.push({ at: now, xmin: horizon });
      const old = samples.filter((x) => now - x.at >= PRUNE_AFTER_MS).pop();
      if (old) {
        samples.splice(0, samples.indexOf(old) + 1);
        db.query('DELETE FROM record_changes WHERE xid < $1::xid8', [old.xmin]).catch(() => {});
      }
    }
    return true;
  };
  /**
   * A barrier leaves once the event loop has taken in every request that had arrived, not with the
   * first of them: all reads of one turn share it (at 16 connections, 3 reads per barrier when each
   * was sent at once, 7 now).
   */
  let scheduled = false;
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      if (waiting.length && out < MAX_BARRIERS) send();
    });
  };
  /** Sends a barrier for the reads waiting now; up to MAX_BARRIERS are out at once. */
  const send = () => {
    const reads = waiting;
    waiting = [];
    out++;
    barriers++;
    let settled = false;
    const settle = (ok: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      out--;
      for (const r of reads) r(ok);
      if (waiting.length && out < MAX_BARRIERS) schedule();
    };
    const timer = setTimeout(() => settle(false), BARRIER_TIMEOUT_MS);
    ask(barriers).then(settle, () => {
      // Whatever happened, the changes may not all have been seen.
      store.clear();
      settle(false);
    });
  };
  const barrier = () =>
    new Promise<boolean>((resolve) => {
      waiting.push(resolve);
      if (out < MAX_BARRIERS) schedule();
    });

  const presence = db.presence;
  /** A barrier run directly (not shared); a failed one empties the cache, as above. */
  const catchUp = async () => {
    barriers++;
    await ask(barriers).catch(() => store.clear());
  };
  let claimTimer: NodeJS.Timeout | undefined;
  let aloneTimer: NodeJS.Timeout | undefined;
  let closed = false;
  const claimLater = (ms: number) => {
    if (closed) return;
    claimTimer = setTimeout(() => void claim(), ms);
    claimTimer.unref();
  };
  const claim = async () => {
    if (!presence || closed) return;
    // The barrier runs with the lock held: it applies every write committed before it was taken.
    const alone = await presence.claim(() => ask(++barriers).then(() => undefined)).catch(() => false);
    if (!alone) return claimLater(CLAIM_EVERY_MS);
    aloneTimer = setInterval(() => void catchUp(), ALONE_BARRIER_MS);
    aloneTimer.unref();
  };
  if (presence) {
    presence.afterWrite(catchUp);
    presence.onRelease(() => {
      clearInterval(aloneTimer);
      claimLater(CLAIM_AFTER_LETTING_GO_MS);
    });
    await claim();
  }

  return {
    enabled: true,
    read(table, key, load, size) {
      // Not an async function: alone, a hit is the store's promise itself, with no second one around it.
      if (presence?.alone) return store.read(table, key, load, size);
      // Without a confirmed barrier the cache cannot vouch for anything: read the database.
      return barrier().then((ok) => (ok ? store.read(table, key, load, size) : load()));
    },
    stats: () => ({ hits: store.hits, misses: store.misses, entries: store.entries.size, bytes: store.bytes, barriers, alone: presence?.alone ?? false }),
    close: async () => {
      closed = true;
      clearTimeout(claimTimer);
      clearInterval(aloneTimer);
    },
  };
}
