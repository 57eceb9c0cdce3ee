-- Concurrent writers. Until now every writer of an entity took one exclusive advisory lock until
-- commit, so sequence numbers became visible in order, at the price of one write at a time.
-- Now a writer takes the gate (advisory lock 71000) SHARED when it draws its sequence number and
-- keeps it to commit, so writers run side by side. A reader that needs the head of the log takes
-- the gate EXCLUSIVE for an instant: that waits for every writer that holds a number to commit or
-- roll back, so no number at or below the head it then reads can still appear. Readers never pass
-- that head, so none of them skips a change that commits late, and the feed's order is the order
-- in which changes became readable.

CREATE FUNCTION change_log_next_seq() RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(71000);
  RETURN nextval(pg_get_serial_sequence('change_log', 'seq'));
END
$$;

-- A default, so every insert takes the gate, whichever code makes it.
ALTER TABLE change_log ALTER COLUMN seq SET DEFAULT change_log_next_seq();

-- The highest sequence number of an entity below which every change has committed. A session lock
-- released at once rather than a transaction lock: a feed page read in the same transaction must
-- not hold writers back while it is built.
CREATE FUNCTION change_log_head(p_entity text) RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  head bigint;
BEGIN
  PERFORM pg_advisory_lock(71000);
  BEGIN
    SELECT coalesce(max(seq), 0) INTO head FROM change_log WHERE entity = p_entity;
  EXCEPTION WHEN OTHERS THEN
    PERFORM pg_advisory_unlock(71000);
    RAISE;
  END;
  PERFORM pg_advisory_unlock(71000);
  RETURN head;
END
$$;
