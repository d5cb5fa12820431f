-- A digest's notification names only its first event in event_id; the events it gathered after are in its data. A
-- lookup by any of them (GET /api/v1/notifications?event_id=) finds it through this index, which holds digests only.
CREATE INDEX notifications_digest_events_idx ON notifications USING gin ((data -> 'events') jsonb_path_ops)
    WHERE digest_key IS NOT NULL;
