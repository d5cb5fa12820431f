-- A channel a notification left for the next attempt in its fallback order: refused at send time, or reported not
-- delivered later (then the provider had taken it). The notification row keeps only where it ended, so the stats of a
-- channel read these to count the messages that failed there too.
CREATE TABLE notification_attempts (
    notification_id TEXT        NOT NULL REFERENCES notifications (id),
    channel         TEXT        NOT NULL,
    outcome         TEXT        NOT NULL CHECK (outcome IN ('failed', 'undelivered', 'bounced')),
    sent            BOOLEAN     NOT NULL,
    error_code      TEXT,
    at              TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX notification_attempts_channel_idx ON notification_attempts (channel, notification_id);
