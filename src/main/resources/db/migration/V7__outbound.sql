-- Pushes to the charter, vendor and change systems (API.md §9): one row per destination and event, with its fate
-- and the last answer, so every push is accounted for and a repeat is recognised.
CREATE TABLE outbound_pushes (
    id            BIGSERIAL PRIMARY KEY,
    destination   TEXT        NOT NULL CHECK (destination IN ('charter', 'vendor', 'change')),
    event_id      TEXT        NOT NULL,
    event_source  TEXT,
    event_type    TEXT,
    subject       TEXT,
    event_time    TIMESTAMPTZ,
    status        TEXT        NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'delivered', 'superseded', 'parked')),
    attempts      INTEGER     NOT NULL DEFAULT 0,
    last_status   INTEGER,
    last_error    TEXT,
    first_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_at       TIMESTAMPTZ,
    delivered_at  TIMESTAMPTZ,
    UNIQUE (destination, event_id)
);

-- the ordering checks: what else is there for this subject at this destination
CREATE INDEX outbound_pushes_subject_idx ON outbound_pushes (destination, subject, event_time)
    WHERE subject IS NOT NULL;
