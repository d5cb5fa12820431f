-- Workflows (API.md §2b): which of a timed send and the event that calls it off came first is the order the hub
-- received them (events.pk), not the order their work messages happen to be handled in.
-- cancel_seq: the place in that order of the event that made the send; events received later may call it off.
ALTER TABLE notifications ADD COLUMN cancel_seq BIGINT;
UPDATE notifications n SET cancel_seq = e.pk
FROM events e
WHERE n.cancel_match IS NOT NULL AND e.source = n.event_source AND e.event_id = n.event_id AND e.status <> 'rejected';

-- Every call-off a cancel_on event made, kept so that a send whose notify message is handled after it (another
-- consumer was quicker, or the message was replayed from the dead letters) is still called off when it is made.
CREATE TABLE workflow_cancels (
    rule      TEXT        NOT NULL,
    source    TEXT        NOT NULL,
    match     TEXT        NOT NULL,
    type      TEXT        NOT NULL,
    event_id  TEXT        NOT NULL,
    event_seq BIGINT      NOT NULL,
    at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (rule, source, event_id)
);
CREATE INDEX workflow_cancels_match_idx ON workflow_cancels (rule, source, match, event_seq);
