-- What a notification said: its template rendered for the channel it was last handed to, so ops can read the text a
-- recipient got (or, in sandbox, would have got) next to its timeline. Apart from notifications, so the rows that
-- every step reads and rewrites stay small; retention clears it with the timeline (API.md §10).
CREATE TABLE notification_contents (
    notification_id TEXT        PRIMARY KEY REFERENCES notifications (id) ON DELETE CASCADE,
    channel         TEXT        NOT NULL,
    content         JSONB       NOT NULL,
    rendered_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
