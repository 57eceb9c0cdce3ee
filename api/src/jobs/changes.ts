/**
 * 'changes' mode: the job reads the change feed as the built-in consumer `job:<entity>` and
 * acknowledges each chunk with per-record results, so the cursor is the checkpoint.
 */
import type { Queryable } from '../db/index.ts';
import type { DataverseClient, TableTarget } from '../dynamics/index.ts';
import type { Entity } from '../sync/change-log.ts';
import type { Mapping } from '../sync/mapping.ts';
import type { Chunk, RunContext } from './runner.ts';
import type { JobRow } from './store.ts';

export interface ChangeSource {
  /** Records waiting in the feed for this consumer. */
  pending(q: Queryable, entity: Entity, jobId: string): Promise<number>;
  /** Pushes the next batch of changes; undefined when the feed is drained. */
  next(ctx: RunContext, job: JobRow, client: DataverseClient, mapping: Mapping, table: TableTarget): Promise<Chunk | undefined>;
  /** Acknowledges the chunk inside the job's progress transaction. */
  acknowledge(tx: Queryable, job: JobRow, chunk: Chunk): Promise<void>;
}

export function consumerName(entity: Entity): string {
  return `job:${entity}`;
}

export function feedChangeSource(): ChangeSource {
  const unavailable = () => new Error('The change feed is not available yet');
  return {
    pending: async () => { throw unavailable(); },
    next: async () => { throw unavailable(); },
    acknowledge: async () => { throw unavailable(); },
  };
}
