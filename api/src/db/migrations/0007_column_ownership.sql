-- Two-way sync of the columns Dynamics owns: the modifiedon of the last change applied from Dynamics,
-- so an older event arriving late (a retry, a slow flow run) is ignored instead of undoing a newer one.
ALTER TABLE assets ADD COLUMN dynamics_modified_on timestamptz;
