-- Templates: the row per name points at its current version; every version is kept.
CREATE TABLE templates (
    name            TEXT PRIMARY KEY,
    current_version INTEGER     NOT NULL,
    deleted         BOOLEAN     NOT NULL DEFAULT false,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE template_versions (
    name        TEXT        NOT NULL REFERENCES templates (name),
    version     INTEGER     NOT NULL,
    category    TEXT        NOT NULL,
    content     JSONB       NOT NULL,
    deleted     BOOLEAN     NOT NULL DEFAULT false,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by  TEXT,
    PRIMARY KEY (name, version)
);

-- One notification per recipient and notify request. It moves through its channels in fallback order and ends in
-- exactly one terminal state; notification_events is its append-only timeline.
CREATE TABLE notifications (
    id                  TEXT PRIMARY KEY,
    origin              TEXT        NOT NULL CHECK (origin IN ('event', 'api', 'resend')),
    origin_key          TEXT,
    request_hash        TEXT,
    created_by          TEXT,
    event_id            TEXT,
    event_source        TEXT,
    event_type          TEXT,
    rule                TEXT,
    template            TEXT        NOT NULL,
    template_version    INTEGER,
    variant             TEXT,
    category            TEXT        NOT NULL,
    priority            TEXT        NOT NULL,
    channels            TEXT[]      NOT NULL,
    channel_index       INTEGER,
    dispatch_seq        INTEGER     NOT NULL DEFAULT 0,
    channel             TEXT,
    address             TEXT,
    recipient           JSONB,
    phone               TEXT,
    email               TEXT,
    data                JSONB,
    status              TEXT        NOT NULL,
    reason              TEXT,
    attempts            INTEGER     NOT NULL DEFAULT 0,
    provider            TEXT,
    provider_message_id TEXT,
    error_code          TEXT,
    error_message       TEXT,
    sandbox             BOOLEAN     NOT NULL DEFAULT false,
    send_at             TIMESTAMPTZ,
    resend_of           TEXT REFERENCES notifications (id),
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX notifications_origin_uk ON notifications (origin_key) WHERE origin_key IS NOT NULL;
CREATE INDEX notifications_status_idx ON notifications (status, created_at);
CREATE INDEX notifications_template_idx ON notifications (template, created_at);
CREATE INDEX notifications_event_idx ON notifications (event_id);
CREATE INDEX notifications_phone_idx ON notifications (phone);
CREATE INDEX notifications_email_idx ON notifications (email);
CREATE INDEX notifications_provider_idx ON notifications (provider_message_id) WHERE provider_message_id IS NOT NULL;
CREATE INDEX notifications_due_idx ON notifications (send_at) WHERE status = 'queued' AND channel IS NULL;

CREATE TABLE notification_events (
    id              BIGSERIAL PRIMARY KEY,
    notification_id TEXT        NOT NULL REFERENCES notifications (id),
    status          TEXT        NOT NULL,
    at              TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    detail          TEXT
);

CREATE INDEX notification_events_notification_idx ON notification_events (notification_id, id);

-- Addresses that must not be contacted on a channel, for every category (category NULL) or for one. The consent
-- feature grows this into the full consent store.
CREATE TABLE suppressions (
    id         BIGSERIAL PRIMARY KEY,
    channel    TEXT        NOT NULL CHECK (channel IN ('sms', 'whatsapp', 'email')),
    address    TEXT        NOT NULL,
    category   TEXT CHECK (category IN ('transactional', 'marketing', 'reminders')),
    reason     TEXT        NOT NULL,
    source     TEXT        NOT NULL,
    detail     TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX suppressions_uk ON suppressions (channel, address, COALESCE(category, '*'));

-- WhatsApp's 24-hour customer-service window: free text only within 24 h of the customer's last message.
CREATE TABLE whatsapp_windows (
    phone           TEXT PRIMARY KEY,
    last_inbound_at TIMESTAMPTZ NOT NULL
);

-- Cluster-wide provider rate limits (GCRA): the earliest instant the next send on a channel may happen.
CREATE TABLE rate_limits (
    channel      TEXT PRIMARY KEY,
    next_free_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);
