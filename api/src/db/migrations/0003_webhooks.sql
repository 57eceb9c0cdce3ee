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
-- Claims walk this index in order and stop after LIMIT rows (no sort of all due rows).
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_record ON webhook_deliveries (subscription_id, record_key, change_seq) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_status ON webhook_deliveries (status, id);

-- The record as each change left it, captured in the writing transaction while any subscription
-- follows the entity, so an event describes its own version even when it is dispatched later
-- (another process, a backlog). Decimals are kept as exact text. Rows are removed once every
-- subscription of the entity has dispatched past them.
CREATE TABLE webhook_snapshots (
  seq             bigint PRIMARY KEY,
  entity          text NOT NULL,
  snapshot        jsonb NOT NULL
);

CREATE FUNCTION webhook_snapshot() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.operation <> 'upsert' OR NOT EXISTS (SELECT 1 FROM webhook_subscriptions s WHERE s.entity = NEW.entity) THEN
    RETURN NULL;
  END IF;
  IF NEW.entity = 'assets' THEN
    INSERT INTO webhook_snapshots (seq, entity, snapshot)
    SELECT NEW.seq, NEW.entity, to_jsonb(a) || jsonb_build_object('valor_adquisicion', a.valor_adquisicion::text, 'valor_libros', a.valor_libros::text)
      FROM assets a WHERE a.codigo_interno = NEW.record_key;
  ELSE
    INSERT INTO webhook_snapshots (seq, entity, snapshot)
    SELECT NEW.seq, NEW.entity, to_jsonb(p) || jsonb_build_object('total', p.total::text)
      FROM purchase_orders p WHERE p.numero_requisicion = NEW.record_key;
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER change_log_webhook_snapshot AFTER INSERT ON change_log
  FOR EACH ROW EXECUTE FUNCTION webhook_snapshot();
