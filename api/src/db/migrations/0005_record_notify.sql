-- Every write to assets or purchase orders, whichever code path makes it (API, sync call-backs,
-- push jobs recording Dynamics ids), notifies channel cmms_records at commit. The embedded
-- server's read cache listens and drops what changed; nothing is notified for rolled-back work.
CREATE FUNCTION cmms_notify_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'assets' THEN
    PERFORM pg_notify('cmms_records', 'assets:' || COALESCE(NEW.codigo_interno, OLD.codigo_interno));
  ELSE
    PERFORM pg_notify('cmms_records', 'purchaseOrders:' || COALESCE(NEW.numero_requisicion, OLD.numero_requisicion));
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER assets_notify AFTER INSERT OR UPDATE OR DELETE ON assets
  FOR EACH ROW EXECUTE FUNCTION cmms_notify_record();

CREATE TRIGGER purchase_orders_notify AFTER INSERT OR UPDATE OR DELETE ON purchase_orders
  FOR EACH ROW EXECUTE FUNCTION cmms_notify_record();
