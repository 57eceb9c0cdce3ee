-- Background sync jobs that push CMMS records into Dynamics 365. A job is claimed by one worker at
-- a time under a lease (worker_id + lease_expires_at, extended by heartbeats); a job whose lease
-- ran out belongs to a crashed worker and is taken over from its checkpoint by the next claim.

CREATE TABLE sync_jobs (
  id                text PRIMARY KEY,
  entity            text NOT NULL CHECK (entity IN ('assets','purchaseOrders')),
  mode              text NOT NULL CHECK (mode IN ('full','changes')),
  status            text NOT NULL DEFAULT 'queued'
                    CHECK (status IN ('queued','running','succeeded','completed_with_errors','failed','cancelled')),
  cancel_requested  boolean NOT NULL DEFAULT false,
  total             integer NOT NULL DEFAULT 0,
  written           integer NOT NULL DEFAULT 0,
  deleted           integer NOT NULL DEFAULT 0,
  failed            integer NOT NULL DEFAULT 0,
  -- Last key pushed (full) or the change-feed cursor acknowledged (changes); resumes start after it.
  checkpoint        text,
  -- The first row errors, bounded, in the operator's language.
  errors            jsonb NOT NULL DEFAULT '[]'::jsonb,
  -- Why the whole job failed, when it did.
  failure           text,
  requested_by      text,
  worker_id         text,
  lease_expires_at  timestamptz,
  claims            integer NOT NULL DEFAULT 0,
  created_at        timestamptz NOT NULL DEFAULT now(),
  started_at        timestamptz,
  heartbeat_at      timestamptz,
  finished_at       timestamptz
);

-- At most one queued or running job per entity: the database refuses a second one, whatever process asks.
CREATE UNIQUE INDEX sync_jobs_one_active ON sync_jobs (entity) WHERE status IN ('queued','running');
CREATE INDEX sync_jobs_claim ON sync_jobs (status, created_at);
CREATE INDEX sync_jobs_created ON sync_jobs (created_at DESC, id);
