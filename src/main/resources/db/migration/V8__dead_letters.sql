-- Dead letters (API.md §10): every message parked on q.<name>.parked or caught by q.unrouted, drained into one table
-- ops can search, read, replay and discard. Rows are never deleted; replay and discard are recorded with who and when.
CREATE TABLE dead_letters (
    id                   BIGSERIAL PRIMARY KEY,
    drain_key            TEXT        NOT NULL UNIQUE,
    queue                TEXT        NOT NULL,
    parked_queue         TEXT        NOT NULL,
    message_id           TEXT,
    correlation_id       TEXT,
    original_exchange    TEXT,
    original_routing_key TEXT,
    content_type         TEXT,
    headers              JSONB       NOT NULL,
    body                 BYTEA       NOT NULL,
    reason               TEXT        NOT NULL,
    kind                 TEXT,
    attempts             INTEGER,
    first_failure        TIMESTAMPTZ,
    last_failure         TIMESTAMPTZ,
    parked_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    status               TEXT        NOT NULL DEFAULT 'parked' CHECK (status IN ('parked', 'replayed', 'discarded')),
    history              JSONB       NOT NULL DEFAULT '[]'
);

CREATE INDEX dead_letters_queue_idx ON dead_letters (queue, parked_at);
CREATE INDEX dead_letters_status_idx ON dead_letters (status, parked_at);
