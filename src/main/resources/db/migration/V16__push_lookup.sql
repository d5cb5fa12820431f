-- GET /api/v1/pushes?event_id=: what became of an event's pushes, looked up by the id alone (the unique key starts
-- with the destination)
CREATE INDEX outbound_pushes_event_idx ON outbound_pushes (event_id);
