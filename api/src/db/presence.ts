/**
 * On a PostgreSQL server: whether this process has the schema to itself, so that its read cache can
 * answer without asking the database what changed (read-cache.ts), and still never be stale.
 *
 * One advisory lock per schema, in PostgreSQL's two-key space (no clash with the migration lock):
 * - Every write of every process using this module (transactions, and statements that are not
 *   reads) first takes the lock *shared*, for its transaction. While it is held exclusively, the
 *   writer asks the holder to let go (NOTIFY) and waits for it.
 * - A process with a read cache may take it *exclusively* on a connection of its own when nobody is
 *   writing, then bring its cache up to date with one barrier, and only then call itself alone.
 *   When asked to let go, it stops calling itself alone first and releases second: no write from
 *   elsewhere can commit while it still answers from memory alone.
 *
 * Its own writes commit while it holds the lock; `afterWrite` brings the cache up to date before
 * such a write resolves, so a read after it sees it.
 *
 * Writes made outside this module (psql by hand) take no lock: the cache's periodic barrier picks
 * them up within a second (read-cache.ts).
 *
 * A writer that finds the lock held asks again every ASK_AGAIN_MS while it waits, and gives up with a
 * 503 after WRITER_WAIT_MS (a holder whose event loop is stuck, or one partitioned from the server).
 *
 * The exclusive hold is a lease: the holder checks its connection every HEARTBEAT_MS and stops
 * calling itself alone when an answer is HEARTBEAT_TIMEOUT_MS late, well before PostgreSQL's TCP
 * keepalives (set on that session) end the backend and free the lock for waiting writers.
 */
import pg from 'pg';
import { AppError } from '../errors/index.ts';

/** 'CMMS' in ASCII: the first key of the two-key advisory lock. */
const LOCK_CLASS = 0x434d4d53;
const CHANNEL = 'cmms_presence';
/** How long a writer waits for a holder to let go before its write fails; how often it looks and asks. */
const WRITER_WAIT_MS = 60_000;
const POLL_MS = 5;
const ASK_AGAIN_MS = 250;
const HEARTBEAT_MS = 2_000;
const HEARTBEAT_TIMEOUT_MS = 5_000;
/** Server-side keepalives on the holder's session: a vanished holder's backend ends after ~25 s. */
const KEEPALIVES = 'SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3';

export interface Presence {
  /** True while no other process can commit a write to this schema without this one letting go first. */
  readonly alone: boolean;
  /**
   * Takes the schema alone if no other process is writing to it now: `sync` runs once the lock is
   * held and before `alone` turns true. Resolves whether it did.
   */
  claim(sync: () => Promise<void>): Promise<boolean>;
  /** Called, with `alone` already false, when this process stops being alone. */
  onRelease(listener: () => void): void;
  /** Runs after each write of this process commits while it is alone, before the write resolves. */
  afterWrite(hook: () => Promise<void>): void;
  /** Writers: takes the shared lock inside `tx`'s transaction (asking a holder elsewhere to let go). */
  gate(tx: pg.PoolClient): Promise<void>;
  /** Writers: what to run once a write has committed. */
  committed(): Promise<void>;
  close(): Promise<void>;
}

export function createPresence(config: pg.ClientConfig): Presence {
  let alone = false;
  /** The exclusive lock is held (from before the claim's sync until let go). */
  let holding = false;
  let holder: pg.Client | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let release: (() => void)[] = [];
  let hook: (() => Promise<void>) | undefined;
  let closed = false;
  /** A request to let go came while a claim was taking the lock (before `holding` was set). */
  let claiming = false;
  let askedWhileClaiming = false;

  const UNLOCK = `SELECT pg_advisory_unlock(${LOCK_CLASS}, hashtext(current_schema()))`;
  /** No longer alone (listeners told) nor holding; returns whether it was holding. */
  const leave = (): boolean => {
    if (!holding) return false;
    holding = false;
    clearInterval(heartbeat);
    heartbeat = undefined;
    const was = alone;
    alone = false;
    if (was) for (const l of release) l();
    return true;
  };
  /** A writer asked: released after `alone` turned false, so it can commit only from now on. */
  const letGo = () => {
    if (leave()) holder?.query(UNLOCK).catch(() => dropHolder());
  };
  /** The session failed or stopped answering: leave, and end it (which frees the lock). */
  const lose = () => {
    leave();
    dropHolder();
  };
  const dropHolder = () => {
    clearInterval(heartbeat);
    heartbeat = undefined;
    const h = holder;
    holder = undefined;
    // Ending the session frees whatever it held.
    h?.end().catch(() => {});
  };

  const connectHolder = async (): Promise<pg.Client> => {
    const c = new pg.Client({ ...config, keepAlive: true });
    const lost = () => {
      if (holder === c) lose();
    };
    c.on('error', lost);
    c.on('end', lost);
    await c.connect();
    await c.query(KEEPALIVES);
    const { rows } = await c.query<{ key: number }>('SELECT hashtext(current_schema()) AS key');
    const key = String(rows[0]!.key);
    c.on('notification', (n) => {
      if (n.channel !== CHANNEL || n.payload !== key) return;
      // pg reports a notification sent just after the lock was granted before the claim's code
      // resumes: remember it rather than lose it.
      if (claiming && !holding) askedWhileClaiming = true;
      letGo();
    });
    await c.query(`LISTEN ${CHANNEL}`);
    return c;
  };

  /** This process's own session for the lock, LISTEN and NOTIFY: one, however many ask at once. */
  let connecting: Promise<pg.Client> | undefined;
  const ensureHolder = (): Promise<pg.Client> => {
    if (holder) return Promise.resolve(holder);
    if (closed) return Promise.reject(new Error('the database was closed'));
    connecting ??= connectHolder().then(
      (c) => {
        holder = c;
        connecting = undefined;
        return c;
      },
      (e: unknown) => {
        connecting = undefined;
        throw e;
      },
    );
    return connecting;
  };
  /**
   * Asks a holder elsewhere to let go. On this process's own session, not the pool's: writers
   * waiting in the gate may hold every pooled connection, and inside their transactions a NOTIFY
   * would wait for the commit.
   */
  const ask = async (key: number) => {
    const c = await ensureHolder();
    await c.query('SELECT pg_notify($1, $2)', [CHANNEL, String(key)]);
  };

  return {
    get alone() {
      return alone;
    },
    async claim(sync) {
      if (alone) return true;
      if (closed) return false;
      const h = await ensureHolder();
      claiming = true;
      askedWhileClaiming = false;
      let rows: { ok: boolean }[];
      try {
        ({ rows } = await h.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(${LOCK_CLASS}, hashtext(current_schema())) AS ok`));
      } finally {
        claiming = false;
      }
      if (!rows[0]!.ok) return false;
      holding = true;
      if (askedWhileClaiming) {
        letGo();
        return false;
      }
      try {
        await sync();
      } catch (e) {
        letGo();
        throw e;
      }
      // A writer asked meanwhile (the lock is already let go), or the connection was lost.
      if (!holding || holder !== h) return false;
      alone = true;
      // A beat that fails or comes back late ends the lease, unless the lock was let go meanwhile.
      const beatLost = () => {
        if (holding && holder === h) lose();
      };
      heartbeat = setInterval(() => {
        const late = setTimeout(beatLost, HEARTBEAT_TIMEOUT_MS);
        h.query('SELECT 1').then(() => clearTimeout(late), () => {
          clearTimeout(late);
          beatLost();
        });
      }, HEARTBEAT_MS);
      heartbeat.unref();
      return true;
    },
    onRelease(listener) {
      release.push(listener);
    },
    afterWrite(h) {
      hook = h;
    },
    async gate(tx) {
      if (alone) return;
      const tryLock = async () => (await tx.query<{ ok: boolean; key: number }>(
        `SELECT pg_try_advisory_xact_lock_shared(${LOCK_CLASS}, hashtext(current_schema())) AS ok, hashtext(current_schema()) AS key`)).rows[0]!;
      let { ok, key } = await tryLock();
      // Asked again every ASK_AGAIN_MS while it waits: a request that reached the holder between
      // its lock and its claim's end, or a holder that lost it, is not waited for forever.
      const deadline = Date.now() + WRITER_WAIT_MS;
      let askAt = 0;
      while (!ok) {
        if (Date.now() > deadline) throw new AppError('UNAVAILABLE', {
          detail: 'Another instance of the API held the records and did not let go of them in time; try again.',
          headers: { 'Retry-After': '1' },
        });
        if (Date.now() >= askAt) {
          await ask(key);
          askAt = Date.now() + ASK_AGAIN_MS;
        }
        await new Promise((r) => setTimeout(r, POLL_MS));
        ({ ok, key } = await tryLock());
      }
    },
    async committed() {
      if (alone && hook) await hook();
    },
    async close() {
      closed = true;
      release = [];
      alone = holding = false;
      dropHolder();
    },
  };
}

/**
 * A statement that may change what the read cache holds: a write naming a cached table (their
 * triggers are what record changes, migrations 0005 and 0008). Writes to other tables (job leases,
 * outbox, idempotency keys) need no lock, so workers elsewhere do not end a holder's turn.
 */
export function writesCachedTables(text: string): boolean {
  return CACHED_TABLE.test(text) && WRITE.test(text);
}
const CACHED_TABLE = /\b(?:assets|purchase_orders)\b/i;
const WRITE = /\b(?:INSERT|UPDATE|DELETE|MERGE|TRUNCATE)\b/i;
