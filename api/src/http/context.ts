/** What every capability's routes and services are given: the wiring done once in app.ts. */
import type { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { Config } from '../config/index.ts';
import type { Db } from '../db/index.ts';
import type { ReadCache } from '../db/read-cache.ts';

export interface AppDeps {
  readonly config: Config;
  readonly db: Db;
  readonly logger: Logger;
  /** The clock; tests pass a fake one. */
  readonly now: () => Date;
  /** Outbound HTTP; tests pass a fake or a function bound to a local server. */
  readonly fetch: typeof fetch;
  /**
   * In-process notifications. `changes` (entity) is emitted after a transaction that appended to
   * the change log commits, so workers wake at once instead of waiting for their next poll.
   */
  readonly events: EventEmitter;
  /** Cache of rendered reads, exact on the embedded database, a pass-through on a server. */
  readonly cache: ReadCache;
}
