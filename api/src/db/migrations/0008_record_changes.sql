-- Keeping read caches exact without serializing writers. Migration 0005 had every write NOTIFY,
-- but PostgreSQL commits notifying transactions one at a time (a global lock held through the WAL
-- flush), which capped writes at one per disk flush. On a PostgreSQL server each write now leaves a
-- row here instead, tagged with its transaction id. A cache asks for the rows visible now that were
-- not visible in the snapshot of its previous question (pg_visible_in_snapshot), so nothing
-- committed in between can be missed, whatever the commit order.
-- The embedded database, owned by one process, still notifies (the session sets
-- cmms.notify_records), which costs nothing there and reaches its cache before the commit returns.

CREATE TABLE record_changes (
  xid         xid8 NOT NULL DEFAULT pg_current_xact_id(),
  entity      text NOT NULL,
  record_key  text NOT NULL
);
CREATE INDEX record_changes_xid ON record_changes (xid);

CREATE OR REPLACE FUNCTION cmms_notify_record() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  e text;
  k text;
BEGIN
  IF TG_TABLE_NAME = 'assets' THEN
    e := 'assets';
    k := COALESCE(NEW.codigo_interno, OLD.codigo_interno);
  ELSE
    e := 'purchaseOrders';
    k := COALESCE(NEW.numero_requisicion, OLD.numero_requisicion);
  END IF;
  IF current_setting('cmms.notify_records', true) = 'on' THEN
    PERFORM pg_notify('cmms_records', e || ':' || k);
  ELSE
    INSERT INTO record_changes (entity, record_key) VALUES (e, k);
  END IF;
  RETURN NULL;
END
$$;
