-- The events an event raised (source coachway-hub), so tracing goes from a cause to what it raised in one step
-- rather than by reading ids out of its reason.
ALTER TABLE events ADD COLUMN raised text[];
