-- A status callback set aside (failed to apply, or matched no notification) can be tried again by ops once the cause
-- is fixed (POST /ops/api/callbacks/{id}/retry); who did so, and when, is kept with it.
ALTER TABLE provider_callbacks ADD COLUMN retried_by TEXT;
ALTER TABLE provider_callbacks ADD COLUMN retried_at TIMESTAMPTZ;
