-- The keys of the records each issued page offered. An acknowledgement then knows which records it
-- covers: results naming other records are refused, and a record offered again after a failed write
-- whose retry the acknowledgement does not report as failed counts as written (its failure is
-- cleared), so an acknowledged retry is never offered for ever. NULL for cursors issued before.
ALTER TABLE sync_cursors ADD COLUMN record_keys text[];
