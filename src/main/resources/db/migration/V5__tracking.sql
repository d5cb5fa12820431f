-- Delivery truth: what providers, mail servers and recipients tell us after a message left the hub.

-- Every status callback (Twilio, Meta) as received. The webhook only inserts here and answers; the applier moves a
-- notification forward from these rows. A callback whose message id is not (yet) known stays pending for a while
-- (the provider can be faster than our own "sent" commit), then is kept as unmatched for ops.
CREATE TABLE provider_callbacks (
    id              BIGSERIAL PRIMARY KEY,
    provider        TEXT        NOT NULL,
    message_id      TEXT        NOT NULL,
    status          TEXT        NOT NULL,
    error_code      TEXT,
    error_message   TEXT,
    occurred_at     TIMESTAMPTZ,
    received_at     TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    state           TEXT        NOT NULL DEFAULT 'pending'
                                CHECK (state IN ('pending', 'applied', 'ignored', 'unmatched', 'failed')),
    outcome         TEXT,
    attempts        INTEGER     NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    notification_id TEXT,
    applied_at      TIMESTAMPTZ
);

CREATE INDEX provider_callbacks_due_idx ON provider_callbacks (next_attempt_at) WHERE state = 'pending';
CREATE INDEX provider_callbacks_message_idx ON provider_callbacks (provider, message_id);
CREATE INDEX provider_callbacks_state_idx ON provider_callbacks (state, received_at);

-- The links of a tracked email: the click token names a row here, so the redirect target is never taken from a URL.
CREATE TABLE tracked_links (
    id              BIGSERIAL PRIMARY KEY,
    notification_id TEXT        NOT NULL REFERENCES notifications (id),
    url             TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX tracked_links_notification_idx ON tracked_links (notification_id);

-- Opens and clicks. The client's IP is kept only as a keyed hash.
CREATE TABLE tracking_events (
    id              BIGSERIAL PRIMARY KEY,
    notification_id TEXT        NOT NULL REFERENCES notifications (id),
    kind            TEXT        NOT NULL CHECK (kind IN ('open', 'click')),
    link_id         BIGINT REFERENCES tracked_links (id),
    user_agent      TEXT,
    ip_hash         TEXT,
    at              TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);

CREATE INDEX tracking_events_notification_idx ON tracking_events (notification_id, kind);

-- Every mail the bounce mailbox received, parsed or not, matched or not: nothing read from it is lost.
CREATE TABLE bounce_messages (
    id                  BIGSERIAL PRIMARY KEY,
    digest              TEXT        NOT NULL UNIQUE,
    received_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    subject             TEXT,
    kind                TEXT        NOT NULL
                                    CHECK (kind IN ('hard', 'soft', 'review', 'complaint', 'unmatched', 'unparseable')),
    original_message_id TEXT,
    recipient           TEXT,
    status_code         TEXT,
    action              TEXT,
    diagnostic          TEXT,
    notification_id     TEXT REFERENCES notifications (id),
    note                TEXT,
    raw                 BYTEA       NOT NULL
);

CREATE INDEX bounce_messages_kind_idx ON bounce_messages (kind, received_at);
CREATE INDEX bounce_messages_notification_idx ON bounce_messages (notification_id);

-- Which email an unsubscribe came from, for the stats.
ALTER TABLE consent_history ADD COLUMN notification_id TEXT;
CREATE INDEX consent_history_notification_idx ON consent_history (notification_id)
    WHERE notification_id IS NOT NULL;

-- Stats read notifications by template, channel and time.
CREATE INDEX notifications_stats_idx ON notifications (template, channel, created_at);
