/**
 * Progress for people watching a sync from a terminal: a bar redrawn in place on a TTY, plain
 * lines (at most one a second) when the output is a file or a CI log, and a final summary.
 * Hand-written: a bar is one line of arithmetic, not worth a dependency.
 */
import type { JobRow } from './store.ts';

export interface ProgressOptions {
  /** Where the bar goes (stderr in the CLI, so stdout stays clean for the summary). */
  write: (text: string) => void;
  isTTY: boolean;
  columns?: number | undefined;
  now?: () => number;
}

const LABELS: Record<string, string> = { assets: 'assets', purchaseOrders: 'purchase orders' };

export function entityLabel(entity: string): string {
  return LABELS[entity] ?? entity;
}

export function createProgress(options: ProgressOptions) {
  const now = options.now ?? Date.now;
  const started = now();
  let lastLine = 0;
  let drawn = false;

  function line(job: JobRow): string {
    const done = job.written + job.deleted + job.failed;
    const pct = job.total > 0 ? Math.min(100, Math.floor((done * 100) / job.total)) : 0;
    const seconds = Math.max(0.001, (now() - started) / 1000);
    const rate = Math.round(done / seconds);
    return `${entityLabel(job.entity)} ${job.mode}: ${pct}% ${done}/${job.total} written ${job.written}` +
      `${job.deleted ? ` deleted ${job.deleted}` : ''} failed ${job.failed} · ${rate} records/s`;
  }

  return {
    update(job: JobRow): void {
      if (options.isTTY) {
        const text = line(job);
        const width = Math.max(10, Math.min(40, (options.columns ?? 80) - text.length - 4));
        const done = job.written + job.deleted + job.failed;
        const filled = job.total > 0 ? Math.round((Math.min(done, job.total) / job.total) * width) : 0;
        options.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}\x1b[K`);
        drawn = true;
        return;
      }
      if (now() - lastLine < 1000 && job.status === 'running') return;
      lastLine = now();
      options.write(`${line(job)}\n`);
    },

    /** Ends the bar's line and returns the summary lines. */
    finish(job: JobRow): string[] {
      if (drawn) options.write('\n');
      const seconds = ((job.finished_at?.getTime() ?? now()) - (job.started_at?.getTime() ?? started)) / 1000;
      const done = job.written + job.deleted + job.failed;
      const out = [
        `Sync of ${entityLabel(job.entity)} (${job.mode}) ${job.status.replaceAll('_', ' ')}: ${job.written} written, ` +
          `${job.deleted} deleted, ${job.failed} failed of ${job.total} in ${seconds.toFixed(1)} s` +
          `${seconds > 0 ? ` (${Math.round(done / seconds)} records/s)` : ''}; job ${job.id}${job.claims > 1 ? ', resumed after a stopped worker' : ''}.`,
      ];
      if (job.failure) out.push(`Reason: ${job.failure}`);
      for (const e of job.errors.slice(0, 5)) out.push(`  ${e.key}: ${e.message}${e.hint ? ` → ${e.hint}` : ''}`);
      if (job.failed > 5) out.push(`  … ${job.failed - 5} more; each failed record carries its error (dynamics_sync_error).`);
      return out;
    },
  };
}
