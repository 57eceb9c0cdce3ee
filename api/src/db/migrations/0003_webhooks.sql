-- Webhook triggers: subscriptions made by Power Automate / Logic Apps and the durable outbox of
-- deliveries to them. A dispatcher turns change_log rows into delivery rows per subscription,
-- advancing the subscription's cursor in the same transaction, so a change is never lost nor
-- queued twice; deliverers claim due rows with FOR UPDATE SKIP LOCKED.

CREATE TABLE webhook_subscriptions (
  id              text PRIMARY KEY,
  -- 'assetChanges' or 'purchaseOrderStatus': which trigger made it and which changes it takes.
  kind            text NOT NULL CHECK (kind IN ('assetChanges','purchaseOrderStatus')),
  entity          text NOT NULL CHECK (entity IN ('assets','purchaseOrders')),
  callback_url    text NOT NULL,
  -- The HMAC key for X-CMMS-Signature. It has to be usable to sign, so it is stored as is; it is
  -- returned once, at creation, and never again.
  secret          text NOT NULL,
  events          text[] NOT NULL,
  sitio           text,
  estado          text,
  -- The last change_log.seq this subscription has turned into deliveries.
  last_seq        bigint NOT NULL,
  created_by      text,
  created_at      timestamptz NOT NULL
);

CREATE TABLE webhook_deliveries (
  id              bigserial PRIMARY KEY,
  event_id        text NOT NULL UNIQUE,
  subscription_id text NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
  change_seq      bigint NOT NULL,
  entity          text NOT NULL,
  record_key      text NOT NULL,
  operation       text NOT NULL,
  version         integer NOT NULL,
  -- 'pending' (waiting or in flight), 'delivered', 'dead' (gave up), 'superseded' (the record was
  -- deleted before its upsert could be described; the delete event follows).
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','delivered','dead','superseded')),
  -- The exact bytes sent and signed, fixed at dispatch so every retry carries the same event.
  body            text NOT NULL,
  attempts        integer NOT NULL DEFAULT 0,
  -- When the row may next be claimed; while a delivery is in flight it holds the claim's lease, so
  -- a process that dies mid-delivery leaves a row that becomes due again.
  next_attempt_at timestamptz NOT NULL,
  expires_at      timestamptz NOT NULL,
  last_status     integer,
  last_error      text,
  created_at      timestamptz NOT NULL,
  delivered_at    timestamptz,
  UNIQUE (subscription_id, change_seq)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_record ON webhook_deliveries (subscription_id, record_key, change_seq) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_status ON webhook_deliveries (status, id);
