-- A notify action with once_per names the occasion it tells of (a charter's id): a recipient whose last news of it
-- was this same message is not told again when upstream sends the event once more under a new id
ALTER TABLE notifications ADD COLUMN once_key text;
CREATE INDEX notifications_once_idx ON notifications (event_source, once_key, created_at) WHERE once_key IS NOT NULL;
