-- Every event the hub was handed, with its fate. One row per (source, id): the partial unique
-- index is the dedupe key, so a duplicate is refused by PostgreSQL itself, across restarts and
-- concurrent requests. Rejected events keep their own rows (they may lack a source or an id).
CREATE TABLE events (
    pk            BIGSERIAL PRIMARY KEY,
    source        TEXT,
    event_id      TEXT,
    type          TEXT,
    subject       TEXT,
    event_time    TIMESTAMPTZ,
    received_via  TEXT        NOT NULL CHECK (received_via IN ('http', 'amqp')),
    received_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    status        TEXT        NOT NULL CHECK (status IN ('accepted', 'routed', 'unrouted', 'rejected')),
    status_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    actions       INTEGER,
    reason        TEXT,
    errors        JSONB,
    payload       JSONB,
    raw           TEXT
);

CREATE UNIQUE INDEX events_source_id_uk ON events (source, event_id) WHERE status <> 'rejected';
CREATE INDEX events_status_idx ON events (status, received_at);
CREATE INDEX events_type_idx ON events (type, received_at);
