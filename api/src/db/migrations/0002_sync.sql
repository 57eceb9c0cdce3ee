-- Change-feed state: each consumer's acknowledged position per entity, the cursors the API issued
-- (so an acknowledgement can tell a stale cursor from one never issued, and a repeated
-- acknowledgement from a new one), records whose write to Dynamics failed (retried, then parked
-- for an operator), and the Dataverse webhook requests already handled (idempotency).

CREATE TABLE sync_consumers (
  consumer        text COLLATE "C" NOT NULL,
  entity          text NOT NULL CHECK (entity IN ('assets','purchaseOrders')),
  -- The change_log.seq up to which this consumer has acknowledged.
  acked_seq       bigint NOT NULL DEFAULT 0,
  created_at      timestamptz NOT NULL DEFAULT now(),
  acked_at        timestamptz,
  PRIMARY KEY (consumer, entity)
);

CREATE TABLE sync_cursors (
  id              text PRIMARY KEY,
  consumer        text COLLATE "C" NOT NULL,
  entity          text NOT NULL,
  -- The highest change_log.seq the page covered; acknowledging moves the consumer there.
  upto_seq        bigint NOT NULL,
  issued_at       timestamptz NOT NULL,
  acked_at        timestamptz
);
CREATE INDEX sync_cursors_issued_at ON sync_cursors (issued_at);

CREATE TABLE sync_failures (
  id              bigserial PRIMARY KEY,
  consumer        text COLLATE "C" NOT NULL,
  entity          text NOT NULL CHECK (entity IN ('assets','purchaseOrders')),
  record_key      text COLLATE "C" NOT NULL,
  attempts        integer NOT NULL DEFAULT 0,
  last_error      text NOT NULL,
  -- Parked: past the attempt limit; no longer offered by the feed until an operator retries it.
  parked          boolean NOT NULL DEFAULT false,
  first_failed_at timestamptz NOT NULL,
  last_failed_at  timestamptz NOT NULL,
  UNIQUE (consumer, entity, record_key)
);
CREATE INDEX sync_failures_pending ON sync_failures (consumer, entity, parked, id);

CREATE TABLE dataverse_webhook_requests (
  request_id      text PRIMARY KEY,
  message_name    text,
  entity_name     text,
  outcome         text NOT NULL,
  received_at     timestamptz NOT NULL
);
CREATE INDEX dataverse_webhook_requests_received_at ON dataverse_webhook_requests (received_at);
