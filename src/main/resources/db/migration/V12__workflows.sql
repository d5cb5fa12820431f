-- Workflows (API.md §2b): a timed send from the routing table may be called off by a later event of one of the
-- cancel_on types from the same source that carries the same subject (or the same value at cancel_key).
ALTER TABLE notifications ADD COLUMN cancel_on TEXT[];
ALTER TABLE notifications ADD COLUMN cancel_match TEXT;

-- the pending sends a cancelling event may mean
CREATE INDEX notifications_cancel_idx ON notifications (rule, event_source, cancel_match)
    WHERE status = 'queued' AND channel IS NULL AND cancel_match IS NOT NULL;

-- Thresholds: the events each (rule, action, key) has counted, for the sliding window, and whether the threshold is
-- armed (it fires at the count-th event, then not again until the count has fallen below it)
CREATE TABLE workflow_counts (
    rule         TEXT        NOT NULL,
    action       INTEGER     NOT NULL,
    key          TEXT        NOT NULL,
    event_source TEXT        NOT NULL,
    event_id     TEXT        NOT NULL,
    occurred_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (rule, action, event_source, event_id)
);
CREATE INDEX workflow_counts_key_idx ON workflow_counts (rule, action, key, occurred_at);

CREATE TABLE workflow_thresholds (
    rule   TEXT    NOT NULL,
    action INTEGER NOT NULL,
    key    TEXT    NOT NULL,
    armed  BOOLEAN NOT NULL DEFAULT true,
    PRIMARY KEY (rule, action, key)
);

-- Digests: the one pending notification of a (rule, key) that gathers the events of its window
ALTER TABLE notifications ADD COLUMN digest_key TEXT;
CREATE INDEX notifications_digest_idx ON notifications (rule, digest_key)
    WHERE status = 'queued' AND channel IS NULL AND digest_key IS NOT NULL;
