-- GET /api/v1/events?id=: ops look an event up by the id its sender quotes, often without knowing the source
CREATE INDEX events_event_id_idx ON events (event_id, received_at);
