/**
 * The in-process telemetry events (on `AppDeps.events`): the Dataverse client, the webhook
 * deliverer and the job worker report what happened, and whoever watches (Prometheus metrics,
 * Azure Monitor, the console's live stream) listens. The emitters know nothing of the watchers.
 */
import type { JobRow } from '../jobs/store.ts';

export const TELEMETRY = {
  /** A Dataverse request ended: `DataverseRequestEvent`. */
  dataverseRequest: 'telemetry:dataverse-request',
  /** A webhook delivery attempt ended: `WebhookDeliveryEvent`. */
  webhookDelivery: 'telemetry:webhook-delivery',
  /** A sync job saved a chunk or ended: the job row as saved. */
  jobProgress: 'telemetry:job-progress',
} as const;

export type DataverseOutcome = 'success' | 'client_error' | 'server_error' | 'throttled' | 'timeout' | 'network';

export interface DataverseRequestEvent {
  outcome: DataverseOutcome;
  /** HTTP status; 0 when no answer came. */
  status: number;
  /** True when this attempt is a retry of an earlier one. */
  retry: boolean;
  durationMs: number;
}

export interface WebhookDeliveryEvent {
  outcome: 'delivered' | 'retry' | 'dead';
}

export type JobProgressEvent = JobRow;

/** The outcome label of a Dataverse answer (or of no answer). */
export function dataverseOutcome(status: number, source?: 'timeout' | 'network'): DataverseOutcome {
  if (source) return source;
  if (status === 429) return 'throttled';
  if (status >= 500) return 'server_error';
  if (status >= 400) return 'client_error';
  return 'success';
}

/**
 * Jobs report cumulative counts; counters want what is new since the last report. Returns a
 * function giving, for each report, the records added per outcome.
 */
export function jobRecordDeltas(): (job: JobRow) => { entity: string; outcome: 'written' | 'deleted' | 'failed'; n: number }[] {
  const seen = new Map<string, Record<'written' | 'deleted' | 'failed', number>>();
  return (job) => {
    const before = seen.get(job.id) ?? { written: 0, deleted: 0, failed: 0 };
    const out = (['written', 'deleted', 'failed'] as const)
      .filter((k) => job[k] > before[k])
      .map((k) => ({ entity: job.entity, outcome: k, n: job[k] - before[k] }));
    if (job.status === 'running') seen.set(job.id, { written: job.written, deleted: job.deleted, failed: job.failed });
    else seen.delete(job.id);
    return out;
  };
}
