-- The quiet hours a routing rule gave a marketing or reminders send, with the zone of the recipient's clock. Routing
-- moves the planned time out of them; delivery checks them again right before the provider, since a backlog, a retry
-- or a late fallback to the next channel can carry the send into them.
ALTER TABLE notifications ADD COLUMN quiet_from TIME;
ALTER TABLE notifications ADD COLUMN quiet_to TIME;
ALTER TABLE notifications ADD COLUMN quiet_zone TEXT;
