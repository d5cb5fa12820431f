-- Workflows (API.md §2b): a timed send from the routing table may be called off by a later event of one of the
-- cancel_on types from the same source that carries the same subject (or the same value at cancel_key).
ALTER TABLE notifications ADD COLUMN cancel_on TEXT[];
ALTER TABLE notifications ADD COLUMN cancel_match TEXT;

-- the pending sends a cancelling event may mean
CREATE INDEX notifications_cancel_idx ON notifications (rule, event_source, cancel_match)
    WHERE status = 'queued' AND channel IS NULL AND cancel_match IS NOT NULL;
