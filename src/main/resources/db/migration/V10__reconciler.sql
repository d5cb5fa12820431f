-- When the provider attempt whose outcome is unknown began: the provider check looks for the message from then on
-- (a repeated attempt keeps the first one's time, so the check covers both).
ALTER TABLE notifications ADD COLUMN attempt_started_at TIMESTAMPTZ;

-- The reconciler's scan: only the few rows still on their way, oldest change first.
CREATE INDEX notifications_open_idx ON notifications (updated_at) WHERE status IN ('queued', 'sending');
